"""What ``scripts/cluster --check`` proves, each through the pages as a person would use them.

Every check returns what it measured (printed after ✓) or raises :class:`CheckFailed` with
what it saw instead (printed after ✗).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass

import httpx

from tests.cluster import world
from tests.cluster.processes import Cluster

ENGLISH = {"django_language": "en"}
TIMEOUT = httpx.Timeout(30)


class CheckFailed(AssertionError):
    pass


def expect(condition: bool, seen: str) -> None:
    if not condition:
        raise CheckFailed(seen)


@dataclass
class Context:
    cluster: Cluster
    world: world.World
    session: str = ""  # the session cookie made on node A

    def node(self, name: str) -> str:
        return self.cluster.nodes[name].url

    def staff(self, name: str) -> httpx.Client:
        """A browser holding the session made on node A, talking to node *name*."""
        cookies = ENGLISH | {"sessionid": self.session}
        return httpx.Client(base_url=self.node(name), cookies=cookies, timeout=TIMEOUT)


def csrf_token(page: httpx.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    expect(found is not None, f"no form token on {page.url} ({page.status_code})")
    return found[1]


def readiness(ctx: Context) -> str:
    """/readyz of both nodes: 200 with Redis, the broker and the storage ok; through the
    balancer, the response carries the request id nginx made, found in nginx's log."""
    seen = []
    for name in ctx.cluster.nodes:
        response = httpx.get(f"{ctx.node(name)}/readyz", timeout=TIMEOUT)
        parts = response.json()
        wanted = {k: parts.get(k) for k in ("database", "migrations", "redis", "broker", "storage")}
        expect(
            response.status_code == 200 and set(wanted.values()) == {"ok"},
            f"node {name}: {response.status_code} {parts}",
        )
        seen.append(f"node {name} 200 {'/'.join(wanted)} ok")
    through = httpx.get(f"{ctx.cluster.url}/readyz", timeout=TIMEOUT)
    request_id = through.headers.get("X-Request-ID", "")
    expect(
        through.status_code == 200 and re.fullmatch(r"[0-9a-f]{32}", request_id) is not None,
        f"through nginx: {through.status_code}, X-Request-ID {request_id!r}",
    )
    logged = _wait_for_log_line(ctx, f"rid={request_id} ")
    expect(logged != "", f"request id {request_id} not in nginx's access log")
    seen.append(f"via nginx 200, X-Request-ID {request_id[:8]}… in nginx's log")
    return "; ".join(seen)


def _wait_for_log_line(ctx: Context, needle: str, seconds: float = 5) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for line in ctx.cluster.access_log.read_text().splitlines():
            if needle in line:
                return line
        time.sleep(0.1)
    return ""


def session_on_both_nodes(ctx: Context) -> str:
    """Log in through A's own port; the session cookie reads a staff page through B's port."""
    password = ctx.world.password(world.AUDITOR)
    with httpx.Client(base_url=ctx.node("A"), timeout=TIMEOUT) as on_a:
        token = csrf_token(on_a.get("/accounts/login/"))
        form = {"csrfmiddlewaretoken": token, "username": world.AUDITOR, "password": password}
        login = on_a.post("/accounts/login/", data=form)
        expect(login.status_code == 302, f"log-in on A answered {login.status_code}")
        ctx.session = on_a.cookies.get("sessionid", "")
    expect(ctx.session != "", "log-in on A set no session cookie")
    with ctx.staff("B") as on_b:
        page = on_b.get("/projects/")
    who = re.search(r'class="who"[^>]*>([^<]+)<', page.text)
    expect(
        page.status_code == 200 and who is not None and "李明" in who[1],
        f"/projects/ on B with A's session: {page.status_code}, signed in as {who and who[1]}",
    )
    anonymous = httpx.get(f"{ctx.node('B')}/projects/", timeout=TIMEOUT)
    expect(
        anonymous.status_code == 302 and "/accounts/login/" in anonymous.headers["Location"],
        f"/projects/ on B without the cookie: {anonymous.status_code}",
    )
    return (
        f"logged in on A (302); /projects/ on B with that cookie: 200, signed in as "
        f"{who[1].strip()}; without it: 302 to the log-in page"
    )


