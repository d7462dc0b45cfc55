"""Logins and sessions (docs/security.md): lockout after failed logins, password change and reset,
the second factor of administrators, idle and absolute session limits.

Everyone logs in through the login page here (the other tests use force_login), as a person does.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from renaksi.web.accounts import logins

from .conftest import PASSWORD, login

WRONG = "not-the-password"


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def log_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def code(device: TOTPDevice, offset: int = 0) -> str:
    """The code the authenticator app shows, ``offset`` seconds from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


@pytest.fixture(autouse=True)
def no_otp_brake(settings):
    """django-otp's own delay after a wrong code (1, 2, 4 … s) is tested in a test of its own."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


# ---------------------------------------------------------------------------------------------
# Lockout


def test_the_defaults_lock_an_account_after_five_failures_for_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


@pytest.mark.parametrize("length", [151, 256, 100_000])
def test_a_login_with_a_name_longer_than_any_is_refused_not_an_error(client, db, length):
    """django-axes stores the name tried in a column of 255: a longer one ended the page in a
    database error on PostgreSQL. The name is recorded cut to 150, the longest a name can be."""
    from axes.models import AccessAttempt

    response = log_in(client, "a" * length, WRONG)
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "a" * 150


def test_failed_logins_lock_the_account_with_a_message(client, alice):
    for _ in range(4):
        response = log_in(client, "alice", WRONG)
        assert response.status_code == 200
        assert "locked" not in response.content.decode()
    response = log_in(client, "alice", WRONG)  # the fifth
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in html
    assert "dikunci selama 15 menit" in html
    assert 'name="username"' in html and 'value="alice"' in html  # the form again, filled in
    assert AccessFailureLog.objects.filter(username="alice").count() == 5

    response = log_in(english(Client()), "alice", WRONG)
    assert response.status_code == 429
    assert "Too many failed logins: this account is locked for 15 minutes." in (
        response.content.decode()
    )


def test_a_locked_account_cannot_log_in_with_the_right_password_until_the_cool_off(
    client, alice, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", WRONG)
    locked_at = AccessAttempt.objects.get(username="alice").attempt_time
    response = log_in(client, "alice")
    assert response.status_code == 429 and not logged_in(client)
    assert AccessAttempt.objects.get(username="alice").attempt_time == locked_at  # not prolonged
    # From another address too: the account is locked, not the address.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert log_in(other, "alice").status_code == 429 and not logged_in(other)
    # Trying while locked does not prolong the lock; once the cool-off has passed since the last
    # failure, the right password works.
    AccessAttempt.objects.filter(username="alice").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=5)
    )
    response = log_in(client, "alice")
    assert response.status_code == 302 and logged_in(client)


def test_other_accounts_are_not_locked(client, alice, bob, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", WRONG)
    assert log_in(client, "bob").status_code == 302 and logged_in(client)


def test_a_successful_login_forgets_the_failures_and_is_recorded(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "alice", WRONG)
    assert log_in(client, "alice").status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert AccessLog.objects.filter(username="alice").count() == 1
    assert AccessFailureLog.objects.filter(username="alice").count() == 4
    client.post(reverse("logout"))
    log_in(client, "alice", WRONG)  # counting starts again
    assert log_in(client, "alice").status_code == 302


def test_lockout_by_address(client, alice, bob, settings):
    settings.AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice" if n % 2 else "nobody", WRONG)
    assert log_in(client, "bob").status_code == 429  # the address is locked
    assert log_in(Client(REMOTE_ADDR="10.1.2.3"), "bob").status_code == 302


@pytest.mark.parametrize(
    "text, parameters",
    [
        ("username", ["username"]),
        ("ip", ["ip_address"]),
        ("username,ip", ["username", "ip_address"]),
        (" username+ip ", [["username", "ip_address"]]),
        ("", ["username"]),
    ],
)
def test_lockout_by_setting(text, parameters):
    from renaksi.web.settings import lockout_parameters

    assert lockout_parameters(text) == parameters


def test_an_unknown_lockout_setting_is_one_line(capsys):
    from renaksi.web.settings import lockout_parameters

    with pytest.raises(SystemExit) as exit:
        lockout_parameters("username,cookie")
    assert exit.value.code == 2
    assert capsys.readouterr().err == (
        "renaksi: error: RENAKSI_LOGIN_LOCKOUT_BY: 'cookie' is not username, ip or username+ip\n"
    )


# ---------------------------------------------------------------------------------------------
# Password change


def test_the_header_links_to_the_account_page_which_links_to_the_password_change(client, alice):
    login(client, alice)
    html = client.get(reverse("unit_list")).content.decode()
    assert f'href="{reverse("account")}"' in html
    page = client.get(reverse("account"))
    assert page.status_code == 200
    assert f'href="{reverse("password_change")}"' in page.content.decode()
    assert reverse("two_factor_setup") not in page.content.decode()  # an operator: no 2FA


def test_password_change_needs_the_current_password(client, alice):
    assert log_in(client, "alice").status_code == 302
    url = reverse("password_change")
    new = "another-long-password-456"
    response = client.post(url, {"old_password": WRONG, "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert re.search(
        r'<div class="field invalid[^"]*">\s*<label for="id_old_password">',
        response.content.decode(),
    )
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)

    other = Client()
    assert log_in(other, "alice").status_code == 302  # another browser
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert client.get(reverse("unit_list")).status_code == 200  # this session goes on
    assert other.get(reverse("unit_list")).status_code == 302  # the other one is logged out
    assert log_in(Client(), "alice", new).status_code == 302


def test_wrong_current_passwords_count_as_failed_logins(client, alice, settings):
    login(client, alice)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("password_change"),
            {
                "old_password": WRONG,
                "new_password1": "x-long-pass-1",
                "new_password2": "x-long-pass-1",
            },
        )
    assert response.status_code == 429 and not logged_in(client)


@pytest.mark.parametrize("name", ["account", "password_change", "two_factor_setup"])
def test_the_account_pages_are_for_logged_in_people(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete"]
)
def test_the_reset_pages_are_open(client, db, name):
    assert client.get(reverse(name)).status_code == 200


def test_the_code_page_without_a_login_in_progress_leads_home(client, alice):
    assert client.get(reverse("two_factor_verify")).status_code == 302
    login(client, alice)
    assert client.get(reverse("two_factor_verify"))["Location"] == reverse("home")


# ---------------------------------------------------------------------------------------------
# Password reset by e-mail


def reset_link(message) -> str:
    match = re.search(r"http://testserver\.example(/accounts/password/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_by_email_works_once(client, alice, mailoutbox, settings):
    settings.RENAKSI_SITE_URL = "http://testserver.example"
    alice.email = "alice@kaligondang.example.go.id"
    alice.save()
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page

    response = client.post(reverse("password_reset"), {"email": "ALICE@kaligondang.example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@kaligondang.example.go.id"]
    assert message.subject == "Renaksi: atur kata sandi baru"
    assert "“alice”" in message.body
    link = reset_link(message)

    # The link opens the form (Django moves the token into the session first).
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "a-new-long-password-789"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response["Location"] == reverse(
        "password_reset_complete"
    )
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert log_in(Client(), "alice", new).status_code == 302

    # Once: the same link again is refused.
    again = Client().get(link, follow=True)
    html = again.content.decode()
    assert "invalid-link" in html and 'name="new_password1"' not in html


def test_password_reset_of_an_unknown_address_says_the_same_and_sends_nothing(
    client, alice, mailoutbox
):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_a_new_password_by_email_lifts_the_lockout(client, alice, mailoutbox, settings):
    settings.RENAKSI_SITE_URL = "http://testserver.example"
    alice.email = "alice@example.go.id"
    alice.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", WRONG)
    assert log_in(client, "alice").status_code == 429
    client.post(reverse("password_reset"), {"email": "alice@example.go.id"})
    response = client.get(reset_link(mailoutbox[0]), follow=True)
    new = "a-new-long-password-789"
    client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert log_in(client, "alice", new).status_code == 302


# ---------------------------------------------------------------------------------------------
# Second factor (TOTP)


def enrol(client: Client, user) -> TOTPDevice:
    """Turn the second factor on through the setup page, as the person does."""
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'class="qr"' in html  # the QR code inside the page
    key = client.session["renaksi_totp_key"]
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    unsaved = TOTPDevice(user=user, key=key)
    response = client.post(reverse("two_factor_setup"), {"code": code(unsaved)})
    assert response.status_code == 302 and response["Location"] == reverse("account")
    return TOTPDevice.objects.get(user=user, confirmed=True)


def test_an_administrator_enrols_and_is_then_asked_for_a_code(client, erin, kaligondang):
    login(client, erin)
    assert reverse("two_factor_setup") in client.get(reverse("account")).content.decode()
    page = client.get(reverse("two_factor_setup"))
    key = client.session["renaksi_totp_key"]
    wrong = client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(user=erin).exists()
    assert "Kode ini salah" in wrong.content.decode()
    assert client.session["renaksi_totp_key"] == key  # the same QR code, not a new one
    assert page.status_code == 200
    device = enrol(client, erin)
    assert device.name == "Renaksi"

    client.post(reverse("logout"))
    response = log_in(client, "erin")
    assert response.status_code == 302
    # Every page leads to the code first.
    unit = client.get(reverse("unit_detail", args=[kaligondang.pk]))
    assert unit.status_code == 302
    assert unit["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(reverse("account")).status_code == 302
    verify = client.get(unit["Location"])
    assert verify.status_code == 200 and 'autocomplete="one-time-code"' in verify.content.decode()

    # A wrong code is refused.
    refused = client.post(unit["Location"], {"code": "000000"})
    assert refused.status_code == 200
    assert client.get(reverse("unit_list")).status_code == 302
    assert AccessFailureLog.objects.filter(username="erin").count() == 1

    # The right one opens the page asked for.
    response = client.post(unit["Location"], {"code": code(device, 30)})
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[kaligondang.pk])
    assert client.get(reverse("unit_list")).status_code == 200
    assert not AccessAttempt.objects.filter(username="erin").exists()  # failures forgotten


def test_wrong_codes_lock_the_account(client, erin, settings):
    login(client, erin)
    enrol(client, erin)
    client.post(reverse("logout"))
    log_in(client, "erin")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("two_factor_verify"), {"code": "000000"}).status_code == 200
    response = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert response.status_code == 429 and not logged_in(client)
    assert "dikunci" in response.content.decode()
    # Logging in again starts with the password, and the account is locked.
    assert log_in(client, "erin").status_code == 429


def test_a_code_too_soon_after_a_wrong_one_waits(client, erin, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    login(client, erin)
    device = enrol(client, erin)
    client.post(reverse("logout"))
    log_in(client, "erin")
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": code(device, 30)})
    assert response.status_code == 200 and "Tunggu beberapa detik" in response.content.decode()
    assert client.get(reverse("unit_list")).status_code == 302


def test_the_second_factor_is_optional_by_default(client, erin):
    assert log_in(client, "erin").status_code == 302
    assert client.get(reverse("unit_list")).status_code == 200


def test_it_can_be_required_of_administrators(client, erin, alice, settings):
    settings.RENAKSI_REQUIRE_ADMIN_2FA = True
    log_in(client, "erin")
    response = client.get(reverse("unit_list"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("two_factor_setup")
    )
    page = client.get(response["Location"]).content.decode()
    assert "Administrator masuk dengan dua langkah" in page
    device = TOTPDevice(user=erin, key=client.session["renaksi_totp_key"])
    response = client.post(
        reverse("two_factor_setup") + "?next=/units/", {"code": code(device), "next": "/units/"}
    )
    assert response.status_code == 302 and response["Location"] == "/units/"
    assert client.get(reverse("unit_list")).status_code == 200

    # Operators are not administrators.
    other = Client()
    log_in(other, "alice")
    assert other.get(reverse("unit_list")).status_code == 200


def test_turning_it_off_needs_the_password(client, erin):
    login(client, erin)
    enrol(client, erin)
    page = client.get(reverse("two_factor_setup"))
    assert 'name="password"' in page.content.decode()
    assert client.post(reverse("two_factor_setup"), {"password": WRONG}).status_code == 200
    assert TOTPDevice.objects.filter(user=erin).exists()
    response = client.post(reverse("two_factor_setup"), {"password": PASSWORD})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=erin).exists()
    client.post(reverse("logout"))
    log_in(client, "erin")
    assert client.get(reverse("unit_list")).status_code == 200  # no code asked any more


def test_operators_have_no_second_factor_page(client, alice):
    login(client, alice)
    assert client.get(reverse("two_factor_setup")).status_code == 404


def test_the_admin_login_asks_for_the_code_too(client, erin):
    erin.is_staff = erin.is_superuser = True
    erin.save()
    login(client, erin)
    enrol(client, erin)
    client.post(reverse("logout"))
    response = client.post(
        reverse("admin:login"), {"username": "erin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"].startswith(reverse("two_factor_verify"))


def test_an_unfinished_second_step_expires(client, erin):
    login(client, erin)
    enrol(client, erin)
    client.post(reverse("logout"))
    log_in(client, "erin")
    session = client.session
    session[logins.LOGIN_AT] -= logins.PENDING_SECONDS + 1
    session.save()
    response = client.get(reverse("two_factor_verify"))
    assert response.status_code == 302 and not logged_in(client)


# ---------------------------------------------------------------------------------------------
# Session limits


def age(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def test_the_session_ends_after_the_idle_time(client, alice, settings):
    assert settings.RENAKSI_SESSION_IDLE_MINUTES == 60
    log_in(client, "alice")
    age(client, logins.ACTIVE_AT, 59 * 60)
    assert client.get(reverse("unit_list")).status_code == 200
    age(client, logins.ACTIVE_AT, 59 * 60)  # the request just made counted as activity
    assert client.get(reverse("unit_list")).status_code == 200
    age(client, logins.ACTIVE_AT, 61 * 60)
    url = reverse("unit_list")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert not logged_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Anda keluar otomatis setelah 60 menit tanpa aktivitas" in page


def test_activity_is_written_at_most_once_a_minute(client, alice):
    log_in(client, "alice")
    before = client.session[logins.ACTIVE_AT]
    client.get(reverse("unit_list"))
    assert client.session[logins.ACTIVE_AT] == before
    age(client, logins.ACTIVE_AT, 90)
    client.get(reverse("unit_list"))
    assert client.session[logins.ACTIVE_AT] >= before


def test_the_session_ends_after_its_lifetime_however_busy(client, alice, settings):
    assert settings.RENAKSI_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    log_in(client, "alice")
    age(client, logins.LOGIN_AT, 12 * 3600 + 1)
    response = client.get(reverse("unit_list"))
    assert response.status_code == 302 and not logged_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "Sesi Anda berakhir: sesi berlaku 12 jam setelah masuk" in page


def test_a_form_sent_after_the_idle_time_brings_back_to_its_page(client, alice, plan):
    log_in(client, "alice")
    age(client, logins.ACTIVE_AT, 2 * 3600)
    page = reverse("plan_detail", args=[plan.pk])
    response = client.post(
        reverse("monitoring_sheet", args=[plan.pk, "TW1"]),
        {},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={page}"


def test_idle_zero_means_no_idle_limit(client, alice, settings):
    settings.RENAKSI_SESSION_IDLE_MINUTES = 0
    log_in(client, "alice")
    age(client, logins.ACTIVE_AT, 11 * 3600)
    assert client.get(reverse("unit_list")).status_code == 200
