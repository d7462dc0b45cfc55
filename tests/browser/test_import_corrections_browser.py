"""A person corrects what the importer cannot tell, in a real browser.

alice uploads Kecamatan Kaligondang's plan of 2021, whose header calls the indicator column
"KETERANGAN" over its indicators (the importer finds no plan table in it). In the preview's correction panel she ticks the
header row, gives the KETERANGAN column its role and sets the level of the row whose TINGKAT cell is
empty: each change is sent at once and the tree comes back recomputed. She confirms. The next
year's document of the same layout (other names) is read right at once, with the layout
correction she saved, and confirmed as it is.

Screenshots go to artifacts/browser/: import-unread.png (the preview before any correction),
import-corrected.png (after), import-template.png (the next year's document read with the template).
"""

from __future__ import annotations

import re
import time

import pytest

from renaksi.web.plans.models import LayoutTemplate, Node, Plan

from ..layouts import (
    EXPECTED_2021,
    EXPECTED_2022,
    HEADER_LINE,
    KEGIATAN_LINE,
    document_2021,
    document_2022,
)
from .conftest import log_in

pytestmark = pytest.mark.browser


def upload(page, live_server, unit, path, year: int) -> None:
    page.goto(f"{live_server.url}/units/{unit.pk}/import/")
    page.set_input_files("input[type=file]", str(path))
    page.fill("input[name=year]", str(year))
    page.check("input[name=version][value=murni]")
    page.locator("main form.import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))


def tree(page) -> list[tuple[str, str]]:
    """(level class, name) of every node row of the preview's tree."""
    rows = page.locator("table.tree tr.node")
    out = []
    for n in range(rows.count()):
        row = rows.nth(n)
        level = re.search(r"level-(\w+)", row.get_attribute("class")).group(1)
        out.append((level, row.locator("td.name").inner_text().strip()))
    return out


def expected(cascade) -> list[tuple[str, str]]:
    return [(level, name) for _depth, level, name in cascade]


def test_correct_a_reading_then_the_layout_is_read_right(
    live_server, page, cast, tmp_path, artifacts
):
    first = tmp_path / "rencana-aksi-2021.txt"
    first.write_text(document_2021(), encoding="utf-8")
    second = tmp_path / "rencana-aksi-2022.txt"
    second.write_text(document_2022(), encoding="utf-8")
    log_in(page, live_server, "alice")

    # The upload form says it is reading while the document is sent (here: a submit event alone).
    page.goto(f"{live_server.url}/units/{cast.kaligondang.pk}/import/")
    progress = page.locator("form.import-form .progress")
    assert progress.is_hidden()
    page.evaluate(
        "document.querySelector('form.import-form')"
        ".dispatchEvent(new Event('submit', {cancelable: true}))"
    )
    assert progress.is_visible()
    assert page.locator("form.import-form button[type=submit]").is_disabled()
    time.sleep(1.3)
    assert int(progress.locator(".seconds").inner_text()) >= 1

    # 1. The 2021 document: no plan table found. The summary says so; the panel is open.
    upload(page, live_server, cast.kaligondang, first, 2021)
    assert page.locator(".reading-summary .verdict.wrong").is_visible()
    assert page.locator(".import-actions .nothing-to-confirm").is_visible()
    assert page.locator("form.confirm").count() == 0
    assert tree(page) == []
    assert page.locator("#correct details[open]").count() == 1
    page.screenshot(path=str(artifacts / "import-unread.png"), full_page=True)

    # 2. Tick the header row: the page comes back with the table read, and its column roles.
    with page.expect_navigation():
        page.check(f"input[name=header][value='{HEADER_LINE}']")
    assert page.locator(f"tr#row-{HEADER_LINE}.header-row").count() == 1
    role = page.locator(f"select[name='role-{HEADER_LINE}-3']")
    assert role.input_value() != "indicator"  # KETERANGAN: read as notes, not the indicator
    assert page.locator(".import-actions .confirm-warning").is_visible()  # no indicator read

    # 3. The KETERANGAN column holds the indicators.
    with page.expect_navigation():
        role.select_option("indicator")
    assert page.locator(f"select[name='role-{HEADER_LINE}-3']").input_value() == "indicator"
    names = page.locator("table.tree tr.indicator .indicator-name").all_inner_texts()
    assert "Indeks Kepuasan Masyarakat" in names and "Jumlah Dokumen Perencanaan" in names
    assert ("kegiatan", EXPECTED_2021[2][2]) not in tree(page)  # its level is still unknown

    # 4. The row without a level names a kegiatan: the tree is recomputed with it.
    with page.expect_navigation():
        page.select_option(f"select[name='level-{KEGIATAN_LINE}']", "kegiatan")
    assert page.url.endswith(f"#row-{KEGIATAN_LINE}")
    assert tree(page) == expected(EXPECTED_2021)
    assert page.locator(".reading-summary .verdict.sound").is_visible()
    assert page.locator(".import-actions .confirm-warning").count() == 0
    page.screenshot(path=str(artifacts / "import-corrected.png"), full_page=True)

    # 5. Confirm: the plan is saved, and the correction kept as the layout's template.
    page.locator("form.confirm button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan = Plan.objects.get(year=2021)
    assert [(n.level, n.name) for n in Node.objects.filter(plan=plan).order_by("id")] == expected(
        EXPECTED_2021
    )
    template = LayoutTemplate.objects.get()
    assert (template.unit, template.created_by) == (cast.kaligondang, cast.alice)

    # 6. The next year's document of the same layout is read right with the template.
    upload(page, live_server, cast.kaligondang, second, 2022)
    applied = page.locator(".reading-summary .template-applied")
    assert applied.count() == 1 and "alice" in applied.inner_text()
    assert tree(page) == expected(EXPECTED_2022)
    assert page.locator(".reading-summary .verdict.sound").is_visible()
    assert page.locator("#correct details[open]").count() == 0  # nothing to correct
    page.screenshot(path=str(artifacts / "import-template.png"), full_page=True)
    page.locator("form.confirm button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan = Plan.objects.get(year=2022)
    assert [(n.level, n.name) for n in Node.objects.filter(plan=plan).order_by("id")] == expected(
        EXPECTED_2022
    )
    assert LayoutTemplate.objects.count() == 1  # confirmed as read: nothing new to keep
