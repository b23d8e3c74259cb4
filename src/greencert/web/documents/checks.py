"""Start-up check: PDFs need an embeddable Chinese font; say so clearly before anyone asks for one."""

from django.core.checks import Error, register

from greencert.reports.fonts import FontMissing, find_cjk_font


@register()
def cjk_font_installed(app_configs, **kwargs):
    try:
        find_cjk_font()
    except FontMissing as exc:
        return [Error(str(exc), hint="apt-get install fonts-wqy-zenhei", id="greencert.E001")]
    return []
