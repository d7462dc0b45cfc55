"""The Pemantauan of a stored plan as an official signs it (issue 12): a realisasi given as a
``Decimal`` is a number; Penanggung Jawab, annual target, the quarter's own realisasi,
upaya/solusi, evidence links and the verifier by name and position, in every format."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest

from renaksi.web.monitoring import services as monitoring
from renaksi.web.plans.models import Indicator
from renaksi.web.reportjobs import services

SAKIP = "Nilai SAKIP Kecamatan Kaligondang"  # targets TW1 25, TW2 50, TW3 75, TW4 100 (%)


@pytest.fixture
def sakip(plan):
    return Indicator.objects.get(node__plan=plan, name=SAKIP)


def xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def row_of(rows: list[list], text: str) -> list:
    return next(row for row in rows if text in row)


def test_a_decimal_realisasi_is_stored_as_a_number(sakip, alice):
    saved = monitoring.save_realisation(
        indicator=sakip, period="TW1", value=Decimal("22.50"), expected_version=None, user=alice
    )
    saved.refresh_from_db()
    assert (saved.value, saved.text) == (Decimal("22.5"), "")


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_a_decimal_that_is_no_quantity_is_not_a_number(sakip, alice, value):
    saved = monitoring.save_realisation(
        indicator=sakip, period="TW1", value=value, expected_version=None, user=alice
    )
    assert saved.value is None


def test_a_decimal_realisasi_gives_a_capaian_in_the_report(plan, sakip, alice):
    monitoring.save_realisation(
        indicator=sakip, period="TW1", value=Decimal("22.50"), expected_version=None, user=alice
    )
    rendered = services.render_plan_report(plan, "pemantauan", "xlsx", period="TW1")
    row = row_of(xlsx_rows(rendered.data), SAKIP)
    assert 22.5 in row and "22.50" not in row
    assert 90 in row  # capaian 22,5 / 25 × 100


# ---------------------------------------------------------------------------------------------
# Penanggung Jawab: from the document to the report


def test_person_in_charge_is_stored_on_import_and_given_back(kaligondang, alice, sample_document):
    from renaksi.web.plans import services as plan_services
    from renaksi.web.plans.selectors import load_document

    document = copy.deepcopy(sample_document)
    first = next(i for n, _p in document.walk() for i in n.indicators)
    first.extra["person_in_charge"] = "  Kasi   Pemerintahan\x00 "
    stored = plan_services.import_plan(
        unit=kaligondang, year=2023, version="murni", document=document, user=alice
    )
    indicator = Indicator.objects.filter(node__plan=stored).order_by("node__position", "id")
    assert [i.person_in_charge for i in indicator if i.person_in_charge] == ["Kasi Pemerintahan"]
    doc = load_document(stored)
    again = next(i for n, _p in doc.core.walk() for i in n.indicators)
    assert again.extra["person_in_charge"] == "Kasi Pemerintahan"
    assert again.to_dict(doc.core.periods)["person_in_charge"] == "Kasi Pemerintahan"


def test_person_in_charge_is_edited_with_its_history(sakip, alice):
    from renaksi.web.monitoring.models import History
    from renaksi.web.plans import services as plan_services
    from renaksi.web.plans.services import ServiceError

    plan_services.update_indicator(
        indicator=sakip,
        name=sakip.name,
        objective=sakip.objective,
        unit=sakip.unit,
        person_in_charge="Sekretaris Camat",
        expected_version=sakip.version,
        user=alice,
    )
    sakip.refresh_from_db()
    assert sakip.person_in_charge == "Sekretaris Camat"
    assert History.objects.filter(
        indicator=sakip, field="person_in_charge", new="Sekretaris Camat"
    ).exists()
    with pytest.raises(ServiceError, match="200"):
        plan_services.update_indicator(
            indicator=sakip,
            name=sakip.name,
            person_in_charge="x" * 201,
            expected_version=sakip.version,
            user=alice,
        )


def test_the_edit_form_saves_the_person_in_charge(client, plan, sakip, alice):
    from django.urls import reverse

    from renaksi.web.plans.forms import IndicatorForm

    from .conftest import login

    login(client, alice)
    url = reverse("indicator_edit", args=[sakip.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="person_in_charge"' in page.content.decode()
    data = {k: v for k, v in IndicatorForm.initial_for(sakip, {}).items() if v is not None}
    data.update(person_in_charge="Kasi Tata Pemerintahan")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sakip.refresh_from_db()
    assert sakip.person_in_charge == "Kasi Tata Pemerintahan"


# ---------------------------------------------------------------------------------------------
# The Pemantauan's columns in every format


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def monitored(plan, sakip, alice, dave, settings, tmp_path):
    """TW1 and TW2 of SAKIP entered (10 then 22,5: a "last" percentage), with kendala,
    upaya and two pieces of evidence for TW2; TW2 verified by Dewi Lestari, Kepala Bagian."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    sakip.person_in_charge = "Kasi Pemerintahan"
    sakip.save()
    monitoring.save_realisation(
        indicator=sakip, period="TW1", value=10, expected_version=None, user=alice
    )
    tw2 = monitoring.save_realisation(
        indicator=sakip,
        period="TW2",
        value=Decimal("22.5"),
        obstacles="Data terlambat",
        follow_up="Koordinasi dengan bagian organisasi",
        expected_version=None,
        user=alice,
    )
    monitoring.add_evidence(realisation=tw2, link="https://drive.example.go.id/sakip", user=alice)
    monitoring.add_evidence(
        realisation=tw2, upload=SimpleUploadedFile("lhe-sakip.pdf", PDF), user=alice
    )
    dave.first_name, dave.last_name = "Dewi", "Lestari"
    dave.save()
    dave.profile.position = "Kepala Bagian Organisasi"
    dave.profile.save()
    report = monitoring.submit_report(plan=plan, period="TW2", user=alice, confirmed=True)
    monitoring.verify_report(report=report, user=dave, note="Sesuai")
    return plan


