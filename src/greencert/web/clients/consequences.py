"""What refusing an application will do, for the page that asks to confirm it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from greencert.web.clients.models import Application
from greencert.web.confirmation import Consequences


def refusal(application: Application) -> Consequences:
    """What refusing *application* will do, named for this application."""
    organisation = application.organisation
    users = organisation.users.filter(is_active=True).count()
    lines = [
        _(
            "The application of %(organisation)s submitted on %(date)s (%(services)s at "
            "%(sites)s) will be refused."
        )
        % {
            "organisation": organisation.name,
            "date": timezone.localtime(application.submitted_at).date().isoformat(),
            "services": pgettext("list separator", ", ").join(
                s.name for s in application.services.all()
            )
            or "—",
            "sites": pgettext("list separator", ", ").join(s.name for s in application.sites.all())
            or "—",
        },
        ngettext(
            "The organisation's %(n)s user will see the refusal and your reason on its page.",
            "The organisation's %(n)s users will see the refusal and your reason on its page.",
            users,
        )
        % {"n": users},
        _("No project can be created from this application."),
    ]
    return Consequences(
        lines=lines,
        reversible=False,
        way_back=_(
            "This cannot be undone: a refused application is never reopened; the "
            "organisation may submit a new application."
        ),
    )
