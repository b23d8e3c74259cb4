"""The mixed load of ``benchmarks/bench_load.py``: four kinds of request, as locust users.

Run by that script (``locust --headless -f benchmarks/load/locustfile.py``), which seeds the
cluster's database and writes what the users need to a JSON file named by the environment
variable ``GREENCERT_LOAD_PLAN``: the staff login and project, the survey's token, the
certificate numbers, the rated items.  Nothing here imports Django: locust's gevent would
patch it, and a client must know only what a browser knows.

Every request is named by its kind, so locust counts each kind apart:

* ``staff page`` — an auditor reading the project list or a project's page (logged in);
* ``sheet save`` — the auditor saving an evaluation sheet through the form (CSRF token and
  the sheet's version read from the form, a 302 expected), after ``sheet form`` (that GET);
* ``survey answer`` — a customer posting the public questionnaire (a 303 expected), after
  ``survey form`` (the GET that hands out the form's one-time ticket);
* ``certificate look-up`` — the public reading ``/verify/<number>``.

A response counts as a success only if it is what a person would have seen: the status
expected and the page's own content (the project named, the certificate's number), so an
error page served with 200 is a failure.

The measured window opens once every user is spawned and every auditor has logged in (the
log-ins, slow by design, are not the load): the statistics are reset then, and locust quits
``GREENCERT_LOAD_SECONDS`` later, so every run measures the same length of steady load.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import random
import re
import secrets
import urllib.parse
from pathlib import Path

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["GREENCERT_LOAD_PLAN"]).read_text())
THINK = float(os.environ.get("GREENCERT_LOAD_THINK", "0.5"))
SECONDS = float(os.environ.get("GREENCERT_LOAD_SECONDS", "30"))
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
TICKET = re.compile(r'name="ticket" value="([^"]+)"')
SHEET_URL = re.compile(r"/projects/\d+/evaluations/(\d+)/$")


class Failed(Exception):
    """What the page showed instead of what a person expected."""


def found(pattern: re.Pattern, response, what: str) -> str:
    match = pattern.search(response.text or "")
    if match is None:
        raise Failed(f"{what} not on the page ({response.status_code})")
    return match[1]


def encoded(fields: dict) -> str:
    return urllib.parse.urlencode(fields)


class Window:
    """When the measured window opens: every user spawned, every auditor at work."""

    environment = None
    spawned = False
    auditors_ready = 0
    opened = False

    @classmethod
    def open_when_ready(cls) -> None:
        runner = cls.environment.runner
        wanted = runner.user_classes_count.get("Auditor", 0)
        if cls.opened or not cls.spawned or cls.auditors_ready < wanted:
            return
        cls.opened = True
        runner.stats.reset_all()
        logging.info("measuring for %s s", SECONDS)
        gevent.spawn_later(SECONDS, runner.quit)


@events.init.add_listener
def _remember(environment, **_kwargs) -> None:
    Window.environment = environment


@events.spawning_complete.add_listener
def _spawned(user_count, **_kwargs) -> None:
    Window.spawned = True
    Window.open_when_ready()


class Customer(FastHttpUser):
    """A customer who scanned the survey poster: opens the form, answers every item."""

    weight = 3
    wait_time = between(0, THINK)

    @task
    def answer_survey(self) -> None:
        path = f"/s/{PLAN['survey_token']}/"
        with self.client.get(path, name="survey form", catch_response=True) as form:
            if form.status_code != 200 or TICKET.search(form.text or "") is None:
                form.failure(f"no questionnaire ({form.status_code})")
                return
        fields = {"ticket": TICKET.search(form.text)[1], "comment": "", "website": ""}
        fields |= {f"q_{item}": str(random.randint(2, 5)) for item in PLAN["items"]}
        with self.client.post(
            path,
            data=encoded(fields),
            headers=FORM,
            name="survey answer",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 303:
                answer.failure(f"answer not taken ({answer.status_code})")


class Public(FastHttpUser):
    """Someone checking a certificate's QR code."""

    weight = 3
    wait_time = between(0, THINK)

    @task
    def look_up(self) -> None:
        number = random.choice(PLAN["certificates"])
        with self.client.get(
            f"/verify/{number}", name="certificate look-up", catch_response=True
        ) as page:
            if page.status_code != 200 or number not in (page.text or ""):
                page.failure(f"certificate {number} not shown ({page.status_code})")


class Auditor(FastHttpUser):
    """An auditor at work: reads the project list and the project's page, and saves an
    evaluation sheet of their own (made when they start, then edited: the project's data
    keep their size, so the first run and the second read the same pages)."""

    weight = 2
    wait_time = between(0, THINK)

    def on_start(self) -> None:
        try:
            self.log_in()
            self.project = PLAN["staff"]["project"]
            self.code = f"LOAD-{secrets.token_hex(4)}"
            self.sheet = None  # made by the first save
            self.save_sheet()
        finally:
            # Ready even if refused: its requests then fail and are counted, instead of the
            # run waiting for ever.
            Window.auditors_ready += 1
            Window.open_when_ready()

    def log_in(self) -> None:
        staff = PLAN["staff"]
        login = self.client.get("/accounts/login/", name="log-in")
        fields = {
            "csrfmiddlewaretoken": found(CSRF, login, "the log-in form"),
            "username": staff["username"],
            "password": staff["password"],
        }
        with self.client.post(
            "/accounts/login/",
            data=encoded(fields),
            headers=FORM,
            name="log-in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"log-in refused ({answer.status_code})")

    @task(4)
    def staff_page(self) -> None:
        if random.random() < 0.5:
            url, expected = "/projects/", f"/projects/{self.project}/"
        else:
            url, expected = f"/projects/{self.project}/", PLAN["staff"]["organisation"]
        with self.client.get(url, name="staff page", catch_response=True) as page:
            if page.status_code != 200 or expected not in (page.text or ""):
                page.failure(f"{url}: {expected} not on the page ({page.status_code})")

    @task(1)
    def save_sheet(self) -> None:
        base = f"/projects/{self.project}/evaluations/"
        url = f"{base}{self.sheet}/" if self.sheet else f"{base}new/"
        with self.client.get(url, name="sheet form", catch_response=True) as form:
            if form.status_code != 200 or CSRF.search(form.text or "") is None:
                form.failure(f"no sheet form ({form.status_code})")
                return
        fields = self.sheet_fields(CSRF.search(form.text)[1])
        if self.sheet:
            fields["version"] = found(VERSION, form, "the sheet's version")
        with self.client.post(
            url,
            data=encoded(fields),
            headers=FORM,
            name="sheet save",
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            where = SHEET_URL.search(saved.headers.get("Location", "") if saved.headers else "")
            if saved.status_code != 302 or where is None:
                saved.failure(f"sheet not saved ({saved.status_code})")
                return
            self.sheet = where[1]

    def sheet_fields(self, token: str) -> dict:
        """Every item rated (α 0.6–1.0, a new mix each time), as the form posts it."""
        fields = {
            "csrfmiddlewaretoken": token,
            "code": self.code,
            "evaluator": PLAN["staff"]["evaluator"],
            "date": datetime.date.today().isoformat(),
            "source": "auditor",
            "note": "",
            "save": "1",
        }
        return fields | {
            f"alpha_{item}": random.choice(["0.6", "0.7", "0.8", "0.9", "1.0"])
            for item in PLAN["items"]
        }
