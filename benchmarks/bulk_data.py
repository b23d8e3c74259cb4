"""Bulk data for benchmarks on PostgreSQL: tens of thousands of projects in minutes.

The rows a certification body collects over years, written with set-based SQL
(``INSERT … SELECT`` over ``generate_series``, organisations by ``COPY``) rather
than the services row by row.  Every bulk project is a copy of one *template*
project that the services built (:func:`typical_project`): its ten evaluations
with their 19 item ratings each, its maturity sheet, both checklist audits and,
as far as its state goes, its frozen result, review, decision and certificate
(with its issue event and surveillance visits).  So the rows satisfy every
constraint and trigger, and a bulk project's figures are the template's.

Proportions (by bulk index *i*, 1-based, so growing keeps them): three projects
per organisation (one site, one service each); of every hundred of the first 1,000
projects one is planned, two are in progress, one has its evaluation complete,
one is under review and 95 are decided with a certificate; every later one is
decided (the history grows, the work in hand stays).  Teams are led by a pool of
auditors.  Bulk rows write no audit entries: the trail is read per project, and
the chain stays whole.

    from bulk_data import build_world, grow
    world = build_world(data_dir)        # demo data + the typical project (services)
    grow(world, projects=10_000)         # bulk projects until 10,000 projects in all

Issue 18's statistics benchmark reuses it (``grow`` then its own page).
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

BULK_CODE = "GB-"  # project codes of bulk rows: GB-000001 …
CERTIFICATE_PREFIX = "TB-GB-"  # certificate numbers of bulk rows
PROJECTS_PER_ORGANISATION = 3
AUDITOR_POOL = 40
EVALUATIONS = 10  # per project, copied from the template
# State by i % 100 (the remaining 95 are decided): open work is a small share of the history.
STATES = {0: "planned", 1: "in_progress", 2: "in_progress", 3: "evaluation_complete"}
UNDER_REVIEW = 4
# The work in hand is that of the first 1,000 bulk projects, whatever the size: what grows is
# the history (a body's open work follows its yearly volume, not the years behind it).
OPEN_WORK = 1000


@dataclass(frozen=True)
class World:
    """The service-built rows every bulk row copies or points at."""

    project_id: int  # the typical project (the template of every bulk project)
    certificate_number: str
    pm_id: int
    reviewer_id: int
    decider_id: int


def build_world(data_dir) -> World:
    """The demo data and one typical project with ten evaluations, all through the services."""
    from greencert.web.accounts.models import User
    from greencert.web.demo import load_demo

    load_demo(data_dir)
    users = {u.username: u for u in User.objects.all()}
    project, certificate = typical_project(users)
    return World(
        project_id=project.pk,
        certificate_number=certificate.number,
        pm_id=users["pm"].pk,
        reviewer_id=users["reviewer"].pk,
        decider_id=users["decider"].pk,
    )


def find_world() -> World | None:
    """The world of a database built before (``--reuse``), or None."""
    from greencert.web.accounts.models import User
    from greencert.web.certification.models import Certificate

    certificate = Certificate.objects.filter(organisation__name=TYPICAL_NAME).first()
    if certificate is None:
        return None
    users = {
        u.username: u.pk for u in User.objects.filter(username__in=["pm", "reviewer", "decider"])
    }
    return World(
        certificate.project_id, certificate.number, users["pm"], users["reviewer"], users["decider"]
    )


TYPICAL_NAME = "增长基准绿色物业服务有限公司"


def typical_project(users: dict):
    """A decided project with ten evaluations (two auditors, a mystery shopper, seven customers),
    its maturity sheet and both checklists judged, and its certificate issued."""
    from stdnum.cn import uscc

    from greencert.core.ratings import Rating
    from greencert.core.registry import default_scheme
    from greencert.web.certification.services import certificates, decisions
    from greencert.web.certification.services.project_states import change_state
    from greencert.web.clients.models import Organisation, Service, Site
    from greencert.web.projects.models import Project, TeamMember
    from greencert.web.projects.services.projects import create_project
    from greencert.web.projects.services.sheets import save_evaluation, save_maturity
    from greencert.web.projects.services.team import add_team_member

    scheme = default_scheme()
    pm, lead = users["pm"], users["auditor"]
    body = "91360100MA35GRW7T"
    org = Organisation.objects.create(
        name=TYPICAL_NAME,
        address="江西省南昌市红谷滩区丰和中大道 1 号",
        uscc=body + uscc.calc_check_digit(body),
    )
    site = Site.objects.create(organisation=org, name="红谷滩服务中心", address=org.address)
    service = Service.objects.create(organisation=org, name="绿色物业服务")
    today = datetime.date.today()
    start = today - datetime.timedelta(days=40)
    project = create_project(
        actor=pm,
        organisation=org,
        kind=Project.Kind.INITIAL,
        scope=service.name,
        planned_start=start,
        planned_end=start + datetime.timedelta(days=2),
        sites=[site],
        services=[service],
    )
    add_team_member(actor=pm, project=project, user=lead, role=TeamMember.Role.LEADER)
    add_team_member(
        actor=pm, project=project, user=users["auditor2"], role=TeamMember.Role.EVALUATOR
    )
    change_state(actor=lead, project=project, to=Project.State.IN_PROGRESS)
    sources = ["auditor", "auditor", "mystery_shopper"] + ["customer"] * 7
    for n, source in enumerate(sources, start=1):
        save_evaluation(
            actor=lead,
            assessment=project.assessment,
            header={
                "code": f"E{n}",
                "evaluator": lead.display_name if source == "auditor" else f"顾客 {n:03d}",
                "date": start + datetime.timedelta(days=1),
                "site": site,
                "source": source,
            },
            ratings={
                item: Rating.of_alpha(f"0.{88 + (n * 3 + k) % 11:02d}", scheme)
                for k, item in enumerate(scheme.items)
            },
        )
    save_maturity(
        actor=lead,
        assessment=project.assessment,
        levels={c: {"level": 3 + (k % 3 == 0)} for k, c in enumerate(scheme.clauses)},
        expected_version=project.assessment.maturity_version,
    )
    _judge_checklists(lead, project.assessment, start + datetime.timedelta(days=1))
    change_state(actor=lead, project=project, to=Project.State.EVALUATION_COMPLETE)
    project.refresh_from_db()
    decisions.review(
        actor=users["reviewer"],
        project=project,
        outcome="recommend",
        comment="资料完整，建议批准。",
    )
    project.refresh_from_db()
    grade = project.snapshots.order_by("-number").first().grade
    decided_on = start + datetime.timedelta(days=10)
    decision = decisions.decide(
        actor=users["decider"], project=project, outcome="grant", grade=grade, decided_on=decided_on
    )
    certificate = certificates.issue_certificate(actor=pm, decision=decision, granted_on=decided_on)
    return project, certificate


def _judge_checklists(auditor, assessment, day) -> None:
    """Every row of both pinned checklists judged as conforming."""
    from greencert.web.projects.checklists import KINDS, pinned_checklist
    from greencert.web.projects.services.checklists import record_verdict

    for kind in KINDS:
        for clause_id in pinned_checklist(assessment, kind).clauses:
            record_verdict(
                actor=auditor,
                assessment=assessment,
                kind=kind,
                clause_id=clause_id,
                verdict="conforms",
                date=day,
                expected_version=0,
            )


def project_count() -> int:
    from greencert.web.projects.models import Project

    return Project.objects.count()


def grow(world: World, *, projects: int, log=print) -> None:
    """Add bulk projects (and all that belongs to them) until there are *projects* in all.

    One transaction.  The foreign keys are checked once over each table (one anti-join per
    key) rather than row by row by PostgreSQL's deferred triggers, which for 19 million
    ratings took longer than writing them; then ``VACUUM ANALYZE``, so that the planner
    sees the new sizes."""
    from django.db import connection, transaction

    first = _bulk_count() + 1
    last = first - 1 + projects - project_count()
    if last < first:
        return
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # No per-row triggers (the foreign keys' checks): _check_references below instead.
        cursor.execute("SET LOCAL session_replication_role = replica")
        auditors = _auditor_pool(cursor)
        _organisations(cursor, first, last)
        params = {
            "first": first,
            "last": last,
            "template": world.project_id,
            "auditors": auditors,
            "pm": world.pm_id,
            "reviewer": world.reviewer_id,
            "decider": world.decider_id,
        }
        for name, sql in STATEMENTS:
            step = time.perf_counter()
            cursor.execute(sql, params)
            log(f"  {name:<28}{cursor.rowcount:>12,} rows {time.perf_counter() - step:7.1f} s")
        step = time.perf_counter()
        _check_references(cursor)
        log(f"  {'foreign keys checked':<40} {time.perf_counter() - step:7.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"  filled {first:,}–{last:,} in {time.perf_counter() - started:.0f} s")


def _check_references(cursor) -> None:
    """Every foreign key of every table written here points at a row (else the fill fails)."""
    from django.apps import apps

    tables = {sql.split("INSERT INTO ", 1)[1].split()[0] for _name, sql in STATEMENTS}
    tables.add("clients_organisation")
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in tables:
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation or not field.db_constraint:
                continue
            target = field.target_field
            cursor.execute(
                f'SELECT count(*) FROM "{model._meta.db_table}" t WHERE t."{field.column}" '
                f'IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{target.model._meta.db_table}" r '
                f'WHERE r."{target.column}" = t."{field.column}")'
            )
            if (orphans := cursor.fetchone()[0]) != 0:
                raise RuntimeError(f"{model._meta.db_table}.{field.column}: {orphans} orphans")


def _bulk_count() -> int:
    from greencert.web.projects.models import Project

    return Project.objects.filter(code__startswith=BULK_CODE).count()


def _auditor_pool(cursor) -> list[int]:
    """The auditors who lead and staff bulk teams (made once)."""
    from django.contrib.auth.hashers import make_password

    from greencert.web.accounts.models import Role, User

    pool = list(
        User.objects.filter(username__startswith="bulk-auditor-").values_list("pk", flat=True)
    )
    if not pool:
        unusable = make_password(None)
        User.objects.bulk_create(
            User(
                username=f"bulk-auditor-{n:02d}",
                password=unusable,
                role=Role.AUDITOR,
                display_name=f"审核员 {n:02d}",
            )
            for n in range(1, AUDITOR_POOL + 1)
        )
        return _auditor_pool(cursor)
    return sorted(pool)


def _organisations(cursor, first: int, last: int) -> None:
    """The organisations the new projects belong to, with valid GB 32100 codes (by COPY)."""
    from stdnum.cn import uscc

    now = datetime.datetime.now(datetime.UTC)
    rows = []
    for o in range(_org_of(first), _org_of(last) + 1):
        if (o - 1) * PROJECTS_PER_ORGANISATION + 1 < first:
            continue  # made with the projects before
        body = f"9136{o:07d}GB0X00"[:17]
        rows.append(
            (
                f"增长基准组织 {o:06d}",
                f"江西省南昌市基准路 {o} 号",
                body + uscc.calc_check_digit(body),
                "",
                now,
                "",  # region code, postcode, legal representative, industry: not given
                "",
                "",
                "",
            )
        )
    with cursor.cursor.copy(
        'COPY "clients_organisation" ("name", "address", "uscc", "uscc_exception_reason", '
        '"created_at", "region_code", "postcode", "legal_representative", "industry") FROM STDIN'
    ) as copy:
        for row in rows:
            copy.write_row(row)


def _org_of(i: int) -> int:
    return (i - 1) // PROJECTS_PER_ORGANISATION + 1


# The bulk index of a project, read back from its code.
P_INDEX = "substr(p.code, 4)::int"
NEW_PROJECTS = f"p.code LIKE 'GB-%%' AND {P_INDEX} BETWEEN %(first)s AND %(last)s"
NEW_ORGS = (
    "o.name LIKE '增长基准组织 %%' AND NOT EXISTS "
    "(SELECT 1 FROM {table} x WHERE x.organisation_id = o.id)"
)


def _stage(index: str) -> str:
    """Where a bulk project stands, 0–99, from its index: past OPEN_WORK, decided (99)."""
    return f"(CASE WHEN {index} <= {OPEN_WORK} THEN {index} %% 100 ELSE 99 END)"


def _state_of(index: str) -> str:
    """A project's state from its bulk index (the template is decided)."""
    cases = " ".join(f"WHEN {r} THEN '{s}'" for r, s in STATES.items())
    return (
        f"CASE {_stage(index)} {cases} WHEN {UNDER_REVIEW} THEN 'under_review' ELSE 'decided' END"
    )