def evidence_on_both_nodes(ctx: Context) -> str:
    """A sheet saved with a file through A; the file downloaded through B, byte for byte."""
    project = ctx.world.project_id
    content = b"%PDF-1.4\n" + secrets.token_bytes(200_000)  # random: no other file has them
    with ctx.staff("A") as on_a:
        token = csrf_token(on_a.get(f"/projects/{project}/evaluations/new/"))
        saved = on_a.post(
            f"/projects/{project}/evaluations/new/",
            data=_sheet(token),
            files={"evidence_1.1": ("现场照片说明.pdf", content, "application/pdf")},
        )
    expect(saved.status_code == 302, f"save on A answered {saved.status_code}")
    with ctx.staff("B") as on_b:
        sheet_page = on_b.get(saved.headers["Location"])
        link = re.search(rf"/projects/{project}/evidence/\d+/", sheet_page.text)
        expect(
            link is not None, f"no evidence link on the sheet read on B ({sheet_page.status_code})"
        )
        download = on_b.get(link[0])
    expect(
        download.status_code == 200 and download.content == content,
        f"download on B: {download.status_code}, {len(download.content)} bytes "
        f"(sent {len(content)})",
    )
    digest = hashlib.sha256(download.content).hexdigest()[:16]
    return (
        f"saved on A (302) with {len(content):,} bytes; downloaded on B ({link[0]}): "
        f"200, the same {len(download.content):,} bytes, SHA-256 {digest}…"
    )


def _sheet(token: str) -> dict:
    """An auditor's evaluation sheet of today, α 0.9 on every item."""
    from tests.web.sheet_helpers import sheet

    today = time.strftime("%Y-%m-%d")
    return sheet(evaluator="李明", date=today) | {"csrfmiddlewaretoken": token}


HELD = re.compile(r"(\d+) customer responses? (?:is|are) held")
WAITING = re.compile(r"(\d+) answers? waiting")


def project_survey_figures(client: httpx.Client, project: int) -> tuple[int, int]:
    """(responses held, answers waiting) as the project page shows them."""
    page = client.get(f"/projects/{project}/")
    expect(page.status_code == 200, f"project page: {page.status_code}")
    held, waiting = HELD.search(page.text), WAITING.search(page.text)
    return (int(held[1]) if held else 0, int(waiting[1]) if waiting else 0)


def _answers(ticket: str) -> dict:
    """The questionnaire's fields as the survey tests post them (Django is set up by then)."""
    from tests.web.surveys.support import answers

    return answers(ticket_value=ticket)


def answer_survey(client: httpx.Client, token: str) -> tuple[httpx.Response, str]:
    """GET the public form, POST answers with its ticket: (the POST's response, the nonce)."""
    form = client.get(f"/s/{token}/")
    expect(form.status_code == 200, f"survey form: {form.status_code}")
    ticket = re.search(r'name="ticket" value="([^"]+)"', form.text)[1]
    posted = client.post(f"/s/{token}/", data=_answers(ticket))
    return posted, world.ticket_nonce(ticket)


def survey_counts_on_b(ctx: Context, deadline_seconds: float = 30) -> str:
    """An answer posted through A is a response on the project page read through B, once the
    worker has drained it (beat queues a drain every second)."""
    project = ctx.world.project_id
    with ctx.staff("B") as on_b:
        held_before, _waiting = project_survey_figures(on_b, project)
        with httpx.Client(base_url=ctx.node("A"), timeout=TIMEOUT) as phone:
            posted, _nonce = answer_survey(phone, ctx.world.survey_token)
        expect(posted.status_code == 303, f"answer on A: {posted.status_code}")
        sent = time.monotonic()
        while True:
            held, waiting = project_survey_figures(on_b, project)
            if (held, waiting) == (held_before + 1, 0):
                break
            expect(
                time.monotonic() - sent < deadline_seconds,
                f"after {deadline_seconds} s the page on B shows {held} held, {waiting} waiting",
            )
            time.sleep(0.3)
    return (
        f"answer sent on A (303); project page on B: held responses {held_before} → {held}, "
        f"0 waiting, {time.monotonic() - sent:.1f} s after the answer"
    )


