"""A real browser: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

No browser is ever downloaded (``playwright install`` is not used): the tests drive the Chromium the
system has, and are skipped with the reason when there is none.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are ordinary synchronous calls, which Django would otherwise refuse inside a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_executable()
    if executable is None:
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """The translation catalogues compiled (.po → .mo), as ``make run`` does, when the script exists."""
    script = ROOT / "scripts" / "compile_messages.py"
    if not script.exists():
        return
    spec = importlib.util.spec_from_file_location("compile_messages", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.compile_messages()
    from django.utils.translation import reloader

    reloader.translation_file_changed(sender=None, file_path=Path("django.mo"))


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# -- The cast of tests/web/conftest.py, for the browser tests that need more than one person ------

SAMPLE = ROOT / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
PASSWORD = "a-long-test-password-123"


@pytest.fixture
def media(settings, tmp_path):
    """Uploads (evidence, imported documents) under the test's own directory, not ./var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cast(transactional_db, media):
    """Kabupaten Purbalingga with Kecamatan Kaligondang and Kecamatan Bukateja, and the people:
    alice (operator) and dave (head) of Kaligondang, bob (operator) of Bukateja, charlie
    (inspectorate), erin (kabupaten administrator); all with PASSWORD."""
    from types import SimpleNamespace

    from django.contrib.auth import get_user_model

    from renaksi.web.accounts.models import Profile, Role, Unit

    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    kaligondang = Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )
    bukateja = Unit.objects.create(
        name="Kecamatan Bukateja", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )

    def person(username, role, unit):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        Profile.objects.create(user=user, role=role, unit=unit)
        return user

    return SimpleNamespace(
        kabupaten=kabupaten,
        kaligondang=kaligondang,
        bukateja=bukateja,
        alice=person("alice", Role.OPERATOR, kaligondang),
        dave=person("dave", Role.HEAD, kaligondang),
        bob=person("bob", Role.OPERATOR, bukateja),
        charlie=person("charlie", Role.INSPECTOR, kabupaten),
        erin=person("erin", Role.ADMIN, kabupaten),
    )


@pytest.fixture(scope="session")
def sample_document():
    from renaksi.importers import read_plan

    return read_plan(SAMPLE)


@pytest.fixture
def sample_plan(cast, sample_document):
    """The sample imported into Kecamatan Kaligondang for 2022 (murni, revision 1) by alice."""
    from renaksi.web.plans import services

    return services.import_plan(
        unit=cast.kaligondang,
        year=2022,
        version="murni",
        document=sample_document,
        user=cast.alice,
        source_name=SAMPLE.name,
    )


def log_in(page, live_server, username: str) -> None:
    """Through the login form, as a person does; lands on the list of units."""
    import re

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/units/$"))
