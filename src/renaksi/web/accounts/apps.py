from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renaksi.web.accounts"
    label = "accounts"
    verbose_name = _("Units and accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import logins

        user_logged_in.connect(logins.on_login, dispatch_uid="renaksi-on-login")
