"""Logins in a real browser, under the site's Content-Security-Policy.

- alice walks through the pages she uses (units, plan, realisasi sheet, her account), switches the
  language with the list in the header: the browser reports no violation of the policy (every
  script is a file of the site), and the list still sends itself.
- Five wrong passwords lock bob's account: the login page says so, and his right password is
  refused.
- erin (administrator) turns on two-step login from her account page: the QR code is drawn in
  the page, she types the code of the key shown; logging in again asks for a code after the
  password, a wrong one is refused, the right one opens the site.

Screenshots: account-locked.png, two-factor-enrol.png, two-factor-verify.png.
"""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from .conftest import PASSWORD, log_in

pytestmark = pytest.mark.browser


def csp_violations(page) -> list[str]:
    """Messages the browser logs when the Content-Security-Policy blocks something."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_pages_keep_to_the_content_security_policy(live_server, page, cast, sample_plan):
    violations = csp_violations(page)
    log_in(page, live_server, "alice")
    for path in (
        "/units/",
        f"/units/{cast.kaligondang.pk}/",
        f"/plans/{sample_plan.pk}/",
        f"/plans/{sample_plan.pk}/monitoring/TW1/",
        f"/units/{cast.kaligondang.pk}/import/",
        "/accounts/",
        "/accounts/password/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    # The sheet's own script works (capaian asked of the server as one types).
    page.goto(f"{live_server.url}/plans/{sample_plan.pk}/monitoring/TW1/")
    page.locator("input.realisasi").first.press_sequentially("1", delay=30)
    page.wait_for_timeout(800)
    # The language list sends itself (base.js), as the inline handler it replaces did.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


def test_failed_logins_lock_the_account(live_server, page, cast, artifacts):
    page.goto(live_server.url + "/accounts/login/")
    for _ in range(5):
        page.fill("input[name=username]", "bob")
        page.fill("input[name=password]", "not-the-password")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    notice = page.locator("p.message.locked")
    assert "dikunci selama 15 menit" in notice.inner_text()
    page.screenshot(path=str(artifacts / "account-locked.png"))
    page.fill("input[name=password]", PASSWORD)  # the name is filled in still
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("p.message.locked").is_visible()
    assert "/accounts/login/" in page.url


def current_code(secret: str, offset: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_an_administrator_turns_on_two_step_login(live_server, page, cast, artifacts):
    log_in(page, live_server, "erin")
    page.locator("header a.who").click()
    page.get_by_role("link", name="Aktifkan").click()
    assert page.locator(".qr-code svg").is_visible()
    secret = page.locator("code.totp-secret").inner_text()
    page.screenshot(path=str(artifacts / "two-factor-enrol.png"))
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/$"))
    assert "Masuk dua langkah aktif" in page.locator("main p.message").inner_text()

    page.locator("header form[action$='/logout/'] button").click()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "erin")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/two-factor/verify/.*"))
    page.fill("input[name=code]", "000000")
    page.locator("main form button[type=submit]").click()
    assert "Kode ini salah" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "two-factor-verify.png"))
    page.wait_for_timeout(1500)  # django-otp's brake after a wrong code: 1 s
    page.fill("input[name=code]", current_code(secret, 30))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/units/$"))


def test_the_admin_keeps_to_the_content_security_policy(live_server, page, cast):
    cast.erin.is_staff = cast.erin.is_superuser = True
    cast.erin.save()
    violations = csp_violations(page)
    log_in(page, live_server, "erin")
    for path in (
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{cast.alice.pk}/change/",
        "/admin/accounts/unit/add/",
        "/admin/axes/accessfailurelog/",
        "/admin/otp_totp/totpdevice/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.locator("#content").is_visible(), path
    assert violations == []
