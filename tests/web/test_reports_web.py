"""Reports from the web: a plan's report downloaded in every format, signed from the unit's
settings; the kabupaten workbook built by a job; who may do what."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from renaksi.importers import read_plan
from renaksi.reports import format_date
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.selectors import load_document
from renaksi.web.reportjobs import services
from renaksi.web.reportjobs.models import ReportJob

from .conftest import login


@pytest.fixture
def signed(kaligondang):
    kaligondang.signature_place = "Kaligondang"
    kaligondang.head_position = "Camat Kaligondang"
    kaligondang.head_name = "Drs. Sugeng Widodo"
    kaligondang.head_nip = "19700101 199003 1 001"
    kaligondang.save()
    return kaligondang


def _text_of(fmt: str, data: bytes) -> str:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data))
        return "\n".join(
            str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
        )
    if fmt == "docx":
        from docx import Document

        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_today_in_indonesian():
    assert format_date(dt.date(2026, 11, 29)) == "29 November 2026"
    signature = services.signature_of(
        type(
            "U",
            (),
            dict(signature_place="Kaligondang", head_position="Camat", head_name="", head_nip=""),
        )(),
        dt.date(2026, 11, 29),
    )
    assert signature.lines()[0] == "Kaligondang, 29 November 2026"


@pytest.mark.parametrize("fmt", services.available_formats())
@pytest.mark.parametrize("report", services.available_reports())
def test_download_every_report_and_format(client, alice, signed, plan, report, fmt):
    login(client, alice)
    url = reverse("report_download", args=[plan.pk, report, fmt])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == services.CONTENT_TYPES[fmt]
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="renaksi-kecamatan-kaligondang-2022-{report}.{fmt}"' in disposition
    text = _text_of(fmt, response.content)
    title = {"rencana-aksi": "RENCANA AKSI TAHUN 2022"}.get(report, report.split("-")[0].upper())
    assert title in text and "2022" in text
    from django.utils import timezone

    assert f"Kaligondang, {format_date(timezone.localdate())}" in text
    for part in ("Camat Kaligondang", "Drs. Sugeng Widodo", "NIP. 19700101 199003 1 001"):
        assert part in text


def _tree(plan) -> list[tuple]:
    """Every node: level, number, name, parent, indicators with unit, annual target, targets."""
    return [
        (
            node.level,
            node.number,
            node.name,
            parent and (parent.level, parent.name),
            [
                (
                    i.objective,
                    i.name,
                    i.unit,
                    i.annual_target,
                    {p: i.targets.get(p) for p in plan.periods},
                )
                for i in node.indicators
            ],
        )
        for node, parent in plan.walk()
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_rencana_aksi_download_reads_back_to_the_database_plan(client, alice, plan, fmt, tmp_path):
    """The Rencana Aksi downloaded from the plan page, imported again, is the plan the database
    holds: the sample as imported, plus a program added in the application under no sasaran and
    a changed target."""
    program = plan_services.create_node(
        plan=plan, parent=None, level="program", name="Program Ketenteraman Wilayah", number="G"
    )
    added = plan_services.create_indicator(
        node=program,
        name="Persentase Gangguan yang Ditangani",
        objective="Terjaganya Ketertiban",
        unit="%",
    )
    plan_services.set_targets(indicator=added, values={"TW1": 20, "TW2": 45, "TW3": 70, "TW4": 95})
    first = load_document(plan).core.nodes[0].indicators[0]
    assert first.targets["TW2"] is None  # the sample's missing TW II
    database = load_document(plan).core

    login(client, alice)
    response = client.get(reverse("report_download", args=[plan.pk, "rencana-aksi", fmt]))
    assert response.status_code == 200
    path = tmp_path / f"rencana-aksi.{fmt}"
    path.write_bytes(response.content)
    again = read_plan(path)

    assert (again.year, again.periods) == (database.year, database.periods)
    assert again.unit.casefold() == database.unit.casefold()
    assert _tree(again) == _tree(database)
    assert _tree(again)[-1][:4] == ("program", "G", "Program Ketenteraman Wilayah", None)
    assert not again.has_errors()


def test_download_without_settings_has_only_the_date(client, alice, plan):
    login(client, alice)
    response = client.get(reverse("report_download", args=[plan.pk, "rencana-aksi", "xlsx"]))
    assert response.status_code == 200
    assert "NIP." not in _text_of("xlsx", response.content)


@pytest.mark.parametrize("report", services.available_reports())
def test_download_queries_do_not_grow_with_the_plan(
    client, alice, plan, report, django_assert_max_num_queries
):
    login(client, alice)
    url = reverse("report_download", args=[plan.pk, report, "xlsx"])
    client.get(url)  # session and user cached
    # 13: the monitoring's evidence (bukti dukung, printed in the Pemantauan) is one query more.
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("report", "fmt"),
    [("rencana-aksi", "exe"), ("no-such-report", "xlsx"), ("rencana-aksi", "html")],
)
def test_unknown_report_or_format_is_404(client, alice, plan, report, fmt):
    login(client, alice)
    assert client.get(reverse("report_download", args=[plan.pk, report, fmt])).status_code == 404


def test_another_unit_is_404_and_anonymous_goes_to_login(client, bob, plan):
    url = reverse("report_download", args=[plan.pk, "rencana-aksi", "xlsx"])
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login(client, bob)
    assert client.get(url).status_code == 404


def test_plan_page_has_download_buttons(client, alice, plan):
    login(client, alice)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    for fmt in services.available_formats():
        assert reverse("report_download", args=[plan.pk, "rencana-aksi", fmt]) in page


# ---------------------------------------------------------------------------------------------
# The kabupaten workbook


def test_job_lifecycle(client, erin, kabupaten, signed, plan, other_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(client, erin)
    response = client.post(reverse("kabupaten_workbook"), {"year": "2022"})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.kabupaten, job.year, job.requested_by) == (
        "pending",
        kabupaten,
        2022,
        erin,
    )
    services.run_job(job.pk)  # what the background thread runs, here in the test
    job.refresh_from_db()
    assert job.status == "done" and job.finished_at and job.file
    page = client.get(reverse("kabupaten_workbook")).content.decode()
    download = reverse("report_job_download", args=[job.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "rencana-aksi-2022-kabupaten-purbalingga.xlsx" in response["Content-Disposition"]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Ringkasan", "Kecamatan Bukateja", "Kecamatan Kaligondang"]
    summary = [[c.value for c in row] for row in wb["Ringkasan"].iter_rows(min_row=5)]
    from renaksi.web.plans.models import Indicator

    count = Indicator.objects.filter(node__plan=plan).count()
    assert summary[1][1] == "Kecamatan Kaligondang" and summary[1][3] == count
    assert wb["Kecamatan Kaligondang"]["A1"].value == "RENCANA AKSI TAHUN 2022"


def test_run_pending_runs_every_waiting_job(erin, kabupaten, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ReportJob.objects.create(kabupaten=kabupaten, year=2022, requested_by=erin)
    done = services.run_pending()
    assert [j.status for j in done] == ["done"]
    assert services.run_pending() == []


def test_a_job_left_running_is_built_again(erin, kabupaten, plan, settings, tmp_path):
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path / "media"
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    stale = ReportJob.objects.create(kabupaten=kabupaten, year=2022, status="running")
    ReportJob.objects.filter(pk=stale.pk).update(started_at=hour_ago)
    busy = ReportJob.objects.create(
        kabupaten=kabupaten, year=2022, status="running", started_at=timezone.now()
    )
    assert [j.pk for j in services.run_pending()] == [stale.pk]
    stale.refresh_from_db()
    busy.refresh_from_db()
    assert (stale.status, busy.status) == ("done", "running")


def test_a_failing_build_marks_the_job_failed(erin, kabupaten, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    job = ReportJob.objects.create(kabupaten=kabupaten, year=2022, requested_by=erin)

    def broken(kabupaten, year):
        raise ValueError("the disk is full")

    services.run_job(job.pk, builder=broken)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "the disk is full" in job.error
    assert not job.file


def test_the_job_starts_after_commit(
    erin, kabupaten, django_capture_on_commit_callbacks, monkeypatch
):
    started = []
    monkeypatch.setattr(services, "start_in_background", started.append)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_workbook(kabupaten=kabupaten, year=2022, user=erin).job
        assert started == []
    assert started == [job.pk]


def test_operators_and_heads_are_refused(client, alice, bob, dave, kabupaten, erin):
    job = ReportJob.objects.create(kabupaten=kabupaten, year=2022, requested_by=erin, status="done")
    for person in (alice, bob, dave):
        login(client, person)
        assert client.get(reverse("kabupaten_workbook")).status_code == 403
        assert client.post(reverse("kabupaten_workbook"), {"year": "2022"}).status_code == 403
        assert client.get(reverse("report_job_download", args=[job.pk])).status_code == 403
    assert ReportJob.objects.count() == 1


def test_another_kabupatens_job_is_404(client, erin, db):
    from renaksi.web.accounts.models import Unit

    other = Unit.objects.create(name="Kabupaten Banyumas", kind=Unit.Kind.KABUPATEN)
    job = ReportJob.objects.create(kabupaten=other, year=2022, status="done")
    login(client, erin)
    assert client.get(reverse("report_job_download", args=[job.pk])).status_code == 404


# ---------------------------------------------------------------------------------------------
# A period's report (the quarterly Pemantauan), from the monitoring sheet


def test_period_reports_from_the_sheet(client, alice, signed, plan):
    from renaksi.web.monitoring import services as monitoring
    from renaksi.web.plans.models import Indicator

    indicator = Indicator.objects.filter(node__plan=plan).order_by("id").first()
    monitoring.save_realisation(
        indicator=indicator, period="TW1", value=1, expected_version=None, user=alice
    )
    login(client, alice)
    page = client.get(reverse("monitoring_sheet", args=[plan.pk, "TW1"])).content.decode()
    reports = services.available_reports(period=True)
    assert reports, "the registry has a period's report"
    for report in reports:
        for fmt in services.available_formats():
            url = reverse("report_download", args=[plan.pk, report, fmt]) + "?period=TW1"
            assert url in page
            response = client.get(url)
            assert response.status_code == 200, report
            assert f"-{report}-tw1.{fmt}" in response["Content-Disposition"]
            text = _text_of(fmt, response.content)
            assert "Drs. Sugeng Widodo" in text
        # without a period of the plan: no such report (the Evaluasi Renja, whose period is
        # optional, is then the whole year's)
        bare = reverse("report_download", args=[plan.pk, report, "xlsx"])
        optional = services.report_kinds()[report].period_optional
        assert client.get(bare).status_code == (200 if optional else 404)
        assert client.get(bare + "?period=TW9").status_code == 404
        assert client.get(bare + "?paper=B5").status_code == 404


@pytest.mark.parametrize("report", services.available_reports())
def test_plan_reports_with_monitoring_download(client, erin, plan, report):
    login(client, erin)
    response = client.get(reverse("report_download", args=[plan.pk, report, "xlsx"]))
    assert response.status_code == 200


# -- report settings: who signs, on what paper ---------------------------------------------------

SETTINGS_FORM = {
    "signature_place": "  Kaligondang ",
    "head_position": "Camat Kaligondang",
    "head_name": "Drs. Sugeng Widodo, M.Si",
    "head_nip": "19700101 199003 1 001",
    "paper": "F4",
}


def test_the_head_sets_the_signature_and_paper_and_reports_follow(client, dave, plan, kaligondang):
    login(client, dave)
    url = reverse("report_settings", args=[kaligondang.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="head_nip"' in page.content.decode()
    assert 'name="version" value="0"' in page.content.decode()
    response = client.post(url, {**SETTINGS_FORM, "version": "0"})
    assert response.status_code == 302 and response["Location"] == url
    kaligondang.refresh_from_db()
    assert (kaligondang.signature_place, kaligondang.head_name, kaligondang.paper) == (
        "Kaligondang",
        "Drs. Sugeng Widodo, M.Si",
        "F4",
    )
    html = client.get(url).content.decode()
    assert "Drs. Sugeng Widodo, M.Si" in html and "NIP. 19700101 199003 1 001" in html

    from docx import Document
    from openpyxl import load_workbook

    def download(fmt: str) -> bytes:
        return client.get(reverse("report_download", args=[plan.pk, "rencana-aksi", fmt])).content

    ws = load_workbook(io.BytesIO(download("xlsx"))).active
    assert int(ws.page_setup.paperSize) == 14  # Excel's Folio, the F4 sheet
    assert "Drs. Sugeng Widodo, M.Si" in [c.value for c in ws["A"]]
    section = Document(io.BytesIO(download("docx"))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (330, 215)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(download("pdf"))) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (935, 609)


def test_report_settings_refused_or_read_only(client, charlie, bob, alice, kaligondang):
    url = reverse("report_settings", args=[kaligondang.pk])
    login(client, charlie)
    html = client.get(url).content.decode()
    assert "Camat" not in html and 'name="head_nip"' not in html  # read only: no form
    assert client.post(url, SETTINGS_FORM).status_code == 403
    login(client, bob)
    assert client.get(url).status_code == 404
    login(client, alice)
    response = client.post(url, {**SETTINGS_FORM, "paper": "Letter"})
    assert response.status_code == 400
    kaligondang.refresh_from_db()
    assert (kaligondang.paper, kaligondang.head_name) == ("A4", "")


def test_report_settings_service_refuses_an_unknown_paper(kaligondang):
    from renaksi.web.plans.services import ServiceError

    with pytest.raises(ServiceError):
        services.update_report_settings(unit=kaligondang, **{**SETTINGS_FORM, "paper": "Letter"})
    kaligondang.refresh_from_db()
    assert kaligondang.paper == "A4"


def test_kabupaten_workbook_on_the_kabupatens_paper(kabupaten, plan):
    from openpyxl import load_workbook

    kabupaten.paper = "F4"
    kabupaten.save()
    wb = load_workbook(io.BytesIO(services.build_kabupaten_workbook(kabupaten, 2022)))
    assert [int(ws.page_setup.paperSize) for ws in wb.worksheets] == [14, 14]


def test_kabupaten_workbook_queries_do_not_grow_with_the_units(
    kabupaten, plan, sample_document, django_assert_num_queries
):
    """Every unit's plan is read at once (three queries), whatever the number of units."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renaksi.web.accounts.models import Unit

    with CaptureQueriesContext(connection) as one:
        services.build_kabupaten_workbook(kabupaten, 2022)
    for i in range(4):
        unit = Unit.objects.create(
            name=f"Kecamatan {i}", kind=Unit.Kind.KECAMATAN, parent=kabupaten
        )
        plan_services.import_plan(unit=unit, year=2022, version="murni", document=sample_document)
    with django_assert_num_queries(len(one)):
        data = services.build_kabupaten_workbook(kabupaten, 2022)
    from openpyxl import load_workbook

    assert len(load_workbook(io.BytesIO(data)).worksheets) == 1 + 5


