"""The session's rules, on every request of a logged-in session (docs/security.md).

- Idle: RENAKSI_SESSION_IDLE_MINUTES without a request ends the session (0: no idle limit). The
  time of the last request is written to the session at most once a minute, so a page costs no
  extra query; the limit is kept to the minute.
- Absolute: RENAKSI_SESSION_MAX_HOURS after the login the session ends, however busy.
- A second step owed (the code of an enrolled account, an administrator's enrolment when
  required): every page but that step's, logging out and the language sends there.

A session that ends says why on the login page, which brings the person back where they were.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import logins

# Written at most this often (seconds): the idle limit is kept to within it.
ACTIVITY_RESOLUTION = 60
STEP_VIEWS = {logins.VERIFY: "two_factor_verify", logins.ENROL: "two_factor_setup"}
# Reachable with a second step owed, besides the step's own page.
OPEN_VIEWS = {"logout", "login", "set_language"}


def back_to(request) -> str:
    """Where the login brings the person back: this page, or for a form sent, the page it was on."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("home")


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            response = self.apply(request, session)
            if response is not None:
                return response
        return self.get_response(request)

    def apply(self, request, session):
        now = int(time.time())
        login_at, active_at = session.get(logins.LOGIN_AT), session.get(logins.ACTIVE_AT)
        if login_at is None or active_at is None:
            # A session from before these rules: its clocks start now.
            session[logins.LOGIN_AT] = login_at = login_at or now
            session[logins.ACTIVE_AT] = active_at = now
        if now - login_at > settings.RENAKSI_SESSION_MAX_HOURS * 3600:
            hours = settings.RENAKSI_SESSION_MAX_HOURS
            return self.end(
                request,
                _(
                    "Your session has ended: it lasts %(hours)s hours after logging in. "
                    "Please log in again."
                )
                % {"hours": f"{hours:g}"},
            )
        idle = settings.RENAKSI_SESSION_IDLE_MINUTES
        if idle > 0 and now - active_at > idle * 60:
            return self.end(
                request,
                ngettext(
                    "You were logged out after %(minutes)d minute without activity. "
                    "Please log in again.",
                    "You were logged out after %(minutes)d minutes without activity. "
                    "Please log in again.",
                    idle,
                )
                % {"minutes": idle},
            )
        step = session.get(logins.PENDING)
        if step and now - login_at > logins.PENDING_SECONDS:
            return self.end(request, _("The login was not completed in time. Please log in again."))
        if now - active_at >= ACTIVITY_RESOLUTION:
            session[logins.ACTIVE_AT] = now
        if step in STEP_VIEWS:
            return self.owed_step(request, STEP_VIEWS[step])
        return None

    @staticmethod
    def end(request, message: str):
        logout(request)
        messages.info(request, message)
        return redirect_to_login(back_to(request))

    @staticmethod
    def owed_step(request, view_name: str):
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if name == view_name or name in OPEN_VIEWS:
            return None
        url = reverse(view_name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
