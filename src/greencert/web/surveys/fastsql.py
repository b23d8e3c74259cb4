"""Plain SQL for the public submission: the one hot path of the application.

Measured with ``benchmarks/bench_survey.py``: compiling the ORM queries of
one submission cost several times the rest of the request (the locked read
with its two sub-queries took 3.3 ms of CPU through the ORM, 0.5 ms as
SQL; making 19 rating instances took longer than inserting them).  So the
statements of a submission are written here once, on PostgreSQL and SQLite
alike.  Table and column names come from the models' ``_meta``, and an
inserted row gets every column the way ``Model.save()`` would fill it
(defaults, ``auto_now``), so a field added to these models later needs no
change here.  No signal is sent (as with ``bulk_create``).  Everything else
uses the ORM.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from greencert.web.projects.models import Assessment, Evaluation, Project
from greencert.web.surveys.models import Survey, SurveyResponse


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


# psycopg keeps the parsed form of a statement of at most 50 parameters: rows are
# sent in batches that stay under it (parsing a longer one costs more than a round trip).
CACHED_PARAMETERS = 50


def insert_many(model, rows: list[dict]) -> None:
    """Insert rows of *model*, a few per statement (their keys are not read)."""
    batch = max(1, CACHED_PARAMETERS // len(_plan(model)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            sql, _fields = _insert_sql(model, connection.vendor, len(chunk))
            params = [value for given in chunk for value in _row(model, given)]
            cursor.execute(sql.split(" RETURNING ")[0], params)


@dataclass(frozen=True)
class Counters:
    """The survey row read under its lock: what decides whether a response is taken."""

    state: str
    opens_on: datetime.date
    closes_on: datetime.date
    max_responses: int | None
    numbered: int
    online_count: int


@dataclass(frozen=True)
class Seen:
    """The survey of a token as a submission first reads it (no lock), with the flags."""

    survey_id: int
    site_id: int
    project_state: str
    assessment_id: int
    scheme_label: str
    scheme_hash: str
    counters: Counters  # as they were when read (checked again under the lock)
    seen_device: bool
    burst: bool  # the earlier responses that make a burst are all in the window
    deep_burst: bool  # twice as many are: the burst is well under way


COUNTERS = ("state", "opens_on", "closes_on", "max_responses", "numbered", "online_count")


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _counters(values) -> Counters:
    state, opens_on, closes_on, maximum, numbered, online = values
    return Counters(state, _date(opens_on), _date(closes_on), maximum, numbered, online)


@cache
def _read_sql(vendor: str) -> str:
    S, P, A, R = Survey, Project, Assessment, SurveyResponse
    recent = (
        f"SELECT 1 FROM {_table(R)} r WHERE {_col(R, 'survey', 'r')} = s.{_q('id')} "
        f"AND {_col(R, 'network', 'r')} = %s AND {_col(R, 'created_at', 'r')} >= %s "
        f"ORDER BY {_col(R, 'created_at', 'r')} DESC LIMIT 1 OFFSET %s"
    )
    return (
        f"SELECT {_col(S, 'id', 's')}, {_col(S, 'site', 's')}, {_col(P, 'state', 'p')}, "
        f"{_col(A, 'id', 'a')}, {_col(A, 'scheme_label', 'a')}, {_col(A, 'scheme_hash', 'a')}, "
        f"{', '.join(_col(S, c, 's') for c in COUNTERS)}, "
        f"EXISTS (SELECT 1 FROM {_table(R)} r WHERE {_col(R, 'survey', 'r')} = s.{_q('id')} "
        f"AND {_col(R, 'device', 'r')} = %s AND %s <> ''), "
        f"EXISTS ({recent}), EXISTS ({recent}) "
        f"FROM {_table(S)} s "
        f"JOIN {_table(P)} p ON p.{_q('id')} = {_col(S, 'project', 's')} "
        f"JOIN {_table(A)} a ON {_col(A, 'project', 'a')} = p.{_q('id')} "
        f"WHERE {_col(S, 'token', 's')} = %s"
    )


def read_survey(
    token: str, *, device: str, network: str, since: datetime.datetime, earlier: int
) -> Seen | None:
    """The survey of *token*, and in the same statement what the flags need.

    A burst is *earlier* responses from *network* since *since*; both reads
    stop there (``LIMIT 1 OFFSET``), however large the flood.
    """
    since_db = connection.ops.adapt_datetimefield_value(since)
    offsets = (max(earlier - 1, 0), max(2 * earlier - 1, 0))
    params = [device, device, network, since_db, offsets[0], network, since_db, offsets[1], token]
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(connection.vendor), params)
        row = cursor.fetchone()
    if row is None:
        return None
    counters = _counters(row[6:12])
    seen_device, burst, deep = (bool(v) for v in row[12:])
    if not network:
        burst = deep = False
    elif earlier <= 0:
        burst = deep = True
    return Seen(*row[:6], counters, seen_device, burst, deep)


@cache
def _lock_sql(vendor: str) -> str:
    S = Survey
    sql = (
        f"SELECT {', '.join(_col(S, c) for c in COUNTERS)} FROM {_table(S)} "
        f"WHERE {_col(S, 'id')} = %s"
    )
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql


def lock_counters(survey_id: int) -> Counters:
    """``SELECT … FOR UPDATE`` of the survey row: held until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(connection.vendor), [survey_id])
        return _counters(cursor.fetchone())


def hold_burst(survey_id: int, network: str, since: datetime.datetime) -> None:
    """Hold the responses of a burst that began before it was seen (not those reviewed)."""
    R = SurveyResponse
    sql = (
        f"UPDATE {_table(R)} SET {_col(R, 'network_burst')} = %s, {_col(R, 'status')} = %s "
        f"WHERE {_col(R, 'survey')} = %s AND {_col(R, 'network')} = %s "
        f"AND {_col(R, 'created_at')} >= %s AND {_col(R, 'network_burst')} = %s "
        f"AND {_col(R, 'reviewed_at')} IS NULL"
    )
    since_db = connection.ops.adapt_datetimefield_value(since)
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, R.Status.HELD, survey_id, network, since_db, False])


def number_response(survey_id: int, evaluation_id: int, code: str, numbered: int) -> None:
    """Give the evaluation its final code and count the response (under the survey's lock)."""
    S, E = Survey, Evaluation
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(E)} SET {_col(E, 'code')} = %s WHERE {_col(E, 'id')} = %s",
            [code, evaluation_id],
        )
        cursor.execute(
            f"UPDATE {_table(S)} SET {_col(S, 'numbered')} = %s, "
            f"{_col(S, 'online_count')} = {_col(S, 'online_count')} + 1 "
            f"WHERE {_col(S, 'id')} = %s",
            [numbered, survey_id],
        )