def rate_limit_across_nodes(ctx: Context) -> str:
    """/verify, limited per address: look-ups alternating between A and B are refused once
    their total passes VERIFY_RATE_PER_MINUTE (counted in Redis, shared by both)."""
    from django.conf import settings

    limit = settings.VERIFY_RATE_PER_MINUTE
    _wait_for_fresh_window()
    number = ctx.world.certificate_number
    outcomes = []
    for n in range(2 * limit):
        node = "AB"[n % 2]
        response = httpx.get(f"{ctx.node(node)}/verify/{number}", timeout=TIMEOUT)
        outcomes.append((node, response.status_code, number in response.text))
    allowed = [o for o in outcomes if o[1] == 200 and o[2]]
    refused = [o for o in outcomes if o[1] == 429]
    expect(
        [o[1] for o in outcomes] == [200] * limit + [429] * limit,
        f"limit {limit}: statuses in order {[o[1] for o in outcomes]}",
    )
    return (
        f"VERIFY_RATE_PER_MINUTE={limit}; {len(outcomes)} look-ups alternating A/B: the first "
        f"{len(allowed)} answered ({sum(o[0] == 'A' for o in allowed)} on A, "
        f"{sum(o[0] == 'B' for o in allowed)} on B), the next {len(refused)} refused with 429 "
        f"({sum(o[0] == 'A' for o in refused)} on A, {sum(o[0] == 'B' for o in refused)} on B)"
    )


def _wait_for_fresh_window(margin: float = 15) -> None:
    """django-ratelimit counts in fixed windows; start the look-ups with *margin* seconds of
    the window left, so that one run never straddles two windows."""
    from django.test import RequestFactory
    from django_ratelimit.core import get_usage

    from greencert.web.certification.views.public import verify_rate

    request = RequestFactory().get("/verify/x", REMOTE_ADDR="127.0.0.1")
    usage = get_usage(
        request, group="greencert.public", key="ip", rate=verify_rate, increment=False
    )
    if usage["time_left"] < margin:
        time.sleep(usage["time_left"] + 1)


@dataclass
class Sent:
    started: float
    finished: float
    status: int
    nonce: str
    request_ids: tuple[str, ...]


