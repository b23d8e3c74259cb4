"""Plain SQL for the public submission: the one hot path of the application.

Measured with ``benchmarks/bench_survey.py``: compiling the ORM queries of
one submission cost several times the rest of the request, and on
PostgreSQL planning the statements cost more than running them.  So the
SQL of a submission is written here once, and on PostgreSQL it is one
prepared statement (see :func:`store_online_statement`).  Table and column
names come from the models' ``_meta``, and an inserted row gets every
column the way ``Model.save()`` would fill it (defaults, ``auto_now``), so
a field added to these models later needs no change here.  No signal is
sent (as with ``bulk_create``).  Everything else uses the ORM.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from functools import cache

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from greencert.web.projects.models import Assessment, Evaluation, ItemRating, Project
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


# --- The public submission ---------------------------------------------------------------
#
# A response is taken by one guarded UPDATE of the survey row: it counts and numbers
# the response only while the survey takes responses (state, dates, project, maximum),
# and its row lock orders concurrent submissions.  On PostgreSQL that UPDATE, the flag
# reads and every insert are one prepared statement (data-modifying CTEs): one round
# trip, planned once per connection.  Elsewhere (SQLite) the same SQL pieces run one
# by one in a transaction that begins with the guarded UPDATE (the write lock first).


@dataclass(frozen=True)
class Facts:
    """What never changes about a survey once it is opened."""

    survey_id: int
    site_id: int
    assessment_id: int
    scheme_label: str  # the pinned scheme (read by ``scheme_of``)
    scheme_hash: str


def survey_facts(token: str) -> Facts | None:
    S, A = Survey, Assessment
    sql = (
        f"SELECT {_col(S, 'id', 's')}, {_col(S, 'site', 's')}, {_col(A, 'id', 'a')}, "
        f"{_col(A, 'scheme_label', 'a')}, {_col(A, 'scheme_hash', 'a')} "
        f"FROM {_table(S)} s JOIN {_table(A)} a ON {_col(A, 'project', 'a')} = "
        f"{_col(S, 'project', 's')} WHERE {_col(S, 'token', 's')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [token])
        row = cursor.fetchone()
    return Facts(*row) if row else None


@dataclass(frozen=True)
class Online:
    """A checked questionnaire from the public page, ready to be taken."""

    facts: Facts
    submission: str  # the form's nonce: unique, so a resend stores nothing
    likert: dict[str, int]
    comment: str
    device: str
    network: str
    seconds: int
    too_fast: bool
    same_answers: bool
    now: datetime.datetime
    since: datetime.datetime  # a burst counts the responses from the network since then
    earlier: int  # responses before this one that make a burst

    def params(self) -> dict:
        """The parameters every piece of the submission SQL shares."""
        from greencert.web.projects.services import OPEN_STATES

        first, deep = max(self.earlier - 1, 0), max(2 * self.earlier - 1, 0)
        return {
            "survey": self.facts.survey_id,
            "open": Survey.State.OPEN,
            **{f"project_open_{i}": s for i, s in enumerate(sorted(OPEN_STATES))},
            "today": _date_param(timezone.localdate(self.now)),
            "device": self.device,
            "network": self.network,
            "since": connection.ops.adapt_datetimefield_value(self.since),
            "burst_always": self.earlier <= 0,
            "burst_offset": first,
            "deep_offset": deep,
            "held": SurveyResponse.Status.HELD,
            "true": True,
            "false": False,
        }


@dataclass(frozen=True)
class Flags:
    seen_device: bool
    burst: bool  # the earlier responses that make a burst are all in the window
    deep_burst: bool  # twice as many are: the burst is well under way

    @property
    def burst_begins(self) -> bool:
        """A burst just began: the responses before this one are held too.  (Once it is
        well under way, each new response is held as it arrives.)"""
        return self.burst and not self.deep_burst


@dataclass(frozen=True)
class Taken:
    evaluation_id: int
    number: int  # the response's number in its survey: its evaluation is S<id>-<number>


def _date_param(value: datetime.date):
    return connection.ops.adapt_datefield_value(value)


def _param(name: str, field: models.Field | str) -> str:
    """A named parameter; on PostgreSQL with its type (a prepared statement needs it).

    The type is the column's without its length or precision: a value too long for
    the column is then refused by the insert, never cut short by the cast.
    """
    if connection.vendor != "postgresql":
        return f"%({name})s"
    sql_type = field if isinstance(field, str) else field.db_type(connection)
    return f"%({name})s::{sql_type.split('(')[0]}"


def _field(model, name: str) -> models.Field:
    return model._meta.get_field(name)


@cache
def _guard_sql(vendor: str) -> str:
    """Count and number one more response, only while the survey takes responses.

    The same conditions as :func:`~greencert.web.surveys.models.refusal_of`, which
    names the reason when this updates no row.
    """
    from greencert.web.projects.services import OPEN_STATES

    S, P = Survey, Project
    numbered, online, maximum = (
        _col(S, "numbered"),
        _col(S, "online_count"),
        _col(S, "max_responses"),
    )
    today = _param("today", _field(S, "opens_on"))
    states = ", ".join(
        _param(f"project_open_{i}", _field(P, "state")) for i in range(len(OPEN_STATES))
    )
    return (
        f"UPDATE {_table(S)} SET {numbered} = {numbered} + 1, {online} = {online} + 1 "
        f"WHERE {_col(S, 'id')} = {_param('survey', _field(S, 'id'))} "
        f"AND {_col(S, 'state')} = {_param('open', _field(S, 'state'))} "
        f"AND (SELECT {_col(P, 'state', 'p')} FROM {_table(P)} p "
        f"WHERE p.{_q('id')} = {_table(S)}.{_col(S, 'project')}) IN ({states}) "
        f"AND {_col(S, 'opens_on')} <= {today} AND {_col(S, 'closes_on')} >= {today} "
        f"AND ({maximum} IS NULL OR {online} < {maximum}) "
        f"RETURNING {numbered}"
    )


@cache
def _flags_sql(vendor: str) -> str:
    """The flags that depend on earlier responses; each read stops early (``LIMIT 1``)."""
    R = SurveyResponse
    survey = _param("survey", _field(R, "survey"))
    device = _param("device", _field(R, "device"))
    network = _param("network", _field(R, "network"))
    since = _param("since", _field(R, "created_at"))
    always = _param("burst_always", "boolean")

    def recent(offset: str) -> str:
        return (
            f"SELECT 1 FROM {_table(R)} r WHERE {_col(R, 'survey', 'r')} = {survey} "
            f"AND {_col(R, 'network', 'r')} = {network} AND {_col(R, 'created_at', 'r')} >= {since} "
            f"ORDER BY {_col(R, 'created_at', 'r')} DESC LIMIT 1 "
            f"OFFSET {_param(offset, 'bigint')}"
        )

    seen = (
        f"EXISTS (SELECT 1 FROM {_table(R)} r WHERE {_col(R, 'survey', 'r')} = {survey} "
        f"AND {_col(R, 'device', 'r')} = {device} AND {device} <> '')"
    )
    burst = f"({network} <> '' AND ({always} OR EXISTS ({recent('burst_offset')})))"
    deep = f"({network} <> '' AND ({always} OR EXISTS ({recent('deep_offset')})))"
    return f"SELECT {seen} AS seen, {burst} AS burst, {deep} AS deep"


@cache
def _hold_sql(vendor: str) -> str:
    """Hold the responses of a burst that began before it was seen (not those reviewed)."""
    R = SurveyResponse
    burst, status = _col(R, "network_burst"), _col(R, "status")
    return (
        f"UPDATE {_table(R)} SET {burst} = {_param('true', 'boolean')}, "
        f"{status} = {_param('held', _field(R, 'status'))} "
        f"WHERE {_col(R, 'survey')} = {_param('survey', _field(R, 'survey'))} "
        f"AND {_col(R, 'network')} = {_param('network', _field(R, 'network'))} "
        f"AND {_col(R, 'created_at')} >= {_param('since', _field(R, 'created_at'))} "
        f"AND {burst} = {_param('false', 'boolean')} AND {_col(R, 'reviewed_at')} IS NULL"
    )


def take_number(online: Online) -> int | None:
    """The guarded UPDATE alone (inside the caller's transaction): the number, or None."""
    with connection.cursor() as cursor:
        cursor.execute(_guard_sql(connection.vendor), online.params())
        row = cursor.fetchone()
    return row[0] if row else None


def read_flags(online: Online) -> Flags:
    with connection.cursor() as cursor:
        cursor.execute(_flags_sql(connection.vendor), online.params())
        return Flags(*(bool(v) for v in cursor.fetchone()))


def hold_burst(online: Online) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_hold_sql(connection.vendor), online.params())