SHEETS_OF = f"{_stage(P_INDEX)} <> 0"  # every project but the planned has its sheets
FROZEN_OF = f"{_stage(P_INDEX)} >= 3"  # evaluation complete and beyond: a snapshot
REVIEWED_OF = f"{_stage(P_INDEX)} >= {UNDER_REVIEW}"
DECIDED_OF = f"{_stage(P_INDEX)} > {UNDER_REVIEW}"
CREATED = "timestamptz '2018-01-01 08:00+08' + {i} * interval '30 minutes'"

STATEMENTS = [
    (
        "sites",
        f"""INSERT INTO clients_site (organisation_id, name, address)
        SELECT o.id, '服务中心 ' || substr(o.name, 8), o.address FROM clients_organisation o
        WHERE {NEW_ORGS.format(table="clients_site")}""",
    ),
    (
        "services",
        f"""INSERT INTO clients_service (organisation_id, name, description)
        SELECT o.id, '绿色物业服务', '' FROM clients_organisation o
        WHERE {NEW_ORGS.format(table="clients_service")}""",
    ),
    (
        "projects",
        f"""INSERT INTO projects_project (code, organisation_id, kind, scope, scheme_label,
            scheme_hash, planned_start, planned_end, state, cancellation_reason, created_at,
            audit_mode)
        SELECT 'GB-' || lpad(g::text, 6, '0'), o.id,
            CASE g %% 3 WHEN 1 THEN 'initial' ELSE 'surveillance' END, t.scope, t.scheme_label,
            t.scheme_hash, ({CREATED.format(i="g")})::date + 14,
            ({CREATED.format(i="g")})::date + 16, {_state_of("g")}, '', {CREATED.format(i="g")},
            t.audit_mode
        FROM generate_series(%(first)s, %(last)s) g
        JOIN clients_organisation o ON o.name = '增长基准组织 ' || lpad(((g - 1) / 3 + 1)::text, 6, '0')
        CROSS JOIN projects_project t WHERE t.id = %(template)s""",
    ),
    (
        "project sites",
        f"""INSERT INTO projects_project_sites (project_id, site_id)
        SELECT p.id, s.id FROM projects_project p JOIN clients_site s
        ON s.organisation_id = p.organisation_id WHERE {NEW_PROJECTS}""",
    ),
    (
        "project services",
        f"""INSERT INTO projects_project_services (project_id, service_id)
        SELECT p.id, s.id FROM projects_project p JOIN clients_service s
        ON s.organisation_id = p.organisation_id WHERE {NEW_PROJECTS}""",
    ),
    (
        "teams",
        f"""INSERT INTO projects_teammember (project_id, user_id, role)
        SELECT p.id, (%(auditors)s::int[])[({P_INDEX} + {P_INDEX} / 100 + r.n) %% cardinality(%(auditors)s::int[]) + 1],
            r.role
        FROM projects_project p CROSS JOIN (VALUES (0, 'leader'), (1, 'evaluator')) r(n, role)
        WHERE {NEW_PROJECTS}""",
    ),
    (
        "assessments",
        f"""INSERT INTO projects_assessment (kind, project_id, organisation_id, scheme_label,
            scheme_hash, maturity_version, qms_label, qms_hash, specific_label, specific_hash)
        SELECT 'official', p.id, p.organisation_id, t.scheme_label, t.scheme_hash,
            CASE WHEN {SHEETS_OF} THEN 1 ELSE 0 END, t.qms_label, t.qms_hash,
            t.specific_label, t.specific_hash
        FROM projects_project p CROSS JOIN projects_assessment t
        WHERE {NEW_PROJECTS} AND t.project_id = %(template)s""",
    ),
    (
        "evaluations",
        f"""INSERT INTO projects_evaluation (assessment_id, code, evaluator, date, site_id, source,
            note, counts, version, created_by_id, created_at, updated_at)
        SELECT a.id, te.code, te.evaluator, p.planned_start + 1, ps.site_id, te.source, '',
            te.counts, 0, te.created_by_id, p.created_at, p.created_at
        FROM projects_project p
        JOIN projects_assessment a ON a.project_id = p.id
        JOIN projects_project_sites ps ON ps.project_id = p.id
        JOIN projects_assessment ta ON ta.project_id = %(template)s
        JOIN projects_evaluation te ON te.assessment_id = ta.id
        WHERE {NEW_PROJECTS} AND {SHEETS_OF}""",
    ),
    (
        "item ratings",
        f"""INSERT INTO projects_itemrating (evaluation_id, item_id, alpha, likert, note)
        SELECT e.id, r.item_id, r.alpha, r.likert, ''
        FROM projects_project p
        JOIN projects_assessment a ON a.project_id = p.id
        JOIN projects_evaluation e ON e.assessment_id = a.id
        JOIN projects_assessment ta ON ta.project_id = %(template)s
        JOIN projects_evaluation te ON te.assessment_id = ta.id AND te.code = e.code
        JOIN projects_itemrating r ON r.evaluation_id = te.id
        WHERE {NEW_PROJECTS}""",
    ),
    (
        "maturity sheets",
        f"""INSERT INTO projects_clauserating (assessment_id, clause_id, level, note)
        SELECT a.id, r.clause_id, r.level, ''
        FROM projects_project p JOIN projects_assessment a ON a.project_id = p.id
        JOIN projects_assessment ta ON ta.project_id = %(template)s
        JOIN projects_clauserating r ON r.assessment_id = ta.id
        WHERE {NEW_PROJECTS} AND {SHEETS_OF}""",
    ),
    (
        "checklist verdicts",
        f"""INSERT INTO projects_checklistverdict (assessment_id, kind, clause_id, verdict, reason,
            notes, auditor_id, date, version, updated_at)
        SELECT a.id, v.kind, v.clause_id, v.verdict, v.reason, '', m.user_id,
            p.planned_start + 1, 1, p.created_at
        FROM projects_project p JOIN projects_assessment a ON a.project_id = p.id
        JOIN projects_teammember m ON m.project_id = p.id AND m.role = 'leader'
        JOIN projects_assessment ta ON ta.project_id = %(template)s
        JOIN projects_checklistverdict v ON v.assessment_id = ta.id
        WHERE {NEW_PROJECTS} AND {SHEETS_OF}""",
    ),
    (
        "result snapshots",
        f"""INSERT INTO certification_resultsnapshot (project_id, number, created_at,
            created_by_id, scheme_label, scheme_hash, inputs, result, result_en, grade)
        SELECT p.id, 1, p.created_at + interval '3 days', m.user_id, s.scheme_label,
            s.scheme_hash, s.inputs, s.result, s.result_en, s.grade
        FROM projects_project p
        JOIN projects_teammember m ON m.project_id = p.id AND m.role = 'leader'
        JOIN certification_resultsnapshot s ON s.project_id = %(template)s AND s.number = 1
        WHERE {NEW_PROJECTS} AND {FROZEN_OF}""",
    ),
    (
        "reviews",
        f"""INSERT INTO certification_review (project_id, snapshot_id, reviewer_id, outcome,
            comment, reviewed_at)
        SELECT p.id, s.id, %(reviewer)s, 'recommend', '资料完整，建议批准。',
            p.created_at + interval '5 days'
        FROM projects_project p JOIN certification_resultsnapshot s ON s.project_id = p.id
        WHERE {NEW_PROJECTS} AND {REVIEWED_OF}""",
    ),
    (
        "decisions",
        f"""INSERT INTO certification_decision (project_id, revision, snapshot_id, review_id,
            decided_by_id, decided_on, decided_at, outcome, computed_grade, grade, reason)
        SELECT p.id, 1, r.snapshot_id, r.id, %(decider)s, (p.created_at + interval '8 days')::date,
            p.created_at + interval '8 days', 'grant', s.grade, s.grade, ''
        FROM projects_project p JOIN certification_review r ON r.project_id = p.id
        JOIN certification_resultsnapshot s ON s.id = r.snapshot_id
        WHERE {NEW_PROJECTS} AND {DECIDED_OF}""",
    ),
    (
        "certificates",
        f"""INSERT INTO certification_certificate (number, revision, organisation_id, project_id,
            decision_id, organisation_name, organisation_address, scope, sites, scheme_label,
            grade, granted_on, expires_on, issuer, signatory, status, status_reason, issued_at)
        SELECT '{CERTIFICATE_PREFIX}' || lpad({P_INDEX}::text, 6, '0'), 0, o.id, p.id, d.id,
            o.name, o.address, p.scope,
            jsonb_build_array(jsonb_build_object('name', st.name, 'address', st.address)),
            p.scheme_label, d.grade, d.decided_on, (d.decided_on + interval '3 years')::date,
            t.issuer, t.signatory, 'valid', '', d.decided_at
        FROM projects_project p JOIN clients_organisation o ON o.id = p.organisation_id
        JOIN certification_decision d ON d.project_id = p.id
        JOIN projects_project_sites ps ON ps.project_id = p.id
        JOIN clients_site st ON st.id = ps.site_id
        CROSS JOIN certification_certificate t
        WHERE {NEW_PROJECTS} AND t.project_id = %(template)s""",
    ),
    (
        "certificate events",
        f"""INSERT INTO certification_certificateevent (certificate_id, kind, revision, reason,
            content, by_id, at)
        SELECT c.id, 'issued', 0, e.reason, jsonb_build_object(
                'number', c.number, 'organisation', c.organisation_name,
                'address', c.organisation_address, 'scope', c.scope, 'sites', c.sites,
                'scheme', c.scheme_label, 'grade', c.grade, 'granted_on', c.granted_on,
                'expires_on', c.expires_on, 'issuer', c.issuer, 'signatory', c.signatory,
                'status', c.status, 'decision', c.decision_id),
            %(pm)s, c.issued_at
        FROM projects_project p JOIN certification_certificate c ON c.project_id = p.id
        JOIN certification_certificate tc ON tc.project_id = %(template)s
        JOIN certification_certificateevent e ON e.certificate_id = tc.id AND e.kind = 'issued'
        WHERE {NEW_PROJECTS}""",
    ),
    (
        "surveillance visits",
        f"""INSERT INTO certification_surveillancevisit (certificate_id, sequence, due_on)
        SELECT c.id, n, (c.granted_on + n * interval '12 months')::date
        FROM projects_project p JOIN certification_certificate c ON c.project_id = p.id
        CROSS JOIN generate_series(1, 2) n WHERE {NEW_PROJECTS}""",
    ),
]
