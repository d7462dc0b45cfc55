"""Findings in the reader's language, in a real browser: the sample's conflicting TW III target
(document line 13) reads in Bahasa Indonesia on the plan page, and in English once the reader
switches the language.

Screenshots: findings-indonesian.png, findings-english.png.
"""

from __future__ import annotations

import pytest

from renaksi.web.plans.models import Indicator

from .conftest import log_in

pytestmark = pytest.mark.browser

INDICATOR = "Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan"
INDONESIAN = (
    f"Target TW III untuk indikator “{INDICATOR}” tertulis 50 pada baris 11 dan 70 pada baris 13; "
    "yang digunakan 50"
)
ENGLISH = f"Q3 target of “{INDICATOR}” is 50 on line 11 and 70 on line 13; 50 kept"


def conflicting(page):
    return page.locator("li.finding", has=page.locator("code.code", has_text="conflicting-target"))


def test_conflicting_target_in_indonesian_then_english(
    live_server, page, cast, sample_plan, artifacts
):
    # The finding as the import stored it (the plan itself keeps the first value, 50).
    stored = [f for f in sample_plan.import_findings if f["code"] == "conflicting-target"]
    assert [(f["line"], f["severity"]) for f in stored] == [(13, "error")]
    indicator = Indicator.objects.filter(node__plan=sample_plan, name=INDICATOR).earliest("id")
    assert [t.value for t in indicator.targets.filter(kind="target", period="TW3")] == [50]

    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/plans/{sample_plan.pk}/")
    assert page.locator("html").get_attribute("lang") == "id"
    finding = conflicting(page)
    assert finding.count() == 1
    text = " ".join(finding.inner_text().split())
    assert INDONESIAN in text, text
    assert "baris dokumen 13" in text
    assert "target of" not in text and "kept" not in text
    # On the row of the indicator it is about.
    assert (
        page.locator(f"tr#indicator-{indicator.pk} li.finding")
        .filter(has_text="conflicting-target")
        .count()
        == 1
    )
    finding.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "findings-indonesian.png"))

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.url.endswith(f"/plans/{sample_plan.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    finding = conflicting(page)
    text = " ".join(finding.inner_text().split())
    assert ENGLISH in text, text
    assert "document line 13" in text
    assert "tertulis" not in text
    finding.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "findings-english.png"))
