"""``{% project_next_step project as next %}`` and ``{% application_next_step application as next %}``:
what comes next and for whom, for the header of the project and application pages
(the partial ``certification/_next_step.html`` shows it)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from greencert.web.certification.next_steps import application_facts, may_take, project_facts
from greencert.web.next_steps import next_step

register = template.Library()


def _shown(user, facts, project) -> dict | None:
    step = next_step(facts)
    if step is None:
        return None
    link = None
    if may_take(user, step, project):
        link = reverse(step.url_name, args=step.url_args) + step.query
    return {"step": step, "link": link}


@register.simple_tag(takes_context=True)
def project_next_step(context, project) -> dict | None:
    return _shown(context["request"].user, project_facts(project), project)


@register.simple_tag(takes_context=True)
def application_next_step(context, application) -> dict | None:
    facts = application_facts(application)
    project = application.projects.order_by("-id").first() if facts.project_id else None
    return _shown(context["request"].user, facts, project)
