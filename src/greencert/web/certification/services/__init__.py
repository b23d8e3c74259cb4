"""Writes of the certification lifecycle, one module per stage.

Every function is keyword-only, runs in one transaction and records its
audit entry where the change is made.  Rule breaches raise
:class:`Refused` with a message for people; impartiality breaches are also
logged as :class:`~greencert.web.certification.models.RefusedAttempt`.
"""


class Refused(Exception):
    """The action breaks a rule of the certification process; nothing was changed."""
