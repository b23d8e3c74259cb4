"""Plain SQL for the survey's hot path: taking a posted questionnaire.

Measured with ``benchmarks/bench_survey.py``: compiling the ORM's queries
cost several times the rest of a submission.  So its statement is written
here once, for PostgreSQL and SQLite alike.  Table and column names come
from the models' ``_meta``, and an inserted row gets every column the way
``Model.save()`` would fill it (defaults, ``auto_now``), so a field added
to these models later needs no change here.  No signal is sent (as with
``bulk_create``).  Paper imports use :func:`insert` and :func:`insert_many`
too; everything else uses the ORM.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache

from django.db import connection, models, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from greencert.web.projects.models import Assessment
from greencert.web.surveys import acceptance
from greencert.web.surveys.models import Submission, Survey


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model) -> str:
    return _q(model._meta.db_table)


def _col(model, field: str, alias: str = "") -> str:
    column = _q(model._meta.get_field(field).column)
    return f"{alias}.{column}" if alias else column


@cache
def _insert_sql(model, vendor: str, rows: int) -> tuple[str, tuple[models.Field, ...]]:
    """``INSERT`` of *rows* rows of *model* into all its columns but the automatic key."""
    meta = model._meta
    fields = tuple(
        f for f in meta.concrete_fields if not (f is meta.pk and isinstance(f, AutoFieldMixin))
    )
    columns = ", ".join(_q(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {_table(model)} ({columns}) VALUES {', '.join([row] * rows)}"
    if rows == 1 and connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {_q(meta.pk.column)}"
    return sql, fields


# Fields whose Python value the database drivers take as it is (the ORM's conversion
# is the identity for them, and costs most of an insert's time).
AS_IS = (
    models.BooleanField,
    models.CharField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)
CALL = object()  # a default computed for each row (a callable)


@cache
def _plan(model) -> tuple[tuple[models.Field, object, bool, bool], ...]:
    """Per column: the field, its default, whether its value goes as it is, whether it is now()."""
    plan = []
    for f in _insert_sql(model, connection.vendor, 1)[1]:
        stamped = bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        default = CALL if callable(f.default) else f.get_default()
        plan.append((f, default, isinstance(f, AS_IS), stamped))
    return tuple(plan)


def _row(model, given: dict) -> list:
    """One row's values, filled as ``Model.save()`` would: given, stamped, or default."""
    values = []
    for f, default, as_is, stamped in _plan(model):
        if f.attname in given:
            value = given[f.attname]
        elif stamped:
            value = timezone.now()
        else:
            value = f.get_default() if default is CALL else default
        values.append(value if as_is or value is None else f.get_db_prep_save(value, connection))
    return values


def insert(model, **given) -> int:
    """Insert one row of *model* (values by attribute name, e.g. ``site_id``); its key."""
    unknown = given.keys() - {f.attname for f, *_rest in _plan(model)}
    if unknown:
        raise TypeError(f"{model.__name__} has no column {sorted(unknown)}")
    sql, _fields = _insert_sql(model, connection.vendor, 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, _row(model, given))
        return cursor.fetchone()[0] if "RETURNING" in sql else cursor.lastrowid


def insert_many(model, rows: list[dict]) -> None:
    """Insert rows of *model* (their keys are not read): one statement, many parameter
    rows (psycopg sends them in one pipeline; SQLite runs them in a loop of its own)."""
    if not rows:
        return
    sql, _fields = _insert_sql(model, connection.vendor, 1)
    with connection.cursor() as cursor:
        cursor.executemany(sql.split(" RETURNING ")[0], [_row(model, given) for given in rows])


# --- The public submission ---------------------------------------------------------------
#
# A posted questionnaire is one INSERT of a Submission row, guarded: it is written
# only while the survey takes responses (the rule of :mod:`acceptance`, compiled).  On
# PostgreSQL the guard locks the survey row in KEY SHARE mode, which submissions
# share with each other but which waits for (and then sees) a staff change such as
# closing or accepting the survey; a capped survey's counter is raised under its
# row lock.  SQLite takes its database write lock with the statement.


