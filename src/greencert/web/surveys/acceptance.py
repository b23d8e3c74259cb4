"""When a survey takes a response: the acceptance rule, written once.

:data:`RULE` is the rule as data: conditions on the survey row, each a Django
``Q`` with the refusal code given when it does not hold, checked in order.  A
survey takes a response only while

* ``closed``: it is open, and so is its project (once the project's
  evaluation is closed, new sheets could no longer count);
* ``not_yet``: its opening day has come;
* ``ended``: its closing day has not passed (the closing day is included);
* ``full``: it has no maximum, or fewer online responses than its maximum.

Two checks are derived from that one table:

* :func:`refusal` evaluates it in Python, on a survey already read (the
  public page, the staff page, the reason given when a post is refused);
* :func:`guard_sql` compiles it, with Django's own SQL compiler, into the
  ``WHERE`` clause that guards the public ``INSERT`` and the capped
  survey's counter (:mod:`greencert.web.surveys.fastsql`), so the database
  decides under the survey's row lock.

>>> import datetime
>>> row = {"state": "open", "project_state": "planned", "opens_on": datetime.date(2026, 5, 1),
...        "closes_on": datetime.date(2026, 5, 31), "max_responses": 2, "online_count": 1}
>>> refusal_of(row, datetime.date(2026, 5, 31)) is None
True
>>> refusal_of(row, datetime.date(2026, 6, 1))
'ended'
>>> refusal_of(row | {"online_count": 2}, datetime.date(2026, 5, 2))
'full'
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from django.db import connection
from django.db.models import DateField, Expression, F, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from greencert.web.projects.models import Project
from greencert.web.surveys.models import Survey

# The project states in which a survey may take responses: the one place surveys read them.
PROJECT_OPEN_STATES = frozenset(Project.State.open_values())


class Parameter(Expression):
    """A value known only when the statement runs: the named parameter ``%(name)s``."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return f"%({self.name})s", []


TODAY = Parameter("today", DateField())  # the day the response comes in
SURVEY = Parameter("survey", IntegerField())

RULE: tuple[tuple[str, Q], ...] = (
    ("closed", Q(state=Survey.State.OPEN.value)),
    ("closed", Q(project_state__in=sorted(str(state) for state in PROJECT_OPEN_STATES))),
    ("not_yet", Q(opens_on__lte=TODAY)),
    ("ended", Q(closes_on__gte=TODAY)),
    ("full", Q(max_responses__isnull=True) | Q(online_count__lt=F("max_responses"))),
)
REFUSALS = tuple(dict.fromkeys(code for code, _condition in RULE))

# --- In Python ------------------------------------------------------------------------------

LOOKUPS = {
    "exact": operator.eq,
    "in": lambda value, wanted: value in wanted,
    "lt": operator.lt,
    "lte": operator.le,
    "gte": operator.ge,
}


def _test(child: tuple[str, object], row: Mapping, params: Mapping) -> bool:
    """One ``field__lookup=value`` of a ``Q``, as SQL reads it (a NULL compares as not true)."""
    key, wanted = child
    field, _sep, lookup = key.partition("__")
    value = row[field]
    if lookup == "isnull":
        return (value is None) == wanted
    if isinstance(wanted, F):
        wanted = row[wanted.name]
    elif isinstance(wanted, Parameter):
        wanted = params[wanted.name]
    if value is None or wanted is None:
        return False
    return LOOKUPS[lookup or "exact"](value, wanted)


def _holds(condition: Q, row: Mapping, params: Mapping) -> bool:
    results = (
        _holds(child, row, params) if isinstance(child, Q) else _test(child, row, params)
        for child in condition.children
    )
    held = all(results) if condition.connector == Q.AND else any(results)
    return not held if condition.negated else held


def refusal_of(row: Mapping, today: datetime.date) -> str | None:
    """The code of the first condition of :data:`RULE` that *row* fails, or None (it takes one).

    *row* holds the survey's columns named in the rule, and ``project_state``.
    """
    for code, condition in RULE:
        if not _holds(condition, row, {"today": today}):
            return code
    return None


def refusal(survey: Survey, today: datetime.date | None = None) -> str | None:
    """Why the survey's public link takes no response now (a code), or None when it does."""
    row = {
        "state": survey.state,
        "project_state": survey.project.state,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "max_responses": survey.max_responses,
        "online_count": survey.online_count,
    }
    return refusal_of(row, today or timezone.localdate())


# --- In SQL ---------------------------------------------------------------------------------


@cache
def guard_sql(vendor: str, refusals: tuple[str, ...] = REFUSALS) -> tuple[str, Mapping]:
    """The conditions of :data:`RULE` for *refusals*, on the survey row ``%(survey)s``, as a
    ``WHERE`` clause naming the survey table, and its constant parameters.

    The caller gives ``%(survey)s`` and ``%(today)s`` (adapted for the database).  Both
    are cached, so the parameters are read-only: ``params | {...}`` makes the caller's own.
    """
    project_state = Project.objects.filter(pk=OuterRef("project")).order_by().values("state")
    condition = Q(pk=SURVEY)
    for code, rule in RULE:
        if code in refusals:
            condition &= rule
    query = Survey.objects.annotate(project_state=Subquery(project_state)).filter(condition).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    # Django's positional parameters become named ones, beside the two named above.
    parts = sql.split("%s")
    if len(parts) != len(params) + 1:
        raise ValueError(f"unexpected placeholders in {sql!r}")
    named = {f"rule_{i}": value for i, value in enumerate(params)}
    sql = parts[0] + "".join(f"%(rule_{i})s{part}" for i, part in enumerate(parts[1:]))
    return sql, MappingProxyType(named)
