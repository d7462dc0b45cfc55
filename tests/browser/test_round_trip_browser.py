"""The Rencana Aksi round trip through the browser: alice downloads her plan's Rencana Aksi as Word
from the plan page, imports that very file again as a new revision through the unit's import page
(upload, preview, confirm), and the new revision holds the same plan as the first: levels, numbers,
names, parents, indicators and their targets.

Screenshots: round-trip-preview.png, round-trip-plan.png.
"""

from __future__ import annotations

import re

import pytest

from renaksi.web.plans.models import Indicator, Node, Plan, Target

from .conftest import log_in

pytestmark = pytest.mark.browser


def tree(plan: Plan) -> list[tuple]:
    """The plan as rows in document order: each node with its parent's number and its indicators
    (sasaran, name, unit, annual target, targets per period)."""
    nodes = list(Node.objects.filter(plan=plan))
    indicators = list(Indicator.objects.filter(node__plan=plan))
    targets = list(Target.objects.filter(indicator__node__plan=plan, kind=Target.Kind.TARGET))
    by_parent: dict[int | None, list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    by_node: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_node.setdefault(indicator.node_id, []).append(indicator)
    by_indicator: dict[int, dict[str, object]] = {}
    for t in targets:
        value = t.value.normalize() if t.value is not None else t.text
        by_indicator.setdefault(t.indicator_id, {})[t.period] = value
    rows: list[tuple] = []

    def walk(parent: Node | None) -> None:
        for node in sorted(by_parent.get(parent.pk if parent else None, []), key=order):
            rows.append(
                (
                    node.level,
                    node.number,
                    node.name,
                    parent.number if parent else None,
                    tuple(
                        (
                            i.objective,
                            i.name,
                            i.unit,
                            i.annual_value.normalize() if i.annual_value is not None else None,
                            i.annual_text,
                            tuple(sorted(by_indicator.get(i.pk, {}).items())),
                        )
                        for i in sorted(by_node.get(node.pk, []), key=order)
                    ),
                )
            )
            walk(node)

    walk(None)
    return rows


def order(row) -> tuple[int, int]:
    return (row.position, row.pk)


def test_rencana_aksi_word_file_imports_back_to_the_same_plan(
    live_server, page, cast, sample_plan, artifacts, tmp_path
):
    first = tree(sample_plan)
    assert len(first) == 47 and sum(len(row[4]) for row in first) == 51
    unit = cast.kaligondang

    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/plans/{sample_plan.pk}/")
    button = page.locator(
        f"a.report-download[href='/plans/{sample_plan.pk}/reports/rencana-aksi.docx/']"
    )
    assert "Rencana Aksi" in button.inner_text() and "Word" in button.inner_text()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "renaksi-kecamatan-kaligondang-2022-rencana-aksi.docx"
    document = tmp_path / download.suggested_filename
    download.save_as(document)

    # The unit's import page: the downloaded file, 2022, murni.
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    page.locator(f"main a[href='/units/{unit.pk}/import/']").click()
    page.wait_for_url(re.compile(rf".*/units/{unit.pk}/import/$"))
    page.set_input_files("input[type=file]", str(document))
    page.fill("input[name=year]", "2022")
    page.check("input[name=version][value=murni]")
    page.locator("main form.import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))

    # The preview shows every node before anything is saved.
    preview = page.locator("main").inner_text()
    for _level, _number, name, _parent, _indicators in first:
        assert name in preview, name
    assert Plan.objects.count() == 1
    page.screenshot(path=str(artifacts / "round-trip-preview.png"), full_page=True)

    page.locator("form[action$='/confirm/'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    second = Plan.objects.exclude(pk=sample_plan.pk).get()
    assert page.url.endswith(f"/plans/{second.pk}/")
    assert (second.unit_id, second.year, second.version, second.revision, second.is_current) == (
        unit.pk,
        2022,
        "murni",
        2,
        True,
    )
    assert second.source_name == document.name
    sample_plan.refresh_from_db()
    assert not sample_plan.is_current  # kept, no longer current
    assert second.periods == sample_plan.periods

    # The same plan, row by row.
    again = tree(second)
    for before, after in zip(first, again, strict=False):
        assert after == before
    assert len(again) == len(first)
    page.screenshot(path=str(artifacts / "round-trip-plan.png"))
