"""The site's security settings: headers, HTTPS, the deploy check, errors said in one line.

- `renaksi manage check --deploy` finds nothing with the production settings the README documents;
- every page has the Content-Security-Policy, and no template relies on an inline script;
- HSTS and the redirect to HTTPS when the settings ask for them;
- a missing secret key where it is required: one line, exit status 2, no traceback;
- a refused request (403) is one line in the log, without a traceback.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from renaksi.web.plans.models import Node
from renaksi.web.security import CONTENT_SECURITY_POLICY, ClientErrorsWithoutTraceback

from .conftest import login

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WEB = ROOT / "src/renaksi/web"


def clean_environment(tmp_path) -> dict[str, str]:
    """The test's environment without any Renaksi setting, a SQLite database under tmp_path."""
    # (DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own, set in this process when they run.)
    left_out = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("RENAKSI_") and k not in left_out
    }
    env["RENAKSI_DATA_DIR"] = str(tmp_path)
    return env


def documented_production_settings() -> dict[str, str]:
    """The `export NAME=VALUE` lines of the README's Deployment section."""
    section = re.search(r"^## Deployment\n(.*?)(?=^## )", README, re.M | re.S).group(1)
    exports = dict(re.findall(r"^export ([A-Z][A-Z0-9_]*)=(\S+)", section, re.M))
    assert {"RENAKSI_SECRET_KEY", "RENAKSI_SSL_REDIRECT", "RENAKSI_HSTS_SECONDS"} <= set(exports)
    # The key is made by the command the README shows; the database is not reached by the check.
    exports["RENAKSI_SECRET_KEY"] = secrets.token_urlsafe(50)
    exports.pop("DATABASE_URL", None)
    exports.pop("RENAKSI_DATA_DIR", None)
    return exports


def renaksi(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "renaksi.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def test_the_deploy_check_is_clean_with_the_documented_production_settings(tmp_path):
    env = clean_environment(tmp_path) | documented_production_settings()
    result = renaksi("manage", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_the_deploy_check_warns_without_them(tmp_path):
    result = renaksi("manage", "check", "--deploy", env=clean_environment(tmp_path))
    for code in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert code in result.stderr + result.stdout


def test_a_required_secret_key_that_is_missing_is_one_line_and_exit_status_2(tmp_path):
    env = clean_environment(tmp_path) | {"RENAKSI_REQUIRE_SECRET_KEY": "true"}
    for args in (["manage", "check"], ["serve", "--port", "0"], ["jobs"]):
        result = renaksi(*args, env=env, timeout=60)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr == (
            "renaksi: error: RENAKSI_SECRET_KEY is not set (RENAKSI_REQUIRE_SECRET_KEY is true): "
            "set it to a long random value (README, Deployment)\n"
        ), args
        assert "Traceback" not in result.stdout
    # A WSGI server loading the application stops the same way.
    wsgi = subprocess.run(
        [sys.executable, "-c", "import renaksi.web.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wsgi.returncode == 2 and len(wsgi.stderr.splitlines()) == 1
    assert "Traceback" not in wsgi.stderr


# ---------------------------------------------------------------------------------------------
# Headers


def test_every_page_has_the_content_security_policy(client, alice, plan):
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]
    anonymous = Client()
    pages = [anonymous.get(reverse("login")), anonymous.get(reverse("password_reset"))]
    login(client, alice)
    pages += [
        client.get(reverse("unit_list")),
        client.get(reverse("plan_detail", args=[plan.pk])),
        client.get(reverse("monitoring_sheet", args=[plan.pk, "TW1"])),
        client.get(reverse("account")),
        client.get("/no/such/page/"),
    ]
    for response in pages:
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


@pytest.mark.parametrize("template", sorted(WEB.rglob("templates/**/*.html")), ids=lambda p: p.name)
def test_no_template_relies_on_an_inline_script(template):
    """What the policy would block: a <script> without src, an on…= attribute, a javascript: URL."""
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not EVENT_HANDLER.search(text)
    assert not JAVASCRIPT_URL.search(text)


def test_the_scripts_the_pages_use_are_files_of_the_site(client, alice):
    login(client, alice)
    html = client.get(reverse("unit_list")).content.decode()
    assert re.search(r'<script src="/static/renaksi/base\.js" defer></script>', html)
    assert "data-submit-on-change" in html  # the language list, sent by base.js
    assert (WEB / "static/renaksi/base.js").exists()


def test_hsts_and_the_redirect_to_https_when_asked_for(settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("login")
    secure = Client().get(reverse("login"), secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_cookies_are_secure_by_default_when_the_site_is_https():
    env = {k: v for k, v in os.environ.items() if not k.startswith("RENAKSI_")}
    code = (
        "import django.conf, os; os.environ['DJANGO_SETTINGS_MODULE']='renaksi.web.settings';"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )

    def secure(**extra) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=env | extra,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip()

    assert secure() == "False False"
    assert secure(RENAKSI_SITE_URL="https://renaksi.example.go.id") == "True True"
    assert (
        secure(RENAKSI_SITE_URL="https://renaksi.example.go.id", RENAKSI_SECURE_COOKIES="false")
        == "False False"
    )


# ---------------------------------------------------------------------------------------------
# The log


def test_a_refused_request_is_logged_without_a_traceback(client, charlie, plan, caplog):
    node = Node.objects.filter(plan=plan).first()
    login(client, charlie)  # the inspectorate reads, changes nothing
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("node_edit", args=[node.pk]))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [
        f"Forbidden (Permission denied): {reverse('node_edit', args=[node.pk])}"
    ]
    assert records[0].exc_info is None and not records[0].exc_text


def test_server_errors_keep_their_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    keep = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), exc_info)
    keep.status_code = 500
    refused = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "x", (), exc_info)
    refused.status_code = 403
    log_filter = ClientErrorsWithoutTraceback()
    assert log_filter.filter(keep) and log_filter.filter(refused)
    assert keep.exc_info is exc_info and refused.exc_info is None
