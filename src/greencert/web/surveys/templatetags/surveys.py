"""``{% service_by_source assessment %}``: the score with and without customers, per source.

Lets the project page show the table with one line, without changing its view.
"""

from django import template

from greencert.web.projects.by_source import service_by_source_rows

register = template.Library()


@register.inclusion_tag("projects/_service_by_source.html")
def service_by_source(assessment):
    return {"by_source": service_by_source_rows(assessment)}
