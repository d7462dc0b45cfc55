"""Uploads are read by the worker, outside the web request, through the task queue in the site's
own database (django-tasks' database backend): upload → reading (the page waits) → the worker
reads → the preview; a document that cannot be read ends as one line on its page; a reading that
outlives its time limit is given up; the status the page polls is the gatekeeper's like the
preview. Most tests run the tasks at once (tests/conftest.py); these queue them in the database
and run the real worker (``renaksi worker --once``)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from renaksi.cli import main
from renaksi.importers import common
from renaksi.web import setup
from renaksi.web.plans import services
from renaksi.web.plans.models import ImportSession, Plan

from .conftest import SAMPLE, login

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def queued(transactional_db, settings, tmp_path):
    """Tasks go to the database queue, as in a deployment; uploads kept under a temporary media.
    Each write is committed, as the worker expects (it drops a connection left in a transaction)."""
    settings.TASKS = DATABASE_QUEUE
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def upload(client, unit, file):
    return client.post(
        reverse("import_upload", args=[unit.pk]), {"file": file, "year": 2022, "version": "murni"}
    )


def status(client, session) -> dict:
    response = client.get(reverse("import_status", args=[session.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.json()


def run_worker(capsys=None) -> None:
    assert main(["worker", "--once", "--quiet"]) == 0


def test_an_upload_is_queued_then_read_by_the_worker(client, alice, kaligondang, queued):
    login(client, alice)
    response = upload(client, kaligondang, SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()))
    session = ImportSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_preview", args=[session.pk])
    # Nothing read yet: the file is kept, the task waits in the database.
    assert session.status == ImportSession.Status.READING and session.file
    assert (queued.MEDIA_ROOT / session.file.name).exists()
    task = DBTaskResult.objects.get()
    assert task.task_path == "renaksi.web.plans.tasks.read_import"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Waiting for the reader" in html
    assert reverse("import_status", args=[session.pk]) in html
    assert '<meta http-equiv="refresh"' in html  # without JavaScript, the page refreshes itself
    assert status(client, session) == {
        "state": "reading",
        "started": False,
        "elapsed": status(client, session)["elapsed"],
        "error": "",
    }
    # Confirming or correcting before it is read only comes back to this page.
    response = client.post(reverse("import_confirm", args=[session.pk]), {"edits": "0"})
    assert response.status_code == 302 and not Plan.objects.exists()

    run_worker()

    session.refresh_from_db()
    assert session.status == ImportSession.Status.PENDING
    assert session.read_started_at is not None
    assert session.plan_json["nodes"] and session.grid
    assert not session.file and not any((queued.MEDIA_ROOT / "imports").iterdir())
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert status(client, session)["state"] == "read"
    preview = client.get(reverse("import_preview", args=[session.pk]))
    assert preview.status_code == 200
    assert preview.templates[0].name == "plans/import_preview.html"
    assert "Kecamatan Kaligondang" in preview.content.decode()
    # and it is confirmed as before.
    response = client.post(reverse("import_confirm", args=[session.pk]), {"edits": "0"})
    assert response.status_code == 302
    assert Plan.objects.get().unit == kaligondang


def too_many_rows(path):
    """An .xlsx of more rows than a plan can have (importers/common.py MAX_ROWS)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rencana Aksi")
    for i in range(common.MAX_ROWS + 100):
        sheet.append([f"Program {i}", "Indikator", 25])
    workbook.save(path)
    return path


