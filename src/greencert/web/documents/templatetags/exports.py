"""``{% may_export_certificates organisation as can %}``: whether the person reading the
organisation's page may ask for all its certificates in one file (the clients app's page
offers it without knowing the documents app)."""

from __future__ import annotations

from django import template

from greencert.web.documents.access import may_export
from greencert.web.documents.models import Export

register = template.Library()


@register.simple_tag(takes_context=True)
def may_export_certificates(context, organisation) -> bool:
    return may_export(context["request"].user, Export.Kind.CERTIFICATES, organisation)
