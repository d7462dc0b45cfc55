"""Evidence saved together with the value: on the sheet, a row's file and/or link travel in the same
(multipart) save as its realisasi and are written with it in one transaction, or not at all.

- the service ``save_realisation_with_evidence``: value, narrative, file and link in one go; a file
  or link that cannot be evidence, a stale version or a locked period leaves nothing behind (no
  realisation, evidence, history or stored file); evidence without a value creates the period's
  realisation without a value (the indicator still has no realisasi: no capaian);
- over HTTP: the sheet is a multipart form with a file and a link field on every editable row; a
  failed row shows its error on the row, gives back what was typed and says the file must be chosen
  again, while the other rows are saved; the separate upload address still works (see
  test_monitoring_views and test_evidence_http).
"""

from __future__ import annotations

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from renaksi.web.monitoring import selectors, services
from renaksi.web.monitoring.models import Evidence, History, Realisation, Report
from renaksi.web.monitoring.reminders import _missing_realisations
from renaksi.web.monitoring.services import Conflict, EvidenceError, MonitoringError
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator

from .conftest import login
from .test_monitoring_views import form_of, page, row, sheet_url
from .test_store import big_document

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program"
LINK = "https://drive.example.go.id/bukti/tw1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def indicator(plan):
    return Indicator.objects.filter(
        node__plan=plan, name__startswith="Presentase Ketersediaan Laporan"
    ).earliest("id")  # target TW I 25 (%)


@pytest.fixture
def other(plan):
    return Indicator.objects.filter(node__plan=plan, name__startswith="Nilai MCP").earliest("id")


