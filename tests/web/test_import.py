"""Importing in the browser: upload → preview → confirm (all or nothing) or cancel.

The permission matrix of every view is in test_permissions.py; here, the import's own behaviour.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from renaksi.web.plans.models import ImportSession, Indicator, Node, Plan, Target

from .conftest import SAMPLE, login, read_failure


@pytest.fixture(autouse=True)
def english(settings):
    """The messages asserted here are the English source strings."""
    settings.LANGUAGE_CODE = "en"


def sample_upload(name: str = SAMPLE.name) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SAMPLE.read_bytes(), content_type="text/plain")


def upload(client, unit, file, year=2022, version="murni"):
    return client.post(
        reverse("import_upload", args=[unit.pk]),
        {"file": file, "year": year, "version": version},
    )


def staged(client, unit, **kwargs) -> ImportSession:
    response = upload(client, unit, sample_upload(), **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    session = ImportSession.objects.latest("created_at")
    assert response["Location"] == reverse("import_preview", args=[session.pk])
    return session


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def row_counts() -> tuple[int, int, int, int]:
    return (
        Plan.objects.count(),
        Node.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
    )


# ---------------------------------------------------------------------------------------------
# Upload


def test_upload_form_offers_file_year_and_version(client, alice, kaligondang):
    login(client, alice)
    response = client.get(reverse("import_upload", args=[kaligondang.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and 'accept=".txt,' in html
    assert 'name="year"' in html and 'name="version"' in html
    assert 'value="murni"' in html and 'value="perubahan"' in html
    assert response.context["form"].initial["year"] >= 2025


def test_upload_sample_then_preview_shows_tree_and_findings(client, alice, kaligondang):
    login(client, alice)
    session = staged(client, kaligondang)
    assert (session.unit, session.year, session.version) == (kaligondang, 2022, "murni")
    assert session.status == ImportSession.Status.PENDING
    assert session.source_name == SAMPLE.name
    assert row_counts() == (0, 0, 0, 0)  # nothing saved to plans yet

    response = client.get(reverse("import_preview", args=[session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    counts = {level: count for level, _label, count in response.context["counts"]}
    assert counts == {"tujuan": 1, "sasaran": 3, "program": 6, "kegiatan": 12, "subkegiatan": 25}
    assert sum(1 for row in response.context["rows"] if row.level == "subkegiatan") == 25
    # the indicators with their targets per period, the periods as column headers
    assert [str(p) for p in response.context["periods"]] == ["TW I", "TW II", "TW III", "TW IV"]
    assert "Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan" in html
    assert "Program Penyelenggaraan Pemerintahan Dan Pelayanan Publik" in html
    # the findings, with line, severity and message; the conflicting target of line 13 among them
    conflicting = [f for f in response.context["findings"] if f.code == "conflicting-target"]
    assert [(f.line, f.severity) for f in conflicting] == [(13, "error")]
    assert re.search(r'<a href="#line-13">13</a>\s*</td>\s*<td class="severity">error', html)
    assert "is 50 on line 11 and 70 on line 13; 50 kept" in html
    # Confirm and Cancel, each a POST form
    assert f'action="{reverse("import_confirm", args=[session.pk])}"' in html
    assert f'action="{reverse("import_cancel", args=[session.pk])}"' in html


def test_confirm_saves_the_plan_as_revision_one(client, alice, kaligondang):
    login(client, alice)
    session = staged(client, kaligondang)
    response = client.post(reverse("import_confirm", args=[session.pk]))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert any("revision 1" in m for m in texts(response))
    assert (plan.unit, plan.year, plan.version, plan.revision, plan.is_current) == (
        kaligondang,
        2022,
        "murni",
        1,
        True,
    )
    assert plan.nodes.filter(level="subkegiatan").count() == 25
    assert Indicator.objects.filter(node__plan=plan).count() == 51
    assert plan.created_by == alice and plan.source_name == SAMPLE.name
    assert any(f["code"] == "conflicting-target" for f in plan.import_findings)
    session.refresh_from_db()
    assert (session.status, session.plan) == (ImportSession.Status.CONFIRMED, plan)


def test_second_import_becomes_revision_two_and_keeps_the_first(client, alice, kaligondang):
    login(client, alice)
    first = staged(client, kaligondang)
    client.post(reverse("import_confirm", args=[first.pk]))
    second = staged(client, kaligondang, year=2022)
    preview = client.get(reverse("import_preview", args=[second.pk]))
    assert preview.context["next_revision"] == 2
    client.post(reverse("import_confirm", args=[second.pk]))
    plans = list(Plan.objects.order_by("revision").values_list("revision", "is_current"))
    assert plans == [(1, False), (2, True)]
    assert Node.objects.filter(level="subkegiatan").count() == 50  # the old revision is whole


def test_perubahan_is_its_own_plan(client, alice, kaligondang):
    login(client, alice)
    session = staged(client, kaligondang, version="perubahan")
    client.post(reverse("import_confirm", args=[session.pk]))
    plan = Plan.objects.get()
    assert (plan.version, plan.revision) == ("perubahan", 1)


def test_cancel_saves_nothing(client, alice, kaligondang, plan):
    login(client, alice)
    before = row_counts()
    session = staged(client, kaligondang, year=2022)
    response = client.post(reverse("import_cancel", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[kaligondang.pk])
    assert row_counts() == before
    session.refresh_from_db()
    assert session.status == ImportSession.Status.CANCELLED
    # a cancelled import can no longer be confirmed, and its preview sends back to the unit
    client.post(reverse("import_confirm", args=[session.pk]))
    assert row_counts() == before
    preview = client.get(reverse("import_preview", args=[session.pk]))
    assert preview["Location"] == reverse("unit_detail", args=[kaligondang.pk])


# ---------------------------------------------------------------------------------------------
# Refusals: the one-line reason, and nothing saved


def garbage_xlsx():
    return SimpleUploadedFile("rencana.xlsx", b"this is not a spreadsheet at all")


def unknown_extension():
    return SimpleUploadedFile("rencana.ppt", b"\xd0\xcf\x11\xe0 old binary powerpoint")


def garbage_xls():
    return SimpleUploadedFile("rencana.xls", b"\x01\x02 this is not a workbook")


def empty_file():
    return SimpleUploadedFile("rencana.txt", b"")


def no_plan():
    return SimpleUploadedFile("notes.txt", b"just a line of prose\nand another one\n")


@pytest.mark.parametrize(
    ("make_file", "reason"),
    [
        (garbage_xlsx, "rencana.xlsx: not a valid .xlsx file; corrupt or renamed"),
        (unknown_extension, "rencana.ppt: unknown format .ppt; supported: .txt, .tsv"),
        (garbage_xls, "rencana.xls: not a valid .xls file; corrupt or renamed"),
        (empty_file, "rencana.txt: the file is empty"),
        (no_plan, "notes.txt: "),
    ],
    ids=["garbage-xlsx", "unknown-extension", "garbage-xls", "empty", "no-table"],
)
def test_unreadable_upload_shows_the_reason_and_saves_nothing(
    client, alice, kaligondang, make_file, reason
):
    login(client, alice)
    response = upload(client, kaligondang, make_file())
    if response.status_code == 400:  # an unknown extension: refused by the form, nothing kept
        errors = response.context["form"].errors["file"]
        assert len(errors) == 1 and errors[0].startswith(reason)
        assert "\n" not in errors[0]
        assert reason in response.content.decode()
        assert ImportSession.objects.count() == 0
    else:  # read by the worker: its page says why, in one line
        assert read_failure(client, response).startswith(reason)
    assert row_counts() == (0, 0, 0, 0)


@override_settings(RENAKSI_MAX_UPLOAD_BYTES=1024)
def test_file_over_the_size_limit_is_refused(client, alice, kaligondang):
    login(client, alice)
    response = upload(client, kaligondang, sample_upload())
    assert response.status_code == 400
    [error] = response.context["form"].errors["file"]
    assert error.startswith(f"{SAMPLE.name}: the file is larger than")
    assert ImportSession.objects.count() == 0


@pytest.mark.parametrize(("year", "version"), [(1999, "murni"), (2022, "final"), ("", "murni")])
def test_bad_year_or_version_is_refused(client, alice, kaligondang, year, version):
    login(client, alice)
    response = upload(client, kaligondang, sample_upload(), year=year, version=version)
    assert response.status_code == 400
    assert ImportSession.objects.count() == 0


def test_imported_text_is_escaped(client, alice, kaligondang):
    login(client, alice)
    table = (
        "RENCANA AKSI TAHUN 2024\n"
        "PROGRAM\tINDIKATOR KINERJA\tSATUAN\tTW I\tTW II\tTW III\tTW IV\n"
        "1. Program <script>alert(1)</script> Penunjang\tJumlah <b>dokumen</b>\tDokumen\t1\t2\t3\t4\n"
    )
    response = upload(client, kaligondang, SimpleUploadedFile("x.txt", table.encode()), year=2024)
    session = ImportSession.objects.get()
    html = client.get(reverse("import_preview", args=[session.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>dokumen</b>" not in html
    assert "&lt;script&gt;" in html
    del response


# ---------------------------------------------------------------------------------------------
# Confirm is one transaction


def test_confirm_is_all_or_nothing(client, alice, kaligondang, monkeypatch):
    login(client, alice)
    session = staged(client, kaligondang)

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Target.objects, "bulk_create", fail)
    response = client.post(reverse("import_confirm", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("import_preview", args=[session.pk])
    assert any("nothing was saved" in m for m in texts(response))
    assert (Plan.objects.count(), Node.objects.count(), Indicator.objects.count()) == (0, 0, 0)
    session.refresh_from_db()
    assert (session.status, session.plan) == (ImportSession.Status.PENDING, None)

    monkeypatch.undo()  # the database is back: the same import can be confirmed
    client.post(reverse("import_confirm", args=[session.pk]))
    assert Plan.objects.get().nodes.filter(level="subkegiatan").count() == 25


def test_confirm_twice_saves_once(client, alice, kaligondang):
    login(client, alice)
    session = staged(client, kaligondang)
    client.post(reverse("import_confirm", args=[session.pk]))
    counts = row_counts()
    again = client.post(reverse("import_confirm", args=[session.pk]))
    assert again.status_code == 302
    assert any("already confirmed or cancelled" in m for m in texts(again))
    assert row_counts() == counts
    assert Plan.objects.count() == 1
    # nor can a confirmed import be cancelled
    client.post(reverse("import_cancel", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == ImportSession.Status.CONFIRMED


@pytest.mark.parametrize("name", ["import_confirm", "import_cancel"])
def test_confirm_and_cancel_refuse_get(client, alice, kaligondang, name):
    login(client, alice)
    session = staged(client, kaligondang)
    assert client.get(reverse(name, args=[session.pk])).status_code == 405
    session.refresh_from_db()
    assert session.status == ImportSession.Status.PENDING


# ---------------------------------------------------------------------------------------------
# Whose import it is (the full matrix is in test_permissions.py)


@pytest.mark.parametrize(
    ("who", "status"), [("bob", 404), ("erin", 404), ("charlie", 403), ("dave", 403)]
)
def test_only_the_author_reaches_an_import(request, client, alice, kaligondang, who, status):
    login(client, alice)
    session = staged(client, kaligondang)
    client.logout()
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("import_preview", args=[session.pk])).status_code == status
    assert client.post(reverse("import_confirm", args=[session.pk])).status_code == status
    assert client.post(reverse("import_cancel", args=[session.pk])).status_code == status
    session.refresh_from_db()
    assert session.status == ImportSession.Status.PENDING
    assert Plan.objects.count() == 0


def test_erin_may_import_for_any_unit_of_her_kabupaten(client, erin, kaligondang, bukateja):
    login(client, erin)
    session = staged(client, bukateja)
    # The sample names Kecamatan Kaligondang: saving it for Bukateja needs her word.
    confirm = reverse("import_confirm", args=[session.pk])
    assert client.post(confirm).status_code == 400
    client.post(confirm, {"mismatch_confirmed": "1"})
    assert Plan.objects.get().unit == bukateja


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("dave", 403), ("charlie", 403)])
def test_upload_refused_outside_ones_scope(request, client, kaligondang, who, status):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("import_upload", args=[kaligondang.pk])).status_code == status
    assert upload(client, kaligondang, sample_upload()).status_code == status
    assert ImportSession.objects.count() == 0


def test_anonymous_is_sent_to_login(client, kaligondang):
    response = client.get(reverse("import_upload", args=[kaligondang.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.get(reverse("import_preview", args=[uuid.uuid4()]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unknown_import_is_404(client, alice):
    login(client, alice)
    assert client.get(reverse("import_preview", args=[uuid.uuid4()])).status_code == 404


def test_an_upload_declared_larger_than_the_limit_is_refused_before_it_is_read(
    client, alice, kaligondang, settings
):
    """The declared length alone refuses it: the body is never read, no import is staged."""
    settings.RENAKSI_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(alice)
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {"year": 2022, "version": "murni"},
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "nothing was read" in response.content.decode()
    assert not ImportSession.objects.exists()


def test_uploads_are_read_in_a_process_of_their_own(client, alice, kaligondang, settings):
    """With a memory limit no document can meet, the upload is refused with one line, and the
    web process goes on."""
    settings.RENAKSI_READ_ISOLATED = True
    settings.RENAKSI_READ_MEMORY_MB = 1
    client.force_login(alice)
    pdf = Path(__file__).resolve().parents[1] / "corpus/docs/jabar-dishub-monev-renaksi-2016.pdf"
    response = client.post(
        reverse("import_upload", args=[kaligondang.pk]),
        {
            "year": 2022,
            "version": "murni",
            "file": SimpleUploadedFile("monev.pdf", pdf.read_bytes()),
        },
    )
    assert read_failure(client, response).startswith(
        "monev.pdf: reading it needs more than 1 MB of memory"
    )
