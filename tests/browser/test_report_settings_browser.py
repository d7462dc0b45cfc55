"""The unit's report settings in a real browser: the head fills in who signs and the paper, sees the
signature block as it will be printed, and the Rencana Aksi he then downloads from the plan page is
an F4 workbook signed with his name and numbered "Halaman N dari M". The inspectorate reads the
settings without a form.

Screenshots: report-settings.png (after saving), report-settings-inspector.png.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from django.utils import timezone

from renaksi.reports import format_date
from renaksi.web.accounts.models import Unit
from renaksi.web.reportjobs import services as report_services

from .conftest import log_in

pytestmark = pytest.mark.browser

SETTINGS = {
    "signature_place": "Kaligondang",
    "head_position": "Camat Kaligondang",
    "head_name": "Drs. Budi Santoso, M.Si",
    "head_nip": "19700101 199003 1 001",
}
XLSX_PAPER_F4 = 14  # Folio (8.5 × 13 in), what Excel prints F4 on


def signature_lines(page) -> list[str]:
    return [
        line.replace("\xa0", " ").strip()
        for line in page.locator(".signature-preview p").all_inner_texts()
    ]


def test_head_sets_the_signature_and_paper_and_the_rencana_aksi_follows(
    live_server, page, cast, sample_plan, artifacts, tmp_path
):
    unit = cast.kaligondang
    log_in(page, live_server, "dave")

    # The unit page's button leads to the settings.
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    page.locator(f"main a.button[href='/units/{unit.pk}/report-settings/']").click()
    page.wait_for_url(re.compile(rf".*/units/{unit.pk}/report-settings/$"))
    assert page.locator("select[name=paper]").input_value() == "A4"  # the default

    for name, value in SETTINGS.items():
        page.fill(f"input[name={name}]", value)
    page.select_option("select[name=paper]", "F4")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Saved, and shown as it will be printed: place and today's date, position, room to sign,
    # name, NIP.
    assert page.url.endswith(f"/units/{unit.pk}/report-settings/")
    assert page.locator("main p.message.success").count() == 1
    today = format_date(timezone.localdate())
    assert signature_lines(page) == [
        f"Kaligondang, {today}",
        "Camat Kaligondang",
        "",
        "",
        "",
        "Drs. Budi Santoso, M.Si",
        "NIP. 19700101 199003 1 001",
    ]
    assert "Kertas: F4" in page.locator("main").inner_text()
    assert page.locator("select[name=paper]").input_value() == "F4"
    page.screenshot(path=str(artifacts / "report-settings.png"), full_page=True)

    unit = Unit.objects.get(pk=unit.pk)
    assert {name: getattr(unit, name) for name in SETTINGS} == SETTINGS
    assert unit.paper == "F4"

    # The plan page's Excel button for the Rencana Aksi: the file is on F4, signed, numbered.
    page.goto(f"{live_server.url}/plans/{sample_plan.pk}/")
    button = page.locator(
        f"a.report-download[href='/plans/{sample_plan.pk}/reports/rencana-aksi.xlsx/']"
    )
    assert "Rencana Aksi" in button.inner_text() and "Excel" in button.inner_text()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "renaksi-kecamatan-kaligondang-2022-rencana-aksi.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    assert int(sheet.page_setup.paperSize) == XLSX_PAPER_F4
    assert sheet.oddFooter.center.text == "Halaman &P dari &N"
    texts = [
        str(cell.value).strip()
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    # The signature closes the sheet, as the settings page showed it.
    assert texts[-4:] == [
        f"Kaligondang, {today}",
        "Camat Kaligondang",
        "Drs. Budi Santoso, M.Si",
        "NIP. 19700101 199003 1 001",
    ]


def test_inspectorate_reads_the_settings_without_a_form(live_server, page, cast, artifacts):
    unit = report_services.update_report_settings(unit=cast.kaligondang, paper="F4", **SETTINGS)
    log_in(page, live_server, "charlie")

    page.goto(f"{live_server.url}/units/{unit.pk}/")
    page.locator(f"main a.button[href='/units/{unit.pk}/report-settings/']").click()
    page.wait_for_url(re.compile(rf".*/units/{unit.pk}/report-settings/$"))

    assert signature_lines(page)[1:] == [
        "Camat Kaligondang",
        "",
        "",
        "",
        "Drs. Budi Santoso, M.Si",
        "NIP. 19700101 199003 1 001",
    ]
    assert "Kertas: F4" in page.locator("main").inner_text()
    assert page.locator("main form").count() == 0
    assert page.locator("main input, main select, main button").count() == 0
    page.screenshot(path=str(artifacts / "report-settings-inspector.png"), full_page=True)

    unit.refresh_from_db()
    assert (unit.head_name, unit.paper) == ("Drs. Budi Santoso, M.Si", "F4")


def test_report_settings_are_worded_as_settings_in_indonesian(live_server, page, cast):
    unit = cast.kaligondang
    log_in(page, live_server, "dave")
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    button = page.locator(f"main a.button[href='/units/{unit.pk}/report-settings/']")
    assert button.inner_text().strip() == "Pengaturan laporan"
    button.click()
    page.wait_for_url(re.compile(rf".*/units/{unit.pk}/report-settings/$"))
    assert page.locator("h1").inner_text().strip() == "Pengaturan laporan"
    place_help = page.locator("input[name=signature_place] ~ p.help").inner_text()
    assert "Camat" not in place_help and "Kaligondang" in place_help
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    message = page.locator("main p.message").inner_text()
    assert "Impor" not in message and "laporan" in message.lower()
