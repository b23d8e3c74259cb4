"""Long lists (projects, organisations, applications, certificates, complaints): sorted on the
server by a column the list allows, filtered, and cut into pages, all kept in the query string.

A list names its sortable columns (:class:`Column`: the key in the URL and the fields it orders
by); ``?sort=key`` sorts ascending, ``?sort=-key`` descending, and any other value is ignored
(the list's default order: a column's, written the same way, or fields of its own), so a URL
cannot order by a field the list does not offer.  The
primary key always ends the order, so pages never overlap or skip a row between two equal values.
Pages are Django's :class:`~django.core.paginator.Paginator` (one ``COUNT`` and one ``LIMIT``
query, which stay cheap at 10,000 rows with the indexes the lists' orders use).

>>> from django.http import QueryDict
>>> columns = [Column("number", "Number", ("number",)), Column("granted", "Granted", ("granted_on",))]
>>> sorting = Sorting(QueryDict("sort=number&q=AB&page=3"), columns, default="-granted")
>>> sorting.order_by()
['number', 'pk']
>>> [(h.key, h.direction, h.url) for h in sorting.headers()]
[('number', 'asc', '?q=AB&sort=-number'), ('granted', '', '?q=AB&sort=granted')]
>>> Sorting(QueryDict("sort=password"), columns, default="-granted").order_by()
['-granted_on', '-pk']
>>> Sorting(QueryDict(""), columns, default=("-issued_at", "-id")).order_by()
['-issued_at', '-id']
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.web.fields import DateInput

SORT = "sort"
PAGE = "page"


@dataclass(frozen=True)
class Column:
    """A column of a list: *key* in the URL, its heading, and the fields that order it
    (ascending; none: the column is not sortable)."""

    key: str
    label: str
    fields: tuple[str, ...] = ()
    num: bool = False  # figures: right-aligned

    @property
    def sortable(self) -> bool:
        return bool(self.fields)


@dataclass(frozen=True)
class Header:
    """What a column heading shows: its label, and a link that sorts by it (or reverses it)."""

    key: str
    label: str
    url: str  # "" when the column is not sortable
    direction: str  # "asc", "desc", or "" when the list is not sorted by this column
    num: bool

    @property
    def aria_sort(self) -> str:
        return {"asc": "ascending", "desc": "descending"}.get(self.direction, "none")


class Sorting:
    """The order a list is shown in, read from the query string against its allowed columns."""

    def __init__(self, params: QueryDict, columns: list[Column], *, default: str | tuple[str, ...]):
        """*default*: a column's sort (``"-granted"``), or fields to order by when the list's
        default is none of its columns."""
        self.params = params
        self.columns = columns
        self.allowed = {c.key: c for c in columns if c.sortable}
        self.default = default
        self.column, self.descending = self._read(params.get(SORT, ""))
        self.explicit = self.column is not None
        if not self.explicit and isinstance(default, str):
            self.column, self.descending = self._read(default)

    def _read(self, wanted: str) -> tuple[Column | None, bool]:
        column = self.allowed.get(wanted.removeprefix("-"))
        return column, column is not None and wanted.startswith("-")

    def order_by(self) -> list[str]:
        """The ORM order: the chosen column's fields (or the default), then the primary key."""
        if self.column is None:
            fields = list(self.default)
            if fields[-1].lstrip("-") in ("id", "pk"):
                return fields  # already ends on the key
            last_descending = fields[-1].startswith("-")
        else:
            sign = "-" if self.descending else ""
            fields = [sign + f for f in self.column.fields]
            last_descending = self.descending
        return [*fields, "-pk" if last_descending else "pk"]

    def headers(self) -> list[Header]:
        return [self._header(c) for c in self.columns]

    def _header(self, column: Column) -> Header:
        if not column.sortable:
            return Header(column.key, column.label, "", "", column.num)
        current = self.column is not None and column.key == self.column.key
        direction = ("desc" if self.descending else "asc") if current else ""
        # A click sorts ascending, a second click on the same heading descending.
        target = f"-{column.key}" if direction == "asc" else column.key
        return Header(
            column.key,
            column.label,
            "?" + with_params(self.params, sort=target),
            direction,
            column.num,
        )

    @property
    def value(self) -> str:
        """The ``sort`` parameter asked for ("" for the default order), for the filter form."""
        if not self.explicit:
            return ""
        return ("-" if self.descending else "") + self.column.key


def with_params(params: QueryDict, **changes) -> str:
    """*params* url-encoded with *changes* applied (None removes a key); the page is always
    dropped, since a new order or filter starts again at the first page."""
    query = params.copy()
    query.pop(PAGE, None)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def page_of(queryset, params: QueryDict, per_page: int) -> Page:
    """The page the query string asks for (the first for a bad number, the last past the end)."""
    return Paginator(queryset, per_page).get_page(params.get(PAGE))


def list_context(page: Page, sorting: Sorting) -> dict:
    """What the list templates need: the page, its headings, and the query string (without the
    page) that the pager's links carry."""
    return {
        "page": page,
        "headers": sorting.headers(),
        "sort": sorting.value,
        "query": with_params(sorting.params),
    }


class ListFilterForm(forms.Form):
    """The filters every list shares: an optional date range, both ends included.  Each list's
    form adds its own (status, text); what the range applies to is the list's to say."""

    since = forms.DateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=DateInput()
    )
    until = forms.DateField(
        label=pgettext_lazy("date range", "To"), required=False, widget=DateInput()
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the date range is before its start."))
        return data

    def in_range(self, queryset, field: str):
        """*queryset* with *field* (a date, or a time read as its date) within the range."""
        data = self.cleaned_data
        if data.get("since"):
            queryset = queryset.filter(**{f"{field}__gte": data["since"]})
        if data.get("until"):
            queryset = queryset.filter(**{f"{field}__lte": data["until"]})
        return queryset
