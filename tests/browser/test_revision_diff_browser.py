"""The revision diff in a real browser.

The sample is revision 1 of Kecamatan Kaligondang 2022, a changed copy (tests/revision_copies.py:
an indicator renamed slightly, one removed, a target and a budget changed, a sub kegiatan moved)
revision 2. alice opens revision 2, follows "Bandingkan dengan revisi lain" and sees exactly those
five changes with their count per kind; from revision 1 she chooses revision 2 in the chooser and
sees the same; she downloads the table. Then she uploads the changed copy again as a new import
and compares the pending import with the current plan from its preview: no differences.

Screenshots: revision-diff.png, revision-diff-chosen.png, revision-diff-import.png.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from renaksi.web.plans import services
from tests.revision_copies import MOVED, REMOVED, RENAMED_FROM, RENAMED_TO, changed_copy

from .conftest import log_in

pytestmark = pytest.mark.browser

KINDS = ["dihapus", "diganti nama", "dipindah", "target berubah", "anggaran berubah"]


@pytest.fixture
def revised(cast, sample_plan, sample_document):
    return services.import_plan(
        unit=cast.kaligondang,
        year=2022,
        version="murni",
        document=changed_copy(sample_document),
        user=cast.alice,
        source_name="rencana-aksi-2022-r2.json",
    )


def table_rows(page) -> list[dict]:
    rows = page.locator("table.diff tbody tr")
    return [
        {
            "kind": rows.nth(i).locator("td.kind").inner_text().strip(),
            "where": rows.nth(i).locator("td.where .number").inner_text().strip(),
            "name": rows.nth(i).locator("td.name").inner_text().strip(),
            "old": rows.nth(i).locator("td.old").inner_text().strip(),
            "new": rows.nth(i).locator("td.new").inner_text().strip(),
        }
        for i in range(rows.count())
    ]


def check_the_five_changes(page) -> None:
    summary = page.locator("section.diff-summary").inner_text()
    assert "5 perubahan" in summary
    for kind in KINDS:
        assert f"1 {kind}" in summary
    rows = table_rows(page)
    assert sorted(r["kind"] for r in rows) == sorted(KINDS)
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["diganti nama"]["old"] == RENAMED_FROM
    assert by_kind["diganti nama"]["new"] == RENAMED_TO
    assert by_kind["dihapus"]["name"] == f"Indikator {REMOVED}"
    assert (by_kind["dipindah"]["name"], by_kind["dipindah"]["old"]) == (MOVED, "1.1.1.1.2")
    assert by_kind["dipindah"]["new"] == by_kind["dipindah"]["where"] == "1.1.1.2.4"
    assert (by_kind["target berubah"]["old"], by_kind["target berubah"]["new"]) == ("50", "60")
    assert (by_kind["anggaran berubah"]["old"], by_kind["anggaran berubah"]["new"]) == (
        "—",
        "125.000.000",
    )
    assert page.locator("table.diff .to-confirm").count() == 0


def test_an_operator_compares_two_revisions(
    live_server, page, cast, sample_plan, revised, artifacts, tmp_path
):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/plans/{revised.pk}/")
    page.get_by_role("link", name="Bandingkan dengan revisi lain").click()
    page.wait_for_url(re.compile(rf".*/plans/{revised.pk}/diff/$"))
    sides = page.locator("p.diff-sides").inner_text()
    assert "2022 Murni, revisi 1" in sides and "2022 Murni, revisi 2" in sides
    check_the_five_changes(page)
    page.screenshot(path=str(artifacts / "revision-diff.png"), full_page=True)

    # From revision 1, which replaced nothing: choose revision 2.
    page.goto(f"{live_server.url}/plans/{sample_plan.pk}/diff/")
    assert "Pilih rencana yang akan dibandingkan." in page.locator("main").inner_text()
    page.select_option("select#against", str(revised.pk))
    page.get_by_role("button", name="Bandingkan", exact=True).click()
    page.wait_for_url(re.compile(rf".*/plans/{sample_plan.pk}/diff/\?against={revised.pk}$"))
    check_the_five_changes(page)
    page.screenshot(path=str(artifacts / "revision-diff-chosen.png"), full_page=True)

    # The same table as a workbook.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh perbandingan (.xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("2022-murni-r1-2022-murni-r2.xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    values = [c.value for row in load_workbook(path).active.iter_rows() for c in row if c.value]
    for kind in KINDS:
        assert values.count(kind) == 2


def test_a_pending_import_compared_from_its_preview(
    live_server, page, cast, sample_plan, revised, artifacts, tmp_path
):
    document = tmp_path / "rencana-aksi-2022-r3.json"
    document.write_text(revised_json(revised), encoding="utf-8")
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/units/{cast.kaligondang.pk}/import/")
    page.set_input_files("input[type=file]", str(document))
    page.fill("input[name=year]", "2022")
    page.check("input[name=version][value=murni]")
    page.locator("main form.import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))
    page.get_by_role("link", name="Bandingkan dengan revisi lain").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/diff/$"))
    text = page.locator("main").inner_text()
    assert "2022 Murni, revisi 2" in text  # the current revision, compared with
    assert "Tidak ada perbedaan." in text
    # Against revision 1: the five changes again.
    page.select_option("select#against", str(sample_plan.pk))
    page.get_by_role("button", name="Bandingkan", exact=True).click()
    page.wait_for_url(re.compile(rf".*/diff/\?against={sample_plan.pk}$"))
    check_the_five_changes(page)
    page.screenshot(path=str(artifacts / "revision-diff-import.png"), full_page=True)


def revised_json(plan) -> str:
    from renaksi.web.plans.selectors import load_document

    return load_document(plan).core.to_json()