# --- PostgreSQL: the whole submission as one prepared statement ---------------------------


def _values(model, given: dict, prefix: str, computed) -> dict:
    """Named parameters for the columns of *model* that are not *computed* in SQL."""
    return {
        prefix + f.attname: value
        for (f, *_rest), value in zip(_plan(model), _row(model, given), strict=True)
        if f.attname not in computed
    }


def _insert_select(model, prefix: str, computed: dict[str, str], source: str) -> str:
    """``INSERT … SELECT`` into every column: *computed* ones as SQL, the rest as parameters."""
    fields = [f for f, *_rest in _plan(model)]
    columns = ", ".join(_q(f.column) for f in fields)
    values = ", ".join(computed.get(f.attname) or _param(prefix + f.attname, f) for f in fields)
    return f"INSERT INTO {_table(model)} ({columns}) SELECT {values} FROM {source}"


EVALUATION_COMPUTED = ("code",)
RATING_COMPUTED = ("evaluation_id", "item_id", "likert")
RESPONSE_COMPUTED = ("evaluation_id", "duplicate_device", "network_burst", "status")


@cache
def _statement_sql() -> str:
    E, Rating, R = Evaluation, ItemRating, SurveyResponse
    flagged = (
        f"{_param('r_too_fast', _field(R, 'too_fast'))} "
        f"OR {_param('r_same_answers', _field(R, 'same_answers'))} OR flags.seen OR flags.burst"
    )
    status = _field(R, "status")
    evaluation = _insert_select(
        E,
        "e_",
        {"code": f"{_param('code_prefix', 'text')} || survey.{_col(Survey, 'numbered')}"},
        "survey",
    )
    ratings = _insert_select(
        Rating,
        "i_",
        {"evaluation_id": "evaluation.id", "item_id": "given.item", "likert": "given.level"},
        f"evaluation, unnest({_param('items', 'varchar[]')}, "
        f"{_param('levels', _field(Rating, 'likert').db_type(connection) + '[]')}) "
        f"AS given(item, level)",
    )
    response = _insert_select(
        R,
        "r_",
        {
            "evaluation_id": "evaluation.id",
            "duplicate_device": "flags.seen",
            "network_burst": "flags.burst",
            "status": f"CASE WHEN {flagged} THEN {_param('held', status)} "
            f"ELSE {_param('included', status)} END",
        },
        "evaluation, flags",
    )
    hold = (
        _hold_sql(connection.vendor)
        + " AND EXISTS (SELECT 1 FROM flags WHERE flags.burst AND NOT flags.deep)"
        + " AND EXISTS (SELECT 1 FROM survey)"
    )
    # Every write reads `survey`, so the guarded UPDATE (and its row lock) comes first.
    return (
        f"WITH survey AS ({_guard_sql(connection.vendor)}), "
        f"flags AS MATERIALIZED ({_flags_sql(connection.vendor)}), "
        f"evaluation AS ({evaluation} RETURNING {_q(E._meta.pk.column)}), "
        f"ratings AS ({ratings}), "
        f"response AS ({response}), "
        f"held AS ({hold}) "
        f"SELECT evaluation.id, survey.{_col(Survey, 'numbered')} FROM survey, evaluation"
    )


