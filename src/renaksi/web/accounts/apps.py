from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renaksi.web.accounts"
    label = "accounts"
    verbose_name = _("Units and accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from .. import audit
        from . import logins

        user_logged_in.connect(logins.on_login, dispatch_uid="renaksi-on-login")
        # The audit log: every login, failed login and logout.
        user_logged_in.connect(audit.on_logged_in, dispatch_uid="renaksi-audit-login")
        user_logged_out.connect(audit.on_logged_out, dispatch_uid="renaksi-audit-logout")
        user_login_failed.connect(audit.on_login_failed, dispatch_uid="renaksi-audit-failed")
