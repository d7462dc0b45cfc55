"""Account pages: one's own account, the password (change, reset by e-mail), the second factor.

Logging in is Django's login page (``registration/login.html``); what happens at a login and on
each request of a session is in ``logins.py`` and ``middleware.py``. See docs/security.md.
"""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify

import segno
from axes.helpers import get_cool_off
from axes.models import AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .. import audit
from . import logins
from .forms import CodeForm, PasswordAgainForm

# The secret of a device being enrolled, kept in the session until a code from it is typed.
ENROL_KEY = "renaksi_totp_key"
DEVICE_NAME = "Renaksi"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account or address: the login page, saying so (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked": True,
        "cooloff_minutes": minutes,
        "next": safe_next(request, default=""),
    }
    return render(request, "registration/login.html", context, status=429)


def safe_next(request, default: str | None = None) -> str:
    """The ``next`` the request names, when it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL) if default is None else default


def locked_response(request):
    """End a half-done login; AxesMiddleware answers with the page of a locked account."""
    request.axes_locked_out = True
    logout(request)
    return HttpResponse(status=429)


@login_required
def account(request):
    user = request.user
    offered = logins.offers_second_factor(user)
    context = {
        "offers_second_factor": offered,
        "device": logins.confirmed_device(user) if offered else None,
        "recent_logins": AccessLog.objects.filter(username=user.get_username()).order_by(
            "-attempt_time"
        )[:5],
    }
    return render(request, "accounts/account.html", context)


# -- Password ---------------------------------------------------------------------------------


def _record_account(user, field: str, new: str, old: str = "") -> None:
    """A change of one's own account in the audit log (never the password itself)."""
    from ..monitoring.models import History

    audit.record(
        user=user,
        unit=getattr(getattr(user, "profile", None), "unit_id", None),
        kind=History.Kind.ACCOUNT,
        subject=user.get_username(),
        field=field,
        old=old,
        new=new,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, with a wrong current password counted as a failed login (a session left open
    is not a way to guess the password)."""

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            _record_account(self.request.user, "password", "changed")
        return response

    def form_invalid(self, form):
        if "old_password" in form.errors and logins.record_failure(self.request, self.request.user):
            return locked_response(self.request)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: an e-mail to every active account with the address, a link valid once.

    The link is built on RENAKSI_SITE_URL (as the reminders' are), not on the request's host.
    """

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.RENAKSI_SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's; a new password set this way also lifts a lockout of the account."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            _record_account(self.user, "password", "reset")
        from axes.utils import reset

        reset(username=self.user.get_username())
        return response


# -- Second factor ----------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request):
    """The code of an enrolled account, after its password."""
    user = request.user
    if not user.is_authenticated or request.session.get(logins.PENDING) != logins.VERIFY:
        return redirect(safe_next(request))
    device = logins.confirmed_device(user)
    if device is None:  # removed meanwhile (by a superuser in /admin/)
        logins.complete(request, user)
        return redirect(safe_next(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if logins.is_locked_out(request, user):
            return locked_response(request)
        allowed, _why = device.verify_is_allowed()
        if not allowed:  # django-otp's own brake: 1, 2, 4, 8 … seconds after each wrong code
            form.is_valid()
            form.add_error(None, _("Wait a few seconds, then type the code again."))
        elif form.is_valid():
            verified = verify_token(user, device.persistent_id, form.cleaned_data["code"])
            if verified is not None:
                otp_login(request, verified)
                logins.complete(request, user)
                return redirect(safe_next(request))
            if logins.record_failure(request, user):
                return locked_response(request)
            form.add_error("code", _("This code is not right. Type the code the app shows now."))
        elif logins.record_failure(request, user):
            return locked_response(request)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request, "")}
    )


@never_cache
@sensitive_post_parameters("code", "password")
@login_required
def two_factor_setup(request):
    """Turn the second factor on (enrol an authenticator app) or off."""
    user = request.user
    if not logins.offers_second_factor(user):
        raise Http404("no second factor for this account")
    device = logins.confirmed_device(user)
    if device is not None:
        return _two_factor_on(request, user, device)
    return _enrol(request, user)


def _enrol(request, user):
    key = request.session.get(ENROL_KEY)
    if not key:
        key = request.session[ENROL_KEY] = random_hex(20)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
        totp.time = time.time()
        if totp.verify(int(form.cleaned_data["code"]), tolerance=1):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                device = TOTPDevice.objects.create(
                    user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t()
                )
                _record_account(user, "two_factor", "on", old="off")
            del request.session[ENROL_KEY]
            otp_login(request, device)
            logins.complete(request, user)
            messages.success(
                request,
                _("Two-step login is on: from now on Renaksi asks for a code after your password."),
            )
            return redirect(safe_next(request, reverse("account")))
        form.add_error("code", _("This code is not right. Type the code the app shows now."))
    # The QR code an authenticator app scans, as SVG inside the page (nothing from elsewhere).
    unsaved = TOTPDevice(user=user, name=DEVICE_NAME, key=key)
    qr = segno.make(unsaved.config_url, error="m").svg_inline(
        scale=4, border=2, svgclass="qr", title=_("QR code for the authenticator app")
    )
    secret = b32encode(unhexlify(key.encode())).decode()
    context = {
        "form": form,
        "qr": mark_safe(qr),  # segno's own markup: the URL's characters are escaped by it
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": logins.requires_second_factor(user),
        "pending": request.session.get(logins.PENDING) == logins.ENROL,
        "next": safe_next(request, ""),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _two_factor_on(request, user, device):
    form = PasswordAgainForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                _record_account(user, "two_factor", "off", old="on")
            request.session.pop("otp_device_id", None)
            if logins.requires_second_factor(user):
                request.session[logins.PENDING] = logins.ENROL
                messages.warning(
                    request,
                    _("Two-step login is required for administrators: set up the app again."),
                )
                return redirect("two_factor_setup")
            messages.success(request, _("Two-step login is off."))
            return redirect("account")
        if "password" in form.errors and logins.record_failure(request, user):
            return locked_response(request)
    context = {"device": device, "form": form, "required": logins.requires_second_factor(user)}
    return render(request, "accounts/two_factor_on.html", context)
