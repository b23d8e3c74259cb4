"""The second factor: a TOTP authenticator app, and single-use recovery codes.

Both are django-otp devices (``TOTPDevice``, ``StaticDevice``); this module
only says who needs one and finds a person's devices.  A TOTP device is
made unconfirmed when enrolment starts and confirmed when the person types a
first code from their app; a recovery code is a static token, removed by
django-otp when it is used, so each works once.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_DEVICE_NAME = "recovery"


def required_for(user) -> bool:
    """Whether the person's role must use a second factor (``SECOND_FACTOR_ROLES``)."""
    return user.is_authenticated and user.role in settings.SECOND_FACTOR_ROLES


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_devices(user) -> list:
    return list(devices_for_user(user, confirmed=True))


def pending_totp(user) -> TOTPDevice | None:
    """The authenticator being set up (made by the enrolment service), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def recovery_codes(user) -> list[str]:
    """The recovery codes not used yet."""
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    return [t.token for t in device.token_set.all()] if device else []


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed by hand."""
    return device.config_url.split("secret=")[1].split("&")[0]


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an inline SVG QR code (no script, no data URI)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True)


def match(user, code: str):
    """The confirmed device that accepts *code*, or None.

    Six digits are tried on the authenticator (django-otp throttles repeated
    failures there); anything else as a recovery code, which is used up.
    """
    code = "".join(code.split()).lower()
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in confirmed_devices(user):
        if isinstance(device, model):
            found = verify_token(user, device.persistent_id, code)
            if found is not None:
                return found
    return None
