"""Why an address is refused or an attempt failed: a code and its figures, worded when shown.

The log keeps the code and the figures, not a sentence: the page words them in its
reader's language, whichever language the worker ran in.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "target.not_url": _("Give a full address starting with https://."),
    "target.credentials": _("The address must not hold a user name or password."),
    "target.port": _("The port of the address is not a number between 1 and 65535."),
    "target.not_found": _("The host %(host)s cannot be found."),
    "target.private": _(
        "%(host)s is a private, loopback or reserved address (%(address)s): "
        "webhooks go only to public addresses."
    ),
    "target.https_only": _("Webhooks are sent over https only (http only to this machine)."),
    "secret.unreadable": _(
        "The secret cannot be read with this server's key: give the endpoint a new secret."
    ),
    "timeout": _("No answer within %(seconds)s s."),
    "connection": _("The connection failed."),
    "status": _("The receiver answered %(code)s."),
}


def wording(code: str, params: dict | None = None) -> str:
    """The message of *code* with its figures, in the active language.

    >>> wording("status", {"code": 500})
    'The receiver answered 500.'
    """
    return str(MESSAGES[code]) % (params or {})
