"""Kabupaten workbook jobs: one job per kabupaten, year and settings while it waits or is built
(thirty clicks make one workbook), built by a bounded pool, old files removed, every request
recorded with its outcome."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from renaksi.cli import main
from renaksi.web.accounts.models import Unit
from renaksi.web.reportjobs import services
from renaksi.web.reportjobs.models import ReportJob, ReportRequest

from .conftest import login
from .test_concurrency import own_connections, race  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def started(monkeypatch):
    """The jobs handed to the pool (none is built: the tests build them when they choose)."""
    handed = []
    monkeypatch.setattr(services, "start_in_background", handed.append)
    return handed


def fake_workbook(kabupaten, year) -> bytes:
    return f"PK a workbook of {kabupaten} {year}".encode()


# ---------------------------------------------------------------------------------------------
# De-duplication


def test_thirty_quick_requests_make_one_job(
    client, charlie, kabupaten, started, django_capture_on_commit_callbacks
):
    login(client, charlie)
    for _ in range(30):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("kabupaten_workbook"), {"year": "2022"})
        assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.kabupaten, job.year, job.status, job.requested_by) == (
        kabupaten,
        2022,
        "pending",
        charlie,
    )
    assert started == [job.pk]  # handed to the pool once
    requests = ReportRequest.objects.order_by("pk")
    assert requests.count() == 30
    assert [r.outcome for r in requests] == ["created"] + ["joined"] * 29
    assert {r.job_id for r in requests} == {job.pk}
    assert {r.requested_by for r in requests} == {charlie}
    page = client.get(reverse("kabupaten_workbook")).content.decode()
    assert "30" in page and page.count('id="job-') == 1


def test_the_second_request_is_told_it_joined(client, erin, kabupaten, started):
    login(client, erin)
    client.post(reverse("kabupaten_workbook"), {"year": "2022"})
    response = client.post(reverse("kabupaten_workbook"), {"year": "2022"}, follow=True)
    page = response.content.decode()
    assert "Buku kerja ini sudah diminta" in page  # Bahasa Indonesia by default
    assert "dimintakan 2 kali" in page


def test_a_running_job_is_joined_too(erin, kabupaten, started):
    job = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    ReportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    again = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin)
    assert (again.outcome, again.job) == ("joined", job)


@pytest.mark.parametrize("status", ["done", "failed"])
def test_a_finished_job_is_not_joined(erin, kabupaten, started, status):
    job = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    ReportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now())
    again = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin)
    assert again.outcome == "created" and again.job != job


def test_a_job_left_running_for_long_is_not_joined(erin, kabupaten, started):
    job = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    ReportJob.objects.filter(pk=job.pk).update(status="running", started_at=hour_ago)
    again = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin)
    assert again.outcome == "created" and again.job != job


def test_another_year_kabupaten_or_settings_make_another_job(erin, kabupaten, kaligondang, started):
    first = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    other_year = services.request_workbook(kabupaten=kabupaten, year=2023, user=erin).job
    other = Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)
    other_kabupaten = services.request_workbook(kabupaten=other, year=2022, user=erin).job
    kaligondang.head_name = "Drs. Kepala Baru"
    kaligondang.save()
    new_signer = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    kabupaten.paper = "F4"
    kabupaten.save()
    new_paper = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    jobs = [first, other_year, other_kabupaten, new_signer, new_paper]
    assert len({j.pk for j in jobs}) == 5
    assert services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job == new_paper


def test_too_many_waiting_jobs_are_refused_and_recorded(client, erin, kabupaten, started):
    for year in range(2020, 2020 + services.MAX_WAITING):
        assert services.request_workbook(kabupaten=kabupaten, year=year, user=erin).job
    login(client, erin)
    response = client.post(reverse("kabupaten_workbook"), {"year": "2099"}, follow=True)
    assert "Terlalu banyak" in response.content.decode()
    refused = ReportRequest.objects.get(year=2099)
    assert (refused.outcome, refused.job, refused.requested_by) == ("refused", None, erin)
    assert ReportJob.objects.count() == services.MAX_WAITING


@pytest.mark.usefixtures("own_connections")
def test_requests_at_the_same_moment_make_one_job(erin, kabupaten, monkeypatch):
    """Eight requests in eight threads, each with its own connection, released together."""
    monkeypatch.setattr(services, "start_in_background", lambda job_id: None)

    def ask():
        return services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).outcome

    outcomes = race(*[ask] * 8)
    assert sorted(map(str, outcomes)) == ["created"] + ["joined"] * 7, outcomes
    assert ReportJob.objects.count() == 1
    assert ReportRequest.objects.filter(job=ReportJob.objects.get()).count() == 8


# ---------------------------------------------------------------------------------------------
# The pool


def test_at_most_two_are_built_at_a_time(settings, monkeypatch):
    settings.RENAKSI_REPORT_WORKERS = 2
    services.shutdown_pool()
    lock = threading.Lock()
    release = threading.Event()
    running, peak, built = [0], [0], []

    def build(job_id):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        release.wait(10)
        with lock:
            running[0] -= 1
            built.append(job_id)

    monkeypatch.setattr(services, "run_job", build)
    try:
        futures = [services.start_in_background(n) for n in range(6)]
        deadline = time.monotonic() + 10
        while running[0] < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)  # room for a third, were the pool not bounded
        assert running[0] == 2
        assert sum(not f.running() and not f.done() for f in futures) == 4  # waiting
        release.set()
        for future in futures:
            future.result(timeout=10)
        assert peak[0] == 2 and sorted(built) == list(range(6))
        names = {t.name for t in threading.enumerate() if t.name.startswith("report-job")}
        assert len(names) == 2
        assert all(t.daemon for t in threading.enumerate() if t.name in names)  # exit never waits
    finally:
        release.set()
        services.shutdown_pool()


def test_a_failing_job_does_not_stop_the_pool(settings, monkeypatch):
    services.shutdown_pool()
    done = []

    def build(job_id):
        if job_id == 1:
            raise RuntimeError("broken")
        done.append(job_id)

    monkeypatch.setattr(services, "run_job", build)
    try:
        for future in [services.start_in_background(n) for n in (1, 2, 3)]:
            future.result(timeout=10)
        assert sorted(done) == [2, 3]
    finally:
        services.shutdown_pool()


@pytest.mark.usefixtures("own_connections")
def test_a_request_is_built_by_the_pool_after_commit(erin, kabupaten, plan, settings):
    """For real: the request commits, a worker thread of the pool builds the workbook."""
    services.shutdown_pool()
    try:
        job = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.05)
        assert job.status == "done", job.error
        assert job.size and Path(job.file.path).stat().st_size == job.size
    finally:
        services.shutdown_pool()


# ---------------------------------------------------------------------------------------------
# Outcomes and old files


def built_job(kabupaten, year=2022, finished=None) -> ReportJob:
    job = ReportJob.objects.create(kabupaten=kabupaten, year=year)
    services.run_job(job.pk, builder=fake_workbook)
    if finished is not None:
        ReportJob.objects.filter(pk=job.pk).update(finished_at=finished)
    job.refresh_from_db()
    return job


def test_the_outcome_is_recorded(erin, kabupaten, settings):
    job = built_job(kabupaten)
    assert job.status == "done" and job.size == len(fake_workbook(kabupaten, 2022))
    assert job.started_at <= job.finished_at and job.removed_at is None
    failed = ReportJob.objects.create(kabupaten=kabupaten, year=2023)

    def broken(kabupaten, year):
        raise ValueError("no plan")

    services.run_job(failed.pk, builder=broken)
    failed.refresh_from_db()
    assert failed.status == "failed" and "no plan" in failed.error and failed.finished_at


def test_the_newest_are_kept_the_others_removed(kabupaten, settings, media):
    settings.RENAKSI_REPORT_KEEP = settings.RENAKSI_REPORT_KEEP_DAYS = 0  # none removed by a run
    now = timezone.now()
    jobs = [built_job(kabupaten, finished=now - dt.timedelta(minutes=60 - n)) for n in range(5)]
    other = Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)
    elsewhere = built_job(other, finished=now - dt.timedelta(hours=5))
    paths = [Path(j.file.path) for j in jobs]
    cleaned = services.clean_old_files(keep=3, keep_days=30)
    assert sorted(j.pk for j in cleaned.removed) == [jobs[0].pk, jobs[1].pk]
    for job, path in zip(jobs, paths, strict=True):
        job.refresh_from_db()
        old = job in jobs[:2]
        assert path.exists() is not old
        assert bool(job.file) is not old and (job.removed_at is not None) is old
        assert job.status == "done"  # the job stays, as a record
    elsewhere.refresh_from_db()
    assert elsewhere.file and Path(elsewhere.file.path).exists()  # another kabupaten's newest


def test_workbooks_older_than_the_days_are_removed(kabupaten, settings):
    settings.RENAKSI_REPORT_KEEP = settings.RENAKSI_REPORT_KEEP_DAYS = 0  # none removed by a run
    now = timezone.now()
    old = built_job(kabupaten, finished=now - dt.timedelta(days=31))
    recent = built_job(kabupaten, finished=now - dt.timedelta(days=29))
    cleaned = services.clean_old_files(keep=10, keep_days=30)
    assert [j.pk for j in cleaned.removed] == [old.pk]
    recent.refresh_from_db()
    assert recent.file and recent.removed_at is None
    assert services.clean_old_files(keep=0, keep_days=0).removed == []  # 0: no limit


def test_each_run_removes_the_kabupatens_old_files(kabupaten, settings):
    settings.RENAKSI_REPORT_KEEP = 1
    first = built_job(kabupaten)
    path = Path(first.file.path)
    second = built_job(kabupaten)
    first.refresh_from_db()
    assert not path.exists() and not first.file and first.removed_at
    assert second.file and Path(second.file.path).exists()


def test_a_removed_workbook_is_said_so_and_not_served(client, erin, kabupaten, settings):
    settings.RENAKSI_REPORT_KEEP = 1
    first = built_job(kabupaten)
    built_job(kabupaten)
    login(client, erin)
    page = client.get(reverse("kabupaten_workbook")).content.decode()
    assert "dihapus" in page
    assert client.get(reverse("report_job_download", args=[first.pk])).status_code == 404


def test_stray_files_are_removed_once_an_hour_old(kabupaten, media):
    job = built_job(kabupaten)
    folder = Path(job.file.path).parent
    stray, fresh = folder / "stray.xlsx", folder / "being-saved.xlsx"
    stray.write_bytes(b"x")
    fresh.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(stray, (two_hours_ago, two_hours_ago))
    cleaned = services.clean_old_files()
    assert cleaned.orphans == ["reports/stray.xlsx"] and cleaned.removed == []
    assert not stray.exists() and fresh.exists() and Path(job.file.path).exists()


def test_renaksi_jobs_clean(kabupaten, settings, capsys):
    settings.RENAKSI_REPORT_KEEP = 0
    built_job(kabupaten, finished=timezone.now() - dt.timedelta(days=40))
    ReportJob.objects.create(kabupaten=kabupaten, year=2023)  # waiting: --clean builds nothing
    assert main(["jobs", "--clean"]) == 0
    assert capsys.readouterr().out == "removed 1 old workbook file and 0 stray files\n"
    assert ReportJob.objects.filter(status="pending").count() == 1


def test_connections_of_the_pool_are_closed(monkeypatch):
    """A worker thread keeps no database connection open between jobs."""
    closed = []
    monkeypatch.setattr(services, "run_job", lambda job_id: None)
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    try:
        services.start_in_background(1).result(timeout=10)
    finally:
        services.shutdown_pool()
    assert closed == [True]


def test_the_requests_are_listed_in_the_admin(client, erin, kabupaten, started):
    from django.contrib.auth import get_user_model

    services.request_workbook(kabupaten=kabupaten, year=2022, user=erin)
    services.request_workbook(kabupaten=kabupaten, year=2022, user=erin)
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-long-pass-1")
    login(client, root)
    html = client.get(reverse("admin:reportjobs_reportrequest_changelist")).content.decode()
    assert html.count("erin") >= 2
    assert client.get(reverse("admin:reportjobs_reportrequest_add")).status_code == 403
    assert client.get(reverse("admin:reportjobs_reportjob_changelist")).status_code == 200
