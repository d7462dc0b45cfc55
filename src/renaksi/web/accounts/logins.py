"""Logins and sessions: what happens at a login, and what a session carries (docs/security.md).

A login (the login page, the admin's, a password reset's) is Django's ``login()``; at that moment
``on_login`` starts the session's two clocks (since the login, since the last request: the
middleware ends the session when either runs out) and decides whether a second step is owed:

- an account with a confirmed TOTP device owes its code (``VERIFY``) before any page;
- with RENAKSI_REQUIRE_ADMIN_2FA, an administrator without a device owes an enrolment (``ENROL``).

Until the step is done the session reaches only that step's page, logging out and the language
(the middleware sends everything else there). A wrong code counts as a failed login (django-axes:
enough of them lock the account as wrong passwords do); the failures are forgotten once a login is
complete, second factor included.
"""

from __future__ import annotations

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed

from .models import Role

# Session keys (values are JSON: seconds since the epoch, a step's name).
LOGIN_AT = "renaksi_login_at"
ACTIVE_AT = "renaksi_active_at"
PENDING = "renaksi_second_factor"
VERIFY = "verify"
ENROL = "enrol"
# A second step not taken within this time ends the session (the password must be typed again).
PENDING_SECONDS = 10 * 60


def offers_second_factor(user) -> bool:
    """Administrators (the kabupaten's, staff, superusers) may protect their account with TOTP."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    profile = getattr(user, "profile", None)
    return profile is not None and profile.role == Role.ADMIN


def requires_second_factor(user) -> bool:
    return settings.RENAKSI_REQUIRE_ADMIN_2FA and offers_second_factor(user)


def confirmed_device(user):
    """The account's confirmed TOTP device, if it has one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: start the session's clocks; owe the second step, or complete the login."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[LOGIN_AT] = now
    session[ACTIVE_AT] = now
    if confirmed_device(user) is not None:
        session[PENDING] = VERIFY
    elif requires_second_factor(user):
        session[PENDING] = ENROL
    else:
        complete(request, user)


def complete(request, user) -> None:
    """The login is complete: no step owed, the failed attempts forgotten."""
    request.session.pop(PENDING, None)
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(
        request, {"username": user.get_username()}
    )


def credentials(user) -> dict:
    return {"username": user.get_username()}


def is_locked_out(request, user) -> bool:
    """Is the account (or this address) locked for failed logins (django-axes)?"""
    return not AxesProxyHandler.is_allowed(request, credentials(user))


def record_failure(request, user) -> bool:
    """A wrong second-factor code: a failed login like a wrong password. True when it locks."""
    user_login_failed.send(sender=__name__, credentials=credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def attempted_username(request, credentials) -> str | None:
    """The name a login attempt gave, as django-axes records it: cut to the longest a username
    can be (150), since axes stores it in a column of 255 and a longer name tried would end the
    login page in a database error on PostgreSQL (SQLite does not check lengths)."""
    if credentials:
        name = credentials.get("username")
    else:
        name = getattr(request, "data", request.POST).get("username")
    return None if name is None else str(name)[:150]