def node_killed_under_load(ctx: Context, before: float = 4, after: float = 12) -> str:
    """Survey answers through nginx from 4 clients; node A SIGKILLed midway.  Every answer
    acknowledged (303) is stored and drained; every request sent after the kill succeeds,
    served by B.  *after* outlasts the template's fail_timeout (10 s), so nginx tries A
    again, is refused, and passes the request on to B."""
    stop = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(_answer_until, ctx, stop) for _ in range(4)]
        time.sleep(before)
        killed_at = time.monotonic()
        ctx.cluster.nodes["A"].process.kill()
        time.sleep(after)
        stop.set()
        sent = [s for f in futures for s in f.result()]
    acknowledged = [s for s in sent if s.status == 303]
    late = [s for s in sent if s.started > killed_at]
    stored = world.stored_nonces(ctx.world.survey_id, [s.nonce for s in acknowledged])
    expect(
        len(stored) == len(acknowledged),
        f"{len(acknowledged)} answers acknowledged, {len(stored)} stored",
    )
    expect(
        late and all(s.status == 303 for s in late),
        f"after the kill: {len(late)} answers, statuses {sorted({s.status for s in late})}",
    )
    served = _upstreams(ctx, [rid for s in late for rid in s.request_ids])
    node_b = f"127.0.0.1:{ctx.cluster.nodes['B'].port}"
    expect(
        served and all(u.endswith(node_b) for u in served.values()),
        f"after the kill nginx sent requests to {sorted(set(served.values()))}",
    )
    before_kill = [s for s in sent if s.finished < killed_at]
    balanced = Counter(
        _upstreams(ctx, [rid for s in before_kill for rid in s.request_ids]).values()
    )
    node_a = f"127.0.0.1:{ctx.cluster.nodes['A'].port}"
    expect(
        balanced[node_a] > 0 and balanced[node_b] > 0,
        f"before the kill nginx sent requests to {dict(balanced)}",
    )
    counts = _drained(ctx)
    in_flight = [s for s in sent if s.started <= killed_at <= s.finished]
    refused = [s for s in in_flight if s.status != 303]
    kept_anyway = world.stored_nonces(ctx.world.survey_id, [s.nonce for s in refused if s.nonce])
    return (
        f"{len(sent)} answers (GET form + POST) from 4 clients, {len(before_kill)} before the "
        f"kill (nginx sent {balanced[node_a]} requests to A, {balanced[node_b]} to B), "
        f"{len(in_flight)} in flight at it ({len(refused)} refused, never acknowledged, "
        f"{len(kept_anyway)} of them stored all the same), "
        f"{len(late)} after it: all 303, {len(served)} requests all served by B "
        f"({sum(',' in u for u in served.values())} after a refused connection to A); "
        f"{len(acknowledged)} acknowledged = {len(stored)} stored; drained: "
        f"{counts['responses']} responses for {counts['submissions']} submissions"
    )


def _answer_until(ctx: Context, stop: threading.Event) -> list[Sent]:
    sent = []
    with httpx.Client(base_url=ctx.cluster.url, timeout=TIMEOUT) as phone:
        while not stop.is_set():
            started = time.monotonic()
            try:
                form = phone.get(f"/s/{ctx.world.survey_token}/")
                ticket = re.search(r'name="ticket" value="([^"]+)"', form.text)
                if form.status_code != 200 or ticket is None:
                    sent.append(Sent(started, time.monotonic(), form.status_code, "", ()))
                    continue
                posted = phone.post(f"/s/{ctx.world.survey_token}/", data=_answers(ticket[1]))
                ids = (form.headers.get("X-Request-ID", ""), posted.headers.get("X-Request-ID", ""))
                nonce = world.ticket_nonce(ticket[1])
                sent.append(Sent(started, time.monotonic(), posted.status_code, nonce, ids))
            except httpx.TransportError:
                sent.append(Sent(started, time.monotonic(), 0, "", ()))
    return sent


def _upstreams(ctx: Context, request_ids: list[str]) -> dict[str, str]:
    """Request id → the node(s) nginx tried for it, from nginx's access log."""
    wanted = set(request_ids)
    found = {}
    for line in ctx.cluster.access_log.read_text().splitlines():
        match = re.search(r"rid=(\w+) upstream=(.*?) upstream_status=", line)
        if match and match[1] in wanted:
            found[match[1]] = match[2]
    return found


def _drained(ctx: Context, seconds: float = 60) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    while True:
        counts = world.survey_counts(ctx.world.survey_id)
        if counts["waiting"] == 0 and counts["responses"] == counts["submissions"]:
            return counts
        expect(time.monotonic() < deadline, f"not drained after {seconds} s: {counts}")
        time.sleep(0.5)


CHECKS = [
    ("a session made on node A serves on node B", session_on_both_nodes),
    ("evidence uploaded through A downloads through B", evidence_on_both_nodes),
    ("a survey answered through A counts on the project page on B", survey_counts_on_b),
    ("a rate limit holds across both nodes", rate_limit_across_nodes),
    ("node A killed under load: nothing acknowledged lost, B serves", node_killed_under_load),
]
