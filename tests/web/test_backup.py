"""``renaksi backup`` and ``renaksi restore``: the whole site (every table's rows, timestamps to the
microsecond, ids kept; the media files) in one archive, restored into an empty site only.

The round trip is checked twice: in this process (the site emptied, then restored), and into a
fresh database made and migrated by another process, of the same kind as the test database
(SQLite, or PostgreSQL when DATABASE_URL names it) — compared row by row through the ORM and
file by file through SHA-256, never through the archive's own serializer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import os
import pickle
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from renaksi.cli import main
from renaksi.web import backup
from renaksi.web.accounts.models import Unit
from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import AchievementSettings, BudgetSpent, History
from renaksi.web.plans import services as plans
from renaksi.web.plans.models import Indicator, LayoutTemplate, Node
from renaksi.web.reportjobs.models import ReportJob

from .conftest import SAMPLE

ROOT = Path(__file__).parents[2]
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 40
)


def snapshot(using="default"):
    """Every table's rows through the ORM (also run in the fresh site's process)."""
    from renaksi.web.backup import dumped_models

    return {
        model._meta.label_lower: [
            tuple(row)
            for row in model._base_manager.using(using)
            .order_by("pk")
            .values_list(*[f.attname for f in model._meta.local_concrete_fields])
        ]
        for model in dumped_models()
    }


def media_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(root).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(cast, kabupaten, kaligondang, plan, other_plan, client):
    """A site with a row in every table: plans, realisasi with evidence (a file and a link),
    budget spent, a submitted and verified period, due dates and their history, capaian settings,
    a layout template, an import waiting in its preview, a kabupaten workbook, a group with
    permissions, a session and the admin's log."""
    alice, dave, erin = cast["alice"], cast["dave"], cast["erin"]
    indicator = (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan").order_by("pk").first()
    )
    realisation = monitoring.save_realisation(
        indicator=indicator,
        period="TW1",
        value=20.5,
        obstacles="hujan",
        expected_version=None,
        user=alice,
    )
    monitoring.add_evidence(
        realisation=realisation,
        upload=SimpleUploadedFile("laporan TW1.pdf", PDF, content_type="application/pdf"),
        user=alice,
    )
    monitoring.add_evidence(
        realisation=realisation, link="https://drive.example.go.id/bukti", user=alice
    )
    node = Node.objects.filter(plan=plan, level="subkegiatan").order_by("pk").first()
    monitoring.save_budget_spent(
        node=node, period="TW1", amount=Decimal("1250000.50"), expected_version=None, user=alice
    )
    report = monitoring.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    monitoring.verify_report(report=report, user=dave, note="lengkap")
    monitoring.set_deadline(
        kabupaten=kabupaten, year=2022, period="TW1", due=dt.date(2022, 4, 10), user=erin
    )
    AchievementSettings.objects.create(kabupaten=kabupaten, cap=Decimal("120.00"), bands=[])
    # A filled-in workbook of TW II uploaded, waiting for its preview to be confirmed.
    from renaksi.web.monitoring.models import RealisationUpload

    RealisationUpload.objects.create(
        plan=plan,
        period="TW2",
        source_name="realisasi TW2.xlsx",
        changes=[{"row": 6, "indicator": realisation.indicator_id, "version": 1, "fields": {}}],
        errors=[{"row": 7, "column": "Realisasi", "message": "berisi rumus"}],
        created_by=alice,
    )
    template = LayoutTemplate.objects.create(
        kabupaten=kabupaten,
        unit=kaligondang,
        fingerprint="f" * 64,
        header_text="NO | PROGRAM",
        mapping={"header": [3], "roles": {"1": "name"}, "nested": [None, 1.5, "x"]},
        created_by=alice,
    )
    with SAMPLE.open("rb") as fh:
        upload = SimpleUploadedFile(SAMPLE.name, fh.read(), content_type="text/plain")
    session = plans.stage_import(
        unit=kaligondang,
        year=2023,
        version="murni",
        upload=upload,
        user=alice,
        max_bytes=20 * 1024 * 1024,
    )
    session.templates.add(template)
    if not session.file:
        session.file.save("upload.txt", ContentFile(SAMPLE.read_bytes()))
    # An upload waiting for the worker: its task is a row of the database queue, its file kept.
    from django.test import override_settings

    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=queue):
        plans.stage_import(
            unit=kaligondang,
            year=2024,
            version="murni",
            upload=SimpleUploadedFile("waiting.txt", SAMPLE.read_bytes()),
            user=alice,
            max_bytes=20 * 1024 * 1024,
        )
    from renaksi.web.reportjobs import services as reportjobs

    job = reportjobs.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
    reportjobs.run_job(job.pk, builder=lambda kabupaten, year: b"PK\x03\x04 a workbook")
    group = Group.objects.create(name="pemeriksa")
    group.permissions.add(*Permission.objects.filter(codename__startswith="view_")[:3])
    erin.groups.add(group)
    erin.user_permissions.add(Permission.objects.get(codename="change_unit"))
    client.force_login(erin)  # a row in django_session
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=erin,
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=str(kaligondang.pk),
        object_repr=str(kaligondang),
        action_flag=ADDITION,
        change_message="[]",
    )
    # A login locked out, and an administrator's second factor.
    from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    now = dt.datetime(2022, 4, 1, 8, 0, 0, 654321, tzinfo=dt.UTC)
    seen = {"ip_address": "127.0.0.1", "username": "erin", "user_agent": "test", "path_info": "/"}
    attempt = AccessAttempt.objects.create(**seen, attempt_time=now, failures_since_start=5)
    AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=now)
    AccessFailureLog.objects.create(**seen, attempt_time=now, locked_out=True)
    TOTPDevice.objects.create(user=erin, name="telepon", confirmed=True)
    # A timestamp the millisecond serializers lose.
    History.objects.filter(pk=History.objects.order_by("pk").first().pk).update(
        at=dt.datetime(2022, 4, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    )
    empty = [label for label, rows in snapshot().items() if not rows]
    assert empty == [], f"the site has no row in {empty}"


def wipe() -> None:
    """The site as a new installation: every table empty but those ``migrate`` fills."""
    for model in reversed(backup.dumped_models()):
        if model._meta.label_lower not in backup.MADE_BY_MIGRATE:
            model._base_manager.all()._raw_delete(model._base_manager.db)


def has_microseconds(rows: dict) -> bool:
    return any(
        isinstance(v, dt.datetime) and v.microsecond % 1000
        for table in rows.values()
        for row in table
        for v in row
    )


# ---------------------------------------------------------------------------------------------
# The round trip


def test_backup_then_restore_gives_the_same_site(site, settings, tmp_path):
    before = snapshot()
    files = media_files(settings.MEDIA_ROOT)
    assert has_microseconds(before) and len(files) >= 3  # evidence, document, workbook
    archive = tmp_path / "site.zip"
    summary = backup.create_backup(output=archive)
    assert summary.rows == sum(len(rows) for rows in before.values())
    assert summary.files == len(files) and summary.missing_files == []
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds password hashes

    wipe()
    settings.MEDIA_ROOT = tmp_path / "restored"
    restored = backup.restore_backup(archive=archive)
    assert (restored.rows, restored.files) == (summary.rows, summary.files)
    assert snapshot() == before
    assert media_files(settings.MEDIA_ROOT) == files
    history = History.objects.order_by("pk").first()
    assert history.at == dt.datetime(2022, 4, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    assert not list(tmp_path.glob(".renaksi-restore-*"))  # the staging folder is gone


RESTORED_SITE = (
    inspect.getsource(snapshot)
    + """
import os, pickle, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.web.settings")
import django
django.setup()
from renaksi.web.accounts.models import Unit
rows = snapshot()
# A row made after the restore gets a new id (PostgreSQL's sequences were reset).
fresh = Unit.objects.create(name="Kecamatan Baru", kind="kecamatan")
with open(sys.argv[1], "wb") as out:
    pickle.dump({"rows": rows, "new_id": fresh.pk}, out)
"""
)


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the test database's kind, dropped afterwards."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    assert connection.vendor == "postgresql"
    import psycopg

    name = f"{settings['NAME']}_restore"
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    yield (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{name}"
    )
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def renaksi(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "renaksi.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_restore_into_a_fresh_database_of_another_process(
    site, settings, tmp_path, fresh_database_url
):
    before = snapshot()
    files = media_files(settings.MEDIA_ROOT)
    archive = tmp_path / "site.zip"
    assert main(["backup", "-o", str(archive)]) == 0
    data_dir = tmp_path / "fresh"
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "RENAKSI_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "renaksi.web.settings",
    }
    migrated = renaksi("manage", "migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    restored = renaksi("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.count("\n") == 1 and " restored: " in restored.stdout
    out = tmp_path / "rows.pickle"
    read = subprocess.run(
        [sys.executable, "-c", RESTORED_SITE, str(out)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert read.returncode == 0, read.stderr
    after = pickle.loads(out.read_bytes())
    assert after["rows"].keys() == before.keys()
    for label, rows in before.items():
        assert after["rows"][label] == rows, label
    assert media_files(data_dir / "media") == files
    assert after["new_id"] > max(pk for pk, *_ in before["accounts.unit"])
    # Restoring again is refused: the site is not empty any more.
    again = renaksi("restore", str(archive), env=env)
    assert again.returncode == 2
    assert again.stderr.startswith("renaksi: error: the site is not empty")
    assert again.stderr.count("\n") == 1


OLDER_SITE = """
from renaksi.importers import read_plan
from renaksi.web import demo
from renaksi.web.accounts.models import Unit
from renaksi.web.plans import services
kabupaten = Unit.objects.create(name="Kabupaten Lama", kind="kabupaten")
unit = Unit.objects.create(name="Kecamatan Lama", kind="kecamatan", parent=kabupaten)
with demo.sample_path() as path:
    document = read_plan(path)
services.import_plan(unit=unit, year=2022, version="murni", document=document)
"""


def test_an_archive_of_older_migrations_restores_into_a_database_migrated_to_them(tmp_path):
    """A site still at an older migration is backed up; a new installation refuses the archive
    until its empty database is migrated back to the archive's migrations, then restores it and
    migrates forward (docs/security.md, 'An archive of an older Renaksi')."""

    def site(name):
        return {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite3",
            "RENAKSI_DATA_DIR": str(tmp_path / name),
            "DJANGO_SETTINGS_MODULE": "renaksi.web.settings",
        }

    def ok(*args, env):
        done = renaksi(*args, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    old, new = site("old"), site("new")
    archive = tmp_path / "old.zip"
    ok("manage", "migrate", env=old)
    ok("manage", "migrate", "reportjobs", "0001_initial", env=old)  # the older version's schema
    ok("manage", "shell", "-c", OLDER_SITE, env=old)
    ok("backup", "-o", str(archive), env=old)
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
    assert ["reportjobs", "0001_initial"] in manifest["database"]["migrations"]
    assert not any(t["model"] == "reportjobs.reportrequest" for t in manifest["tables"])

    ok("manage", "migrate", env=new)
    refused = renaksi("restore", str(archive), env=new)
    assert refused.returncode == 2 and "other migrations" in refused.stderr
    ok("manage", "migrate", "reportjobs", "0001_initial", env=new)
    assert " restored: " in ok("restore", str(archive), env=new)
    ok("manage", "migrate", env=new)
    counts = ok(
        "manage",
        "shell",
        "-c",
        "from renaksi.web.plans.models import Indicator, Plan; "
        "print(Plan.objects.get().unit.name, Indicator.objects.count())",
        env=new,
    )
    assert counts.strip().splitlines()[-1] == "Kecamatan Lama 51"


# ---------------------------------------------------------------------------------------------
# Refused


@pytest.fixture
def archive(site, tmp_path):
    """A backup of the site, and the site emptied (a new installation) with an empty media
    directory to restore into."""
    path = tmp_path / "site.zip"
    backup.create_backup(output=path)
    return path


def rewrite(source: Path, target: Path, change, fix_manifest: bool = True) -> Path:
    """A copy of an archive with members changed by ``change(name, data) -> data`` (None drops
    it); the manifest's checksums and sizes recomputed unless ``fix_manifest`` is false."""
    with zipfile.ZipFile(source) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members.pop(backup.MANIFEST))
    changed = {}
    for name, data in members.items():
        new = change(name, data)
        if new is not None:
            changed[name] = new
    if fix_manifest:
        for table in manifest["tables"]:
            data = changed[table["file"]]
            table.update(
                bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                rows=data.count(b"\n"),
            )
        for entry in manifest["media"]:
            data = changed.get(f"media/{entry['path']}", b"")
            entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in changed.items():
            zf.writestr(name, data)
        zf.writestr(backup.MANIFEST, json.dumps(manifest))
    return target


def refused(archive: Path, capsys) -> str:
    assert main(["restore", str(archive)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("renaksi: error: ") and err.count("\n") == 1
    return err


def nothing_restored(settings, tmp_path, before) -> None:
    assert snapshot() == before
    assert media_files(settings.MEDIA_ROOT) == {}
    assert not list(tmp_path.glob(".renaksi-restore-*"))


def test_a_site_with_data_is_refused(archive, capsys):
    before = snapshot()
    err = refused(archive, capsys)
    assert "the site is not empty" in err and "accounts.unit" in err
    assert snapshot() == before


@pytest.fixture
def empty_site(archive, settings, tmp_path):
    wipe()
    settings.MEDIA_ROOT = tmp_path / "restored"
    return snapshot()


def test_an_altered_file_is_refused(archive, empty_site, settings, tmp_path, capsys):
    def alter(name, data):
        return data.replace(b"%PDF-1.4", b"%PDF-1.5") if name.startswith("media/evidence") else data

    tampered = rewrite(archive, tmp_path / "tampered.zip", alter, fix_manifest=False)
    err = refused(tampered, capsys)
    assert "differs from its checksum" in err and "media/evidence/" in err
    nothing_restored(settings, tmp_path, empty_site)


def test_an_altered_table_is_refused(archive, empty_site, settings, tmp_path, capsys):
    def alter(name, data):
        return data.replace(b'"alice"', b'"eve00"') if name.endswith("auth.user.jsonl") else data

    tampered = rewrite(archive, tmp_path / "tampered.zip", alter, fix_manifest=False)
    err = refused(tampered, capsys)
    assert "database/auth.user.jsonl differs from its checksum" in err
    nothing_restored(settings, tmp_path, empty_site)


def test_a_file_the_manifest_does_not_list_is_refused(archive, empty_site, tmp_path, capsys):
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("media/extra.txt", b"not in the manifest")
    assert "not in the manifest" in refused(archive, capsys)


@pytest.mark.parametrize(
    "path", ["../escaped.txt", "evidence/../../escaped.txt", "/tmp/escaped.txt", "a\\..\\b.txt"]
)
def test_a_path_out_of_the_media_directory_is_refused(
    archive, empty_site, settings, tmp_path, capsys, path
):
    def slip(name, data):
        return data

    evil = rewrite(archive, tmp_path / "evil.zip", slip)
    with zipfile.ZipFile(evil) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members.pop(backup.MANIFEST))
    payload = b"written where it should not be"
    manifest["media"].append(
        {
            "path": path,
            "bytes": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
            "mtime": 0,
        }
    )
    members[f"media/{path}"] = payload
    with zipfile.ZipFile(evil, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr(backup.MANIFEST, json.dumps(manifest))
    err = refused(evil, capsys)
    assert "outside the media directory" in err
    assert not list(tmp_path.rglob("escaped.txt"))
    nothing_restored(settings, tmp_path, empty_site)


def test_a_member_out_of_the_media_directory_is_refused(archive, empty_site, tmp_path, capsys):
    """A zip-slip member the manifest does not list."""
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("media/../../escaped.txt", b"x")
    assert "outside the media directory" in refused(archive, capsys)
    assert not list(tmp_path.rglob("escaped.txt"))


def test_a_zip_bomb_is_refused(archive, empty_site, settings, tmp_path, capsys):
    zeros = bytes(64 * 1024 * 1024)

    def bomb(name, data):
        return zeros if name.startswith("media/evidence") else data

    err = refused(rewrite(archive, tmp_path / "bomb.zip", bomb), capsys)
    assert "expands" in err
    nothing_restored(settings, tmp_path, empty_site)


def test_files_larger_than_the_free_space_are_refused(
    archive, empty_site, settings, tmp_path, capsys, monkeypatch
):
    import shutil

    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda path: usage._replace(free=1024 * 1024))
    assert "are free on the media directory's disk" in refused(archive, capsys)
    nothing_restored(settings, tmp_path, empty_site)


def test_an_archive_of_other_migrations_is_refused(archive, empty_site, tmp_path, capsys):
    with zipfile.ZipFile(archive) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members[backup.MANIFEST])
    manifest["database"]["migrations"].append(["plans", "0099_from_the_future"])
    members[backup.MANIFEST] = json.dumps(manifest).encode()
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    err = refused(other, capsys)
    assert "other migrations" in err and "plans.0099_from_the_future" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "not a readable zip archive"),
        (None, "no manifest.json"),
    ],
)
def test_what_is_not_a_backup_is_refused(empty_site, tmp_path, capsys, content, message):
    path = tmp_path / "x.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("hello.txt", b"hi")
    else:
        path.write_bytes(content)
    assert message in refused(path, capsys)


def test_rows_that_do_not_hold_together_leave_the_database_as_it_was(
    archive, empty_site, settings, tmp_path, capsys
):
    """Checksums that match (the manifest rewritten too) but a profile of a unit the archive does
    not have: every row is rolled back, no file is left."""

    def orphan(name, data):
        if name.endswith("accounts.profile.jsonl"):
            first, rest = data.split(b"\n", 1)
            row = json.loads(first)
            row["unit_id"] = 999_999
            return json.dumps(row).encode() + b"\n" + rest
        return data

    err = refused(rewrite(archive, tmp_path / "orphan.zip", orphan), capsys)
    assert "do not hold together" in err, err
    nothing_restored(settings, tmp_path, empty_site)


def test_a_failure_after_the_files_are_moved_in_removes_them(
    archive, empty_site, settings, tmp_path, monkeypatch
):
    move_in = backup._move_in

    def fail_after(*args):
        move_in(*args)
        assert media_files(settings.MEDIA_ROOT)  # the files were there
        raise OSError("the disk went away")

    monkeypatch.setattr(backup, "_move_in", fail_after)
    with pytest.raises(OSError, match="the disk went away"):
        backup.restore_backup(archive=archive)
    nothing_restored(settings, tmp_path, empty_site)


# ---------------------------------------------------------------------------------------------
# renaksi backup


def test_backup_prints_one_line(site, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["backup"]) == 0
    out = capsys.readouterr().out
    (made,) = tmp_path.glob("renaksi-backup-*.zip")
    tables = len(backup.dumped_models())
    assert out.startswith(f"{made.name}: {tables} tables, ") and out.count("\n") == 1
    assert zipfile.ZipFile(made).testzip() is None


def test_a_backup_that_cannot_be_written_leaves_nothing(site, settings, tmp_path, capsys):
    assert main(["backup", "-o", str(tmp_path / "no-such-folder" / "x.zip")]) == 2
    assert "no folder" in capsys.readouterr().err
    assert main(["backup", "-o", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["backup", "-o", str(settings.MEDIA_ROOT / "evidence" / "x.zip")]) == 2
    assert "is in the media directory" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_file_named_by_the_database_but_missing_is_reported(site, settings, tmp_path, capsys):
    job = ReportJob.objects.get()
    Path(job.file.path).unlink()
    assert main(["backup", "-o", str(tmp_path / "x.zip")]) == 0
    assert "1 file the database names missing" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        assert json.loads(zf.read(backup.MANIFEST))["missing_files"] == [job.file.name]


def test_the_archive_keeps_microseconds_and_exact_values(site, tmp_path):
    path = tmp_path / "x.zip"
    backup.create_backup(output=path)
    with zipfile.ZipFile(path) as zf:
        history = zf.read("database/monitoring.history.jsonl").decode()
        spent = zf.read("database/monitoring.budgetspent.jsonl").decode()
        manifest = json.loads(zf.read(backup.MANIFEST))
    assert '"at":"2022-04-01T08:30:15.123456+00:00"' in history
    assert '"amount":"1250000.50"' in spent
    assert manifest["format"] == "renaksi-backup" and manifest["format_version"] == 1
    assert manifest["counts"]["rows"] == sum(t["rows"] for t in manifest["tables"])
    assert BudgetSpent.objects.get().amount == Decimal("1250000.50")
