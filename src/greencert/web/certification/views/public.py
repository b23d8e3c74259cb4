"""The public register and certificate verification: no login.

``/verify/<number>`` is printed in the QR code of every certificate, so it
is a permanent contract: it answers with and without a trailing slash,
in any letter case or with spaces (redirected to the canonical number),
and with a revision suffix (``-R1``) as printed on a reissued certificate.
Only what the certificate states in public is shown: never the internal
reason of a suspension or withdrawal, never project data or people.
Both pages are rate-limited per client address.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from greencert.web.certification.forms.certificates import RegisterSearchForm
from greencert.web.certification.models import Certificate

# A name search needs this many characters: a single 绿 would list half the register.
MIN_NAME_CHARS = 2
MAX_RESULTS = 50
REVISION_SUFFIX = re.compile(r"^(?P<number>.+)-R\d+$")


def verify_rate(group, request) -> str:
    """Read from the settings on every request, so that a deployment (or a test) can change it."""
    return f"{settings.VERIFY_RATE_PER_MINUTE}/m"


# One bucket for the public look-ups, the page's and the API's alike.
PUBLIC_LIMIT = {"group": "greencert.public", "key": "ip", "rate": verify_rate}
public_rate_limit = ratelimit(**PUBLIC_LIMIT, block=False)


def canonical(number: str) -> str:
    """Certificate numbers are stored upper-case without spaces."""
    return "".join(number.split()).upper()


def find_certificate(typed: str) -> Certificate | None:
    number = canonical(typed)
    if not number:
        return None
    found = Certificate.objects.filter(number=number).first()
    if found is None and (match := REVISION_SUFFIX.match(number)):
        found = Certificate.objects.filter(number=match["number"]).first()
    return found


def public_facts(certificate: Certificate, today) -> dict:
    """What the public may know of a certificate: what it states, and its status today."""
    return {
        "number": certificate.number,
        "display_number": certificate.display_number,
        "organisation": certificate.organisation_name,
        "scope": certificate.scope,
        "sites": certificate.sites,
        "scheme": certificate.scheme_label,
        "grade": certificate.grade,
        "granted_on": certificate.granted_on,
        "expires_on": certificate.expires_on,
        "issuer": certificate.issuer,
        "status": certificate.current_status(today),
        "status_label": Certificate.Status(certificate.current_status(today)).label,
    }


def _page(request, template: str, context: dict | None = None, status: int = 200):
    """A public page: it names the certification body at its foot."""
    context = {
        **(context or {}),
        "body": settings.CERTIFICATION_BODY,
        "body_en": settings.CERTIFICATION_BODY_EN,
    }
    return render(request, template, context, status=status)


def _too_many(request):
    response = _page(request, "certification/verify_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


@never_cache
@require_safe
@public_rate_limit
def register(request):
    if request.limited:
        return _too_many(request)
    today = timezone.localdate()
    form = RegisterSearchForm(request.GET or None)
    results, too_short = None, False
    if form.is_valid():
        typed = form.cleaned_data["q"].strip()
        by_number = Q(number=canonical(typed))
        if match := REVISION_SUFFIX.match(canonical(typed)):
            by_number |= Q(number=match["number"])
        if len(typed) >= MIN_NAME_CHARS:
            found = Certificate.objects.filter(by_number | Q(organisation_name__icontains=typed))
        else:
            found, too_short = Certificate.objects.filter(by_number), True
        results = [
            public_facts(c, today)
            for c in found.order_by("organisation_name", "number")[: MAX_RESULTS + 1]
        ]
    context = {
        "form": form,
        "results": results[:MAX_RESULTS] if results is not None else None,
        "more": results is not None and len(results) > MAX_RESULTS,
        "too_short": too_short and not results,
        "min_chars": MIN_NAME_CHARS,
    }
    return _page(request, "certification/register.html", context)


@never_cache
@require_safe
@public_rate_limit
def verify(request, number):
    if request.limited:
        return _too_many(request)
    certificate = find_certificate(number)
    if certificate is None:
        return _page(request, "certification/verify_not_found.html", {"number": number}, status=404)
    if certificate.number != number:
        # Lower case, spaces or a revision suffix: one canonical address per certificate.
        return redirect("verify", number=certificate.number, permanent=True)
    facts = public_facts(certificate, timezone.localdate())
    return _page(request, "certification/verify.html", {"c": facts})
