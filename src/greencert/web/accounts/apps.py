from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "greencert.web.accounts"
    verbose_name = _("People and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from greencert.web.accounts import audit_labels, checks
        from greencert.web.audit import labels

        labels.register_module(audit_labels)
        # Django's login() is where every password check ends (the log-in form, an accepted
        # invitation); the session remembers when, for its lifetime and for re-authentication.
        user_logged_in.connect(checks.on_logged_in, dispatch_uid="greencert.web.accounts.checks")