def test_a_hostile_document_ends_as_one_line_on_its_page(
    client, alice, kaligondang, queued, tmp_path
):
    login(client, alice)
    path = too_many_rows(tmp_path / "rows.xlsx")
    response = upload(client, kaligondang, SimpleUploadedFile("rows.xlsx", path.read_bytes()))
    assert response.status_code == 302
    session = ImportSession.objects.get()
    assert session.status == ImportSession.Status.READING

    run_worker()

    session.refresh_from_db()
    assert session.status == ImportSession.Status.FAILED
    assert session.read_error.startswith("rows.xlsx: ")
    assert f"more than {common.MAX_ROWS:,} rows" in session.read_error
    assert "\n" not in session.read_error and not session.file
    assert status(client, session) == {
        "state": "failed",
        "started": True,
        "elapsed": status(client, session)["elapsed"],
        "error": session.read_error,
    }
    page = client.get(reverse("import_preview", args=[session.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(session.read_error) in html
    assert "http-equiv" not in html  # no longer refreshing
    assert reverse("import_upload", args=[kaligondang.pk]) in html
    assert not Plan.objects.exists()
    # Nothing to confirm.
    client.post(reverse("import_confirm", args=[session.pk]), {"edits": "0"})
    assert not Plan.objects.exists()


def test_an_import_cancelled_while_it_waits_is_not_read(client, alice, kaligondang, queued):
    login(client, alice)
    upload(client, kaligondang, SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()))
    session = ImportSession.objects.get()
    response = client.post(reverse("import_cancel", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == ImportSession.Status.CANCELLED and not session.file
    run_worker()
    session.refresh_from_db()
    assert session.status == ImportSession.Status.CANCELLED and not session.plan_json


def test_a_reading_past_its_time_limit_is_given_up(client, alice, kaligondang, queued):
    """A worker killed while reading (or none running) must not leave the page waiting forever."""
    login(client, alice)
    upload(client, kaligondang, SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()))
    session = ImportSession.objects.get()
    # The worker took it, then was killed: started long ago, never finished.
    long_ago = timezone.now() - timedelta(seconds=queued.RENAKSI_READ_SECONDS + 60)
    ImportSession.objects.filter(pk=session.pk).update(read_started_at=long_ago)
    assert status(client, session)["state"] == "failed"
    session.refresh_from_db()
    assert session.status == ImportSession.Status.FAILED and not session.file
    assert "the reader's time limit passed" in session.read_error
    assert f"longer than {queued.RENAKSI_READ_SECONDS} s" in session.read_error
    assert (
        escape(session.read_error)
        in client.get(reverse("import_preview", args=[session.pk])).content.decode()
    )
    # The task, should it still run, leaves it failed.
    run_worker()
    session.refresh_from_db()
    assert session.status == ImportSession.Status.FAILED


def test_an_upload_no_worker_takes_is_given_up(client, alice, kaligondang, queued):
    login(client, alice)
    upload(client, kaligondang, SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()))
    session = ImportSession.objects.get()
    # Still waiting within the queue's time: the page waits.
    assert status(client, session)["state"] == "reading"
    waited = timedelta(seconds=services.QUEUE_WAIT_FACTOR * queued.RENAKSI_READ_SECONDS + 60)
    ImportSession.objects.filter(pk=session.pk).update(created_at=timezone.now() - waited)
    page = client.get(reverse("import_preview", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == ImportSession.Status.FAILED
    assert "no reader took the document in time" in session.read_error
    assert escape(session.read_error) in page.content.decode()


def test_the_status_is_refused_to_another_units_operator(client, alice, bob, kaligondang, queued):
    login(client, alice)
    upload(client, kaligondang, SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()))
    session = ImportSession.objects.get()
    login(client, bob)
    assert client.get(reverse("import_status", args=[session.pk])).status_code == 404
    assert client.get(reverse("import_preview", args=[session.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("import_status", args=[session.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_reading_page_in_indonesian(client, alice, kaligondang, queued):
    login(client, alice)
    client.cookies["django_language"] = "id"
    upload(client, kaligondang, SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes()))
    session = ImportSession.objects.get()
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "Menunggu pembaca" in html


def test_the_worker_command_refuses_without_the_database_queue(capsys):
    # tests/conftest.py: the tasks run at once, no worker reads them.
    assert main(["worker", "--once"]) == 2
    assert "RENAKSI_READ_IN_WORKER is false" in capsys.readouterr().err


def test_serve_runs_a_worker_beside_the_site_and_stops_it(db, queued, monkeypatch, tmp_path):
    import waitress

    started = []
    real_popen = subprocess.Popen

    def popen(command, **kwargs):
        started.append(command)
        # The worker's place taken by a process that only waits (the real one is run above).
        return real_popen([sys.executable, "-c", "import time; time.sleep(60)"])

    monkeypatch.setattr(setup.subprocess, "Popen", popen)
    queued.DATA_DIR = tmp_path
    queued.STATIC_ROOT = tmp_path / "static"
    seen = {}

    def fake_serve(application, **options):
        worker = started and seen.setdefault("command", started[0])
        assert worker

    monkeypatch.setattr(waitress, "serve", fake_serve)
    workers = []
    real_start = setup.start_worker

    def start_worker():
        workers.append(real_start())
        return workers[-1]

    monkeypatch.setattr(setup, "start_worker", start_worker)
    assert main(["serve", "--port", "8124"]) == 0
    assert seen["command"][1:] == ["-m", "renaksi.cli", "worker", "--quiet", "--exit-with-parent"]
    [worker] = workers
    assert worker.process.poll() is not None  # stopped with the site


def test_the_supervisor_starts_a_stopped_worker_again(monkeypatch):
    import io

    monkeypatch.setattr(setup.Worker, "PAUSE", 0.1)
    err = io.StringIO()
    worker = setup.Worker([sys.executable, "-c", "pass"], err=err).start()
    try:
        for _ in range(100):
            if err.getvalue().count("starting it again") >= 2:
                break
            import time

            time.sleep(0.05)
    finally:
        worker.stop()
    assert "the worker stopped (status 0); starting it again" in err.getvalue()
