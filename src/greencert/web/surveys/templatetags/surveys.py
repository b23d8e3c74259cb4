"""Survey facts on pages of lower apps, which never import surveys.

``{% answers_waiting project as n %}``: answers posted to the project's
surveys and not yet turned into responses (the project page shows the count).
``{% service_by_source assessment %}``: the score with and without customers,
per source, as a table.
"""

from django import template

from greencert.web.projects.by_source import service_by_source_rows
from greencert.web.surveys.selectors import waiting_in_project

register = template.Library()


@register.inclusion_tag("projects/_service_by_source.html")
def service_by_source(assessment):
    return {"by_source": service_by_source_rows(assessment)}


@register.simple_tag
def answers_waiting(project) -> int:
    return waiting_in_project(project)