def test_evaluasi_renja_per_quarter_and_on_a3(client, alice, signed, plan):
    """The Evaluasi Renja is offered with the period's reports (up to that quarter) and on A3;
    the quarter changes the file."""
    from renaksi.web.reportjobs.views import download_links

    labels = [link["label"] for link in download_links(plan, "TW1")]
    assert "Evaluasi Renja (Excel)" in labels and "Evaluasi Renja (PDF, A3)" in labels
    client.force_login(alice)
    url = reverse("report_download", args=[plan.pk, "evaluasi-renja", "xlsx"])
    tw1 = client.get(url + "?period=TW1")
    tw4 = client.get(url + "?period=TW4&paper=A3")
    assert tw1.status_code == tw4.status_code == 200
    assert "-evaluasi-renja-tw1.xlsx" in tw1["Content-Disposition"]
    assert tw1.content != tw4.content
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(tw4.content)).active
    assert str(ws.page_setup.paperSize) == "8"


def test_renstra_figures_imported_edited_and_printed(client, kaligondang, alice, signed):
    """Renstra figures come from the plan JSON's optional indicator keys, are edited with the
    indicator (recorded in its history) and printed in the Evaluasi Renja; absent ones say so."""
    import copy

    from renaksi.core.plan import Plan as CorePlan
    from renaksi.importers import read_plan
    from renaksi.web.plans.models import Indicator
    from tests.web.conftest import SAMPLE

    document = CorePlan.from_json(read_plan(SAMPLE).to_json())
    first = next(i for n, _p in document.walk() if n.level == "program" for i in n.indicators)
    first.extra.update(renstra_target=100, renstra_realised=80)
    plan = plan_services.import_plan(
        unit=kaligondang, year=2022, version="murni", document=copy.deepcopy(document), user=alice
    )
    stored = Indicator.objects.get(node__plan=plan, name=first.name, node__level="program")
    assert stored.renstra_target_value == 100 and stored.renstra_realised_value == 80
    other = (
        Indicator.objects.filter(node__plan=plan, node__level="subkegiatan")
        .exclude(pk=stored.pk)
        .first()
    )
    assert other.renstra_target_value is None and other.renstra_target_text == ""
    plan_services.update_indicator(
        indicator=other,
        name=other.name,
        objective=other.objective,
        unit=other.unit,
        user=alice,
        expected_version=other.version,
        renstra_target="WTP",
    )
    other.refresh_from_db()
    assert other.renstra_target_text == "WTP"
    rendered = services.render_plan_report(plan, "evaluasi-renja", "xlsx")
    from openpyxl import load_workbook

    values = [
        c.value
        for row in load_workbook(io.BytesIO(rendered.data)).active.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert 80 in values, "the Renstra realisasi up to last year"
    assert "WTP" in values and "belum diisi" in values