def test_pemantauan_xlsx_columns_and_values(monitored):
    rendered = services.render_plan_report(monitored, "pemantauan", "xlsx", period="TW2")
    rows = xlsx_rows(rendered.data)
    header = row_of(rows, "Penanggung Jawab")
    for name in (
        "Target Tahunan",
        "Target TW II",
        "Realisasi TW II",
        "Realisasi s.d. TW II",
        "Upaya / Tindak Lanjut",
        "Bukti Dukung",
    ):
        assert name in header
    row = row_of(rows, SAKIP)
    by = dict(zip(header, row, strict=True))
    assert by["Target Tahunan"] == 100
    assert by["Target TW II"] == 50
    assert by["Realisasi TW II"] == 22.5
    assert by["Realisasi s.d. TW II"] == 22.5  # a percentage is its latest value
    assert by["Capaian (%)"] == 45
    assert by["Kendala"] == "Data terlambat"
    assert by["Upaya / Tindak Lanjut"] == "Koordinasi dengan bagian organisasi"
    assert by["Bukti Dukung"].split("\n") == ["https://drive.example.go.id/sakip", "lhe-sakip.pdf"]
    assert by["Penanggung Jawab"] == "Kasi Pemerintahan"
    text = "\n".join(str(c) for r in rows for c in r if c)
    assert "Verifikator: Dewi Lestari, Kepala Bagian Organisasi" in text
    assert "dave" not in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_pemantauan_docx_and_pdf_show_the_new_columns(monitored, fmt):
    if fmt not in services.available_formats():
        pytest.skip("no PDF renderer here")
    rendered = services.render_plan_report(monitored, "pemantauan", fmt, period="TW2")
    text = full_text(fmt, rendered.data)
    # A PDF's narrow column breaks a URL or a file name anywhere: compared without spaces.
    flat = "".join(text.split())
    for expected in (
        "Target Tahunan",
        "Realisasi TW II",
        "Upaya / Tindak Lanjut",
        "Bukti Dukung",
        "Kasi Pemerintahan",
        "Koordinasi dengan bagian organisasi",
        "lhe-sakip.pdf",
        "https://drive.example.go.id/sakip",
        "Dewi Lestari, Kepala Bagian Organisasi",
    ):
        assert "".join(expected.split()) in flat, expected


def full_text(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        from docx import Document

        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    import pdfplumber

    # Words of one wrapped cell are read cell by cell (extract_text reads the page line by line).
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        cells = [
            " ".join((cell or "").split())
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
            for cell in row
        ]
        return "\n".join([page.extract_text() or "" for page in pdf.pages] + cells)
