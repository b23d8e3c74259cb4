"""Benchmark staff who may join an audit team: a qualification for the scheme and a signed
impartiality declaration, valid over any audit date a benchmark uses (the assignment check,
ISO/IEC 17065 §6.1, refuses anyone else)."""

from __future__ import annotations

import datetime


def qualify(user) -> None:
    from greencert.web.accounts.models import ImpartialityDeclaration, Qualification

    start, end = datetime.date(2020, 1, 1), datetime.date(2039, 12, 31)
    ImpartialityDeclaration.objects.create(
        person=user, signed_on=start, valid_until=end, statement="benchmark"
    )
    Qualification.objects.create(
        person=user,
        kind=Qualification.Kind.AUDITOR,
        registration_number=f"BENCH-{user.pk:05d}",
        valid_from=start,
        valid_until=end,
        schemes="CTS TBSC041",
    )
