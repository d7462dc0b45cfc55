"""An upload read by the worker, in a real browser: the reading page waits (its script asks the
status every second) and opens the preview by itself once the worker has read the document; a
document that cannot be read opens its one line. The queue is the database's, as deployed; the
worker runs here once (``renaksi worker --once``) while the page waits."""

from __future__ import annotations

import re

import pytest

from renaksi.cli import main
from renaksi.web.plans.models import ImportSession

from .conftest import SAMPLE, log_in

pytestmark = pytest.mark.browser

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def upload(page, live_server, unit, path) -> None:
    page.goto(f"{live_server.url}/units/{unit.pk}/import/")
    page.set_input_files("input[type=file]", str(path))
    page.fill("input[name=year]", "2022")
    page.locator("main form.import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))


def test_the_reading_page_opens_the_preview_once_read(live_server, page, cast, settings, artifacts):
    settings.TASKS = DATABASE_QUEUE
    log_in(page, live_server, "alice")
    upload(page, live_server, cast.kaligondang, SAMPLE)
    assert page.locator(".reading-progress").is_visible()
    assert "Menunggu pembaca" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "import-reading.png"), full_page=True)
    url = page.url
    assert ImportSession.objects.get().status == ImportSession.Status.READING

    assert main(["worker", "--once", "--quiet"]) == 0

    # The script sees the reading done and opens the preview (the same address).
    page.wait_for_selector("table.findings", timeout=15_000)
    assert page.url == url
    assert ImportSession.objects.get().status == ImportSession.Status.PENDING
    assert page.locator("form[action$='/confirm/']").count() >= 1


def test_a_document_that_cannot_be_read_shows_its_one_line(
    live_server, page, cast, settings, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    broken = tmp_path / "rencana.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    log_in(page, live_server, "alice")
    upload(page, live_server, cast.kaligondang, broken)
    assert main(["worker", "--once", "--quiet"]) == 0
    page.wait_for_selector(".read-failure", timeout=15_000)
    session = ImportSession.objects.get()
    assert session.status == ImportSession.Status.FAILED
    assert page.locator(".read-failure").inner_text() == session.read_error
    assert session.read_error.startswith("rencana.xlsx: ")
