"""``{% projects_of organisation as projects %}``: the organisation's projects this person may see.

Pages of lower apps (the organisation page in clients) show projects through
this tag, so that clients never imports projects.
"""

from __future__ import annotations

from django import template

from greencert.web.projects.access import visible_projects

register = template.Library()


@register.simple_tag(takes_context=True)
def projects_of(context, organisation):
    return visible_projects(context["request"].user).filter(organisation=organisation)
