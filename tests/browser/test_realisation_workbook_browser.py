"""Realisasi from a spreadsheet in a real browser: alice downloads the TW I sheet as xlsx, fills in
two cells offline (openpyxl, as Excel would save them), uploads the workbook through the page,
sees the preview of exactly those changes, confirms, and finds the values on the sheet.

Screenshots: artifacts/browser/realisation-workbook-form.png (the download and the upload under the
sheet) and realisation-workbook-preview.png (the preview before confirming).
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from renaksi.web.monitoring import workbook
from renaksi.web.monitoring.models import History, Realisation
from renaksi.web.plans.models import Indicator

from .test_import_in_browser import log_in
from .test_monitoring_browser import kaligondang, plan  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_download_fill_in_offline_upload_preview_and_confirm(live_server, page, plan, artifacts):  # noqa: F811
    first, second = Indicator.objects.filter(node__plan=plan).order_by("node__position", "id")[:2]
    sheet_url = f"{live_server.url}/plans/{plan.pk}/monitoring/TW1/"
    log_in(page, live_server, "alice")
    page.goto(sheet_url)
    page.locator("#sheet-upload").screenshot(path=str(artifacts / "realisation-workbook-form.png"))

    # The download, as the browser saves it.
    with page.expect_download() as event:
        page.locator("#sheet-download").click()
    download = event.value
    assert download.suggested_filename.startswith("realisasi-2022-tw1-")
    book = load_workbook(io.BytesIO(download.path().read_bytes()))

    # Filled in offline: a realisasi and a tindak lanjut.
    sheet = book[workbook.REALISATION_SHEET]
    columns = {c.key: i for i, c in enumerate(workbook.REALISATION_COLUMNS, start=1)}
    rows = {
        int(r[0].value.split(":")[1]): r[0].row
        for r in sheet.iter_rows()
        if isinstance(r[0].value, str) and r[0].value.startswith("i:")
    }
    sheet.cell(row=rows[first.pk], column=columns["value"]).value = 24
    followup = sheet.cell(row=rows[second.pk], column=columns["followup"])
    followup.value, followup.data_type = "=Rapat koordinasi", "s"
    filled = artifacts / "realisasi-filled.xlsx"
    out = io.BytesIO()
    book.save(out)
    filled.write_bytes(out.getvalue())

    # Uploaded through the page: the preview lists exactly those two changes.
    page.locator("#sheet-file").set_input_files(str(filled))
    page.locator("#sheet-upload-button").click()
    page.wait_for_url(re.compile(r".*/monitoring/uploads/[0-9a-f-]+/$"))
    changes = page.locator("tr.upload-change")
    assert changes.count() == 2
    assert "24" in changes.nth(0).inner_text()
    assert "=Rapat koordinasi" in changes.nth(1).inner_text()
    assert not Realisation.objects.exists()  # nothing saved before the confirmation
    page.screenshot(path=str(artifacts / "realisation-workbook-preview.png"), full_page=True)

    page.locator("#confirm-upload").click()
    page.wait_for_url(re.compile(r".*/monitoring/TW1/$"))
    assert page.locator(f"#value-{first.pk}").input_value() == "24"
    assert page.locator(f"#followup-{second.pk}").input_value() == "=Rapat koordinasi"
    assert "dari buku kerja" in page.locator(".message.success").inner_text()
    assert sorted(
        History.objects.filter(kind="realisation").values_list("indicator", "field")
    ) == sorted([(first.pk, "value"), (second.pk, "follow_up")])