def pdf(name="Laporan TW I.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def files_in(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def nothing_written(media) -> None:
    assert not Realisation.objects.exists()
    assert not Evidence.objects.exists()
    # The audit log holds the plan's import and the logins, nothing of the refused change.
    assert not History.objects.exclude(kind__in=["import", "login"]).exists()
    assert files_in(media) == []


def save(indicator, user, *, value=20, version=None, **evidence):
    return services.save_realisation_with_evidence(
        indicator=indicator,
        period="TW1",
        value=value,
        obstacles="Data terlambat",
        expected_version=version,
        user=user,
        **evidence,
    )


# ---------------------------------------------------------------------------------------------
# The service


def test_value_narrative_file_and_link_in_one_call(indicator, alice, media):
    realisation, added = save(indicator, alice, upload=pdf(), link=LINK)
    assert (realisation.value, realisation.version, realisation.obstacles) == (
        20,
        1,
        "Data terlambat",
    )
    assert [e.original_name or e.link for e in added] == ["Laporan TW I.pdf", LINK]
    stored = Evidence.objects.get(realisation=realisation, link="")
    assert (media / stored.file.name).read_bytes() == PDF
    assert stored.content_type == "application/pdf" and stored.uploaded_by == alice
    assert sorted(
        History.objects.filter(indicator=indicator).values_list("field", "new")
    ) == sorted(
        [
            ("value", "20"),
            ("obstacles", "Data terlambat"),
            ("evidence", "Laporan TW I.pdf"),
            ("evidence", LINK),
        ]
    )


def test_evidence_added_to_an_unchanged_value_keeps_its_version(indicator, alice):
    first, _ = save(indicator, alice)
    again, added = save(indicator, alice, version=first.version, link=LINK)
    assert again.pk == first.pk and again.version == 1  # the value did not change
    assert [e.link for e in added] == [LINK]
    assert History.objects.filter(field="evidence").count() == 1


def test_evidence_without_a_value_creates_a_realisation_without_value(plan, indicator, alice):
    realisation, added = services.save_realisation_with_evidence(
        indicator=indicator,
        period="TW1",
        value=None,
        expected_version=None,
        user=alice,
        upload=pdf(),
    )
    assert (realisation.value, realisation.text, realisation.version) == (None, "", 1)
    assert len(added) == 1
    # Still no realisasi for the period: no capaian, and the reminders name the indicator.
    sheet_row = next(
        r for r in selectors.quarter_sheet(plan, "TW1").rows if r.indicator.pk == indicator.pk
    )
    assert sheet_row.value is None and sheet_row.achievement.raw is None
    assert sheet_row.evidence == added
    _total, missing = _missing_realisations([plan], "TW1")[plan.pk]
    assert indicator.name in missing
    # Only the evidence is in the history (the empty realisasi changed nothing worth a line).
    changes = History.objects.exclude(kind__in=["import", "login"])  # the audit log's others
    assert list(changes.values_list("field", flat=True)) == ["evidence"]


@pytest.mark.parametrize(
    ("evidence", "error"),
    [
        pytest.param(
            {"upload": SimpleUploadedFile("laporan.pdf", EXE)}, "not an accepted", id="exe"
        ),
        pytest.param({"upload": pdf("foto.jpg")}, "not what its name says", id="pdf-as-jpg"),
        pytest.param({"link": "javascript:alert(1)"}, "must start with https://", id="scheme"),
        pytest.param({"link": "https://"}, "not a valid link", id="no-host"),
        pytest.param({"link": "https://x.go.id/" + "a" * 500}, "not a valid link", id="long"),
        # A good file with a bad link: the file is not stored either.
        pytest.param({"upload": pdf(), "link": "ftp://x.go.id/a"}, "https://", id="file+bad-link"),
    ],
)
def test_a_refused_file_or_link_leaves_nothing(indicator, alice, media, evidence, error):
    with translation.override("en"), pytest.raises(EvidenceError, match=error):
        save(indicator, alice, **evidence)
    nothing_written(media)


def test_a_file_too_large_leaves_nothing(indicator, alice, media, settings):
    settings.RENAKSI_MAX_EVIDENCE_BYTES = 1024
    with translation.override("en"), pytest.raises(EvidenceError, match="larger than"):
        save(indicator, alice, upload=pdf(content=PDF + b"0" * 2048))
    nothing_written(media)


def test_a_failure_after_the_file_was_stored_removes_it(indicator, alice, media, monkeypatch):
    # The file is written, then storing the link fails: the transaction is rolled back and the
    # stored file removed, so no orphan is left in the media directory.
    real = services._attach

    def attach(**kwargs):
        if kwargs["checked"].link:
            raise RuntimeError("database gone")
        return real(**kwargs)

    monkeypatch.setattr(services, "_attach", attach)
    with pytest.raises(RuntimeError):
        save(indicator, alice, upload=pdf(), link=LINK)
    nothing_written(media)


def test_a_stale_version_refuses_the_value_and_the_evidence(indicator, alice, erin, media):
    first, _ = save(indicator, alice)
    save(indicator, erin, value=21, version=first.version)  # erin saved in between
    before = History.objects.count()
    with pytest.raises(Conflict):
        save(indicator, alice, value=30, version=first.version, upload=pdf(), link=LINK)
    assert Realisation.objects.get(indicator=indicator).value == 21
    assert not Evidence.objects.exists() and files_in(media) == []
    assert History.objects.count() == before


def test_a_submitted_period_refuses_it_as_a_period_not_as_evidence(plan, indicator, alice, media):
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    with pytest.raises(MonitoringError) as raised:
        save(indicator, alice, upload=SimpleUploadedFile("laporan.pdf", EXE))
    assert not isinstance(raised.value, EvidenceError)
    assert not Realisation.objects.exists() and not Evidence.objects.exists()
    assert files_in(media) == []


# ---------------------------------------------------------------------------------------------
# Over HTTP: the sheet's save


def sheet_form(client, plan) -> dict:
    return form_of(page(client.get(sheet_url(plan))))


def test_the_sheet_is_a_multipart_form_with_evidence_fields_on_every_row(client, alice, plan):
    login(client, alice)
    html = page(client.get(sheet_url(plan)))
    assert 'enctype="multipart/form-data" class="sheet-form"' in html
    indicators = Indicator.objects.filter(node__plan=plan)
    for ind in indicators:
        cell = row(html, ind.pk)
        assert f'type="file" id="file-{ind.pk}" name="file-{ind.pk}"' in cell
        assert f'name="link-{ind.pk}"' in cell
    # One file field per row, and the filled-in workbook's under the sheet (its own form).
    assert html.count('type="file" id="file-') == indicators.count()
    assert html.count('type="file"') == indicators.count() + 1
    assert 'form="evidence-' not in html  # no separate upload forms any more


def test_a_read_only_sheet_has_no_evidence_fields(client, alice, dave, plan):
    login(client, dave)
    assert 'type="file"' not in page(client.get(sheet_url(plan)))
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    login(client, alice)
    assert 'type="file"' not in page(client.get(sheet_url(plan)))


def test_value_and_file_and_link_in_one_save(client, alice, plan, indicator, media):
    login(client, alice)
    data = sheet_form(client, plan)
    data[f"value-{indicator.pk}"] = "20"
    data[f"file-{indicator.pk}"] = pdf()
    data[f"link-{indicator.pk}"] = LINK
    response = client.post(sheet_url(plan), data)
    assert response.status_code == 302 and response["Location"] == sheet_url(plan)
    realisation = Realisation.objects.get(indicator=indicator, period="TW1")
    assert (realisation.value, realisation.version) == (20, 1)
    stored = Evidence.objects.get(realisation=realisation, link="")
    assert (media / stored.file.name).read_bytes() == PDF
    assert Evidence.objects.filter(realisation=realisation, link=LINK).exists()

    html = unescape(page(client.get(response["Location"])))
    assert "Bukti dukung “Laporan TW I.pdf” ditambahkan." in html
    assert "1 perubahan" in html  # one row saved
    cell = row(html, indicator.pk)
    assert f'href="{reverse("evidence_download", args=[stored.pk])}" download' in cell
    assert "Laporan TW I.pdf" in cell and "drive.example.go.id" in cell
    assert form_of(html)[f"version-{indicator.pk}"] == "1"


def test_a_file_on_a_row_whose_value_did_not_change(client, alice, plan, indicator):
    login(client, alice)
    data = sheet_form(client, plan)
    data[f"value-{indicator.pk}"] = "20"
    assert client.post(sheet_url(plan), data).status_code == 302
    data = sheet_form(client, plan)  # the value as saved, version 1
    data[f"link-{indicator.pk}"] = LINK
    assert client.post(sheet_url(plan), data).status_code == 302
    realisation = Realisation.objects.get(indicator=indicator)
    assert realisation.version == 1
    assert [e.link for e in realisation.evidence.all()] == [LINK]


def test_evidence_without_a_value_over_http(client, alice, plan, indicator):
    login(client, alice)
    data = sheet_form(client, plan)
    data[f"file-{indicator.pk}"] = pdf()
    assert client.post(sheet_url(plan), data).status_code == 302
    realisation = Realisation.objects.get(indicator=indicator)
    assert realisation.value is None and realisation.text == ""
    html = page(client.get(sheet_url(plan)))
    cell = row(html, indicator.pk)
    assert "Laporan TW I.pdf" in cell
    assert '<td class="num capaian" data-capaian title="Belum ada realisasi' in cell
    assert form_of(html)[f"value-{indicator.pk}"] == ""


def test_a_refused_file_leaves_its_row_unsaved_with_the_error_on_it(
    client, alice, plan, indicator, other, media
):
    login(client, alice)
    client.cookies["django_language"] = "en"
    data = sheet_form(client, plan)
    data[f"value-{indicator.pk}"] = "20"
    data[f"obstacles-{indicator.pk}"] = "Data terlambat"
    data[f"file-{indicator.pk}"] = SimpleUploadedFile("laporan.pdf", EXE)
    data[f"link-{indicator.pk}"] = LINK
    data[f"value-{other.pk}"] = "22,5"  # another row: saved as usual
    response = client.post(sheet_url(plan), data)
    html = unescape(page(response))
    cell = row(html, indicator.pk)
    assert "row-error" in cell
    assert "not an accepted evidence file" in cell
    assert "; nothing of this row was saved." in cell
    assert "The file “laporan.pdf” was not attached: choose it again." in cell
    assert "1 row was not saved" in html
    again = form_of(html)  # what was typed is given back, to be sent again
    assert again[f"value-{indicator.pk}"] == "20"
    assert again[f"obstacles-{indicator.pk}"] == "Data terlambat"
    assert again[f"link-{indicator.pk}"] == LINK
    assert again[f"version-{indicator.pk}"] == ""
    # Nothing of that row: no realisation, no evidence (not even the good link), no file.
    assert not Realisation.objects.filter(indicator=indicator).exists()
    assert not Evidence.objects.exists() and files_in(media) == []
    assert not History.objects.filter(indicator=indicator).exists()
    assert Realisation.objects.get(indicator=other).value == 22.5

    # Corrected (a real PDF) and sent again from the page as it was given back: saved.
    again[f"file-{indicator.pk}"] = pdf()
    assert client.post(sheet_url(plan), again).status_code == 302
    realisation = Realisation.objects.get(indicator=indicator)
    assert realisation.value == 20 and realisation.evidence.count() == 2


def test_a_bad_link_on_a_saved_row_changes_nothing_of_it(client, alice, plan, indicator):
    login(client, alice)
    client.cookies["django_language"] = "en"
    data = sheet_form(client, plan)
    data[f"value-{indicator.pk}"] = "20"
    assert client.post(sheet_url(plan), data).status_code == 302
    data = sheet_form(client, plan)
    data[f"value-{indicator.pk}"] = "24"
    data[f"link-{indicator.pk}"] = "javascript:alert(1)"
    html = unescape(page(client.post(sheet_url(plan), data)))
    cell = row(html, indicator.pk)
    assert "must start with https://" in cell and "choose it again" not in cell
    assert form_of(html)[f"value-{indicator.pk}"] == "24"  # given back as typed
    assert form_of(html)[f"version-{indicator.pk}"] == "1"
    realisation = Realisation.objects.get(indicator=indicator)
    assert (realisation.value, realisation.version) == (20, 1)
    assert not Evidence.objects.exists()


def test_invalid_value_with_a_file_says_the_file_must_be_chosen_again(
    client, alice, plan, indicator, media
):
    login(client, alice)
    client.cookies["django_language"] = "en"
    data = sheet_form(client, plan)
    data[f"value-{indicator.pk}"] = "x" * 101
    data[f"file-{indicator.pk}"] = pdf()
    cell = unescape(row(page(client.post(sheet_url(plan), data)), indicator.pk))
    assert "at most 100 characters" in cell
    assert "The file “Laporan TW I.pdf” was not attached: choose it again." in cell
    nothing_written(media)


def test_a_conflict_refuses_the_rows_file_too(client, alice, erin, plan, indicator, media):
    login(client, alice)
    client.cookies["django_language"] = "en"
    stale = sheet_form(client, plan)
    services.save_realisation(
        indicator=indicator, period="TW1", value=21, expected_version=None, user=erin
    )
    stale[f"value-{indicator.pk}"] = "20"
    stale[f"file-{indicator.pk}"] = pdf()
    cell = unescape(row(page(client.post(sheet_url(plan), stale)), indicator.pk))
    assert "Someone else saved the realisasi" in cell and "choose it again" in cell
    assert Realisation.objects.get(indicator=indicator).value == 21
    assert not Evidence.objects.exists() and files_in(media) == []


def test_a_submitted_period_refuses_the_save_and_its_files(client, alice, plan, indicator, media):
    login(client, alice)
    data = sheet_form(client, plan)
    services.submit_report(plan=plan, period="TW1", user=alice, confirmed=True)
    data[f"value-{indicator.pk}"] = "20"
    data[f"file-{indicator.pk}"] = pdf()
    response = client.post(sheet_url(plan), data, follow=True)
    assert "sudah diajukan" in page(response)
    assert not Realisation.objects.exists() and not Evidence.objects.exists()
    assert files_in(media) == []
    assert Report.objects.get(plan=plan, period="TW1").state == Report.State.SUBMITTED


def test_others_cannot_attach_through_the_sheet(client, cast, plan, indicator, media):
    data = {f"value-{indicator.pk}": "20", f"version-{indicator.pk}": ""}
    for person, status in (("dave", 403), ("charlie", 403), ("bob", 404)):
        login(client, cast[person])
        response = client.post(sheet_url(plan), {**data, f"file-{indicator.pk}": pdf()})
        assert response.status_code == status
    assert not Realisation.objects.exists() and not Evidence.objects.exists()
    assert files_in(media) == []


def browser_multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple:
    """A multipart body as a browser without JavaScript sends it: every field, and every file
    input, an empty one as a part with an empty file name (the test client cannot send that)."""
    boundary = "----RenaksiBoundary7MA4YWxkTrZu0gW"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_long_sheet_sent_without_javascript_is_saved(client, alice, kaligondang, media):
    # Without JavaScript a browser sends every file input, the empty ones too, and every field of
    # every row: a sheet of 1,000 indicators must still be read (Django's defaults: 1,000 fields,
    # 100 files).
    big = plan_services.import_plan(
        unit=kaligondang, year=2025, version="murni", document=big_document(1000)
    )
    login(client, alice)
    client.get(sheet_url(big))
    fields = sheet_form(client, big)
    indicators = list(Indicator.objects.filter(node__plan=big).order_by("id"))
    assert len(indicators) == 1000
    first, last = indicators[0], indicators[-1]
    files = {f"file-{ind.pk}": ("", b"") for ind in indicators}
    files[f"file-{first.pk}"] = ("Laporan TW I.pdf", PDF)
    fields[f"value-{first.pk}"] = "1"
    fields[f"value-{last.pk}"] = "2"
    fields[f"link-{last.pk}"] = LINK
    body, content_type = browser_multipart(fields, files)
    response = client.generic("POST", sheet_url(big), body, content_type=content_type)
    assert response.status_code == 302, response.status_code
    assert Realisation.objects.filter(indicator__node__plan=big).count() == 2
    assert sorted(
        (e.realisation.indicator_id, e.original_name or e.link) for e in Evidence.objects.all()
    ) == sorted([(first.pk, "Laporan TW I.pdf"), (last.pk, LINK)])
