"""Template helpers of the sheet pages."""

from django import template

from greencert.web.projects.result_display import core_language

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """A scheme text in the active language: ``field_en`` in English, when the scheme has it."""
    if core_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