@dataclass(frozen=True)
class Facts:
    """What never changes about a survey once it is opened."""

    survey_id: int
    site_id: int
    assessment_id: int
    scheme_label: str  # the pinned scheme (read by ``scheme_of``)
    scheme_hash: str
    capped: bool  # has a maximum number of online responses


def survey_facts(token: str) -> Facts | None:
    S, A = Survey, Assessment
    sql = (
        f"SELECT {_col(S, 'id', 's')}, {_col(S, 'site', 's')}, {_col(A, 'id', 'a')}, "
        f"{_col(A, 'scheme_label', 'a')}, {_col(A, 'scheme_hash', 'a')}, "
        f"{_col(S, 'max_responses', 's')} IS NOT NULL "
        f"FROM {_table(S)} s JOIN {_table(A)} a ON {_col(A, 'project', 'a')} = "
        f"{_col(S, 'project', 's')} WHERE {_col(S, 'token', 's')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [token])
        row = cursor.fetchone()
    return Facts(*row[:5], bool(row[5])) if row else None


# The submission's guard leaves out the maximum: a capped survey's answer was counted
# just before, in the same transaction, by the UPDATE that checks it.
WITHOUT_MAXIMUM = tuple(code for code in acceptance.REFUSALS if code != "full")


@cache
def _count_sql(vendor: str) -> tuple[str, Mapping]:
    """Count one more online response of a capped survey, if it takes one (row lock)."""
    online = _col(Survey, "online_count")
    guard, params = acceptance.guard_sql(vendor)
    return f"UPDATE {_table(Survey)} SET {online} = {online} + 1 WHERE {guard}", params


@cache
def _submission_sql(vendor: str) -> tuple[str, Mapping]:
    """The Submission row, from the survey row that passes the guard (none otherwise)."""
    fields = [f for f, *_rest in _plan(Submission)]
    columns = ", ".join(_q(f.column) for f in fields)
    values = ", ".join(f"%(c_{f.attname})s" for f in fields)
    guard, params = acceptance.guard_sql(vendor, WITHOUT_MAXIMUM)
    sql = (
        f"INSERT INTO {_table(Submission)} ({columns}) SELECT {values} "
        f"FROM {_table(Survey)} WHERE {guard}"
    )
    if vendor == "postgresql":
        sql += f" FOR KEY SHARE OF {_table(Survey)}"
    return sql, params


def take(
    facts: Facts,
    *,
    nonce: str,
    answers: str,
    comment: str,
    device: str,
    network: str,
    seconds: int,
    too_fast: bool,
    same_answers: bool,
    now: datetime.datetime,
) -> bool:
    """Store one posted questionnaire; False when the survey takes no response now.

    A resend of a stored form raises ``IntegrityError`` (the nonce is unique).
    """
    params = {
        "survey": facts.survey_id,
        "today": connection.ops.adapt_datefield_value(timezone.localdate(now)),
    }
    given = {
        "survey_id": facts.survey_id,
        "nonce": nonce,
        "answers": answers,
        "comment": comment,
        "device": device,
        "network": network,
        "seconds": seconds,
        "too_fast": too_fast,
        "same_answers": same_answers,
        "counted": facts.capped,
        "drained": False,
        "created_at": now,
    }
    params |= {
        f"c_{f.attname}": value
        for (f, *_rest), value in zip(_plan(Submission), _row(Submission, given), strict=True)
    }
    vendor = connection.vendor
    count_sql, count_params = _count_sql(vendor)
    submission_sql, submission_params = _submission_sql(vendor)
    # One statement is its own transaction; inside the caller's (tests, imports), a
    # savepoint keeps a refused resend from spoiling it.
    atomic = facts.capped or connection.in_atomic_block
    with transaction.atomic() if atomic else nullcontext(), connection.cursor() as cursor:
        if facts.capped:
            cursor.execute(count_sql, params | count_params)
            if cursor.rowcount != 1:
                return False
        cursor.execute(submission_sql, params | submission_params)
        return cursor.rowcount == 1