def _statement_params(online: Online) -> dict:
    facts = online.facts
    evaluation = {
        "assessment_id": facts.assessment_id,
        "evaluator": "",
        "date": timezone.localdate(online.now),
        "site_id": facts.site_id,
        "source": Evaluation.Source.CUSTOMER,
        "note": online.comment,
        "counts": False,  # held until the survey is accepted
        "created_by_id": None,
    }
    response = {
        "survey_id": facts.survey_id,
        "channel": SurveyResponse.Channel.ONLINE,
        "submission": online.submission,
        "device": online.device,
        "network": online.network,
        "seconds": online.seconds,
        "too_fast": online.too_fast,
        "same_answers": online.same_answers,
        "created_at": online.now,
    }
    return {
        **online.params(),
        **_values(Evaluation, evaluation, "e_", EVALUATION_COMPUTED),
        **_values(ItemRating, {"alpha": None}, "i_", RATING_COMPUTED),
        **_values(SurveyResponse, response, "r_", RESPONSE_COMPUTED),
        "code_prefix": f"S{facts.survey_id}-",
        "items": list(online.likert),
        "levels": list(online.likert.values()),
        "included": SurveyResponse.Status.INCLUDED,
    }


def prepared_statements() -> bool:
    """Whether the submission runs as one prepared statement here (PostgreSQL, psycopg 3)."""
    from django.conf import settings

    if connection.vendor != "postgresql" or not settings.SURVEY_PREPARED_STATEMENT:
        return False
    try:
        import psycopg  # noqa: F401
    except ImportError:  # psycopg2 has no prepared statements
        return False
    return True


def store_online_statement(online: Online) -> Taken | None:
    """Take the response in one statement (PostgreSQL); None when the survey refuses it.

    Run through Django's cursor wrapper (errors, query logging, execute wrappers) on
    a psycopg cursor that binds on the server and prepares the statement: Django
    turns psycopg's automatic preparation off (for transaction poolers), and the
    planning of this statement cost more than its execution.
    """
    import psycopg

    class Prepared(psycopg.Cursor):
        def execute(self, query, params=None, **kwargs):
            return super().execute(query, params, prepare=True)

    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django's "no preparing" also refuses an explicit prepare=True.  A threshold
        # no statement reaches keeps every other one unprepared (Django's own cursors
        # bind on the client and are never prepared anyway).
        connection.connection.prepare_threshold = 2**31 - 1
    sql, params = _statement_sql(), _statement_params(online)
    # Django's wrapper gives its error classes and execute wrappers; its query log
    # (DEBUG, tests) cannot read a statement bound on the server, so it is kept here.
    started = time.monotonic()
    try:
        with connection.make_cursor(Prepared(connection.connection)) as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    finally:
        if connection.queries_logged:
            connection.queries_log.append(
                {
                    "sql": connection.ops.compose_sql(sql, params),
                    "time": f"{time.monotonic() - started:.3f}",
                }
            )
    return Taken(*row) if row else None
