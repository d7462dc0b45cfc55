"""A revision imported in the middle of the year keeps the quarter already verified, in a real
browser: TW I verified on revision 2, revision 3 uploaded (one indicator renamed slightly, one with
realisasi removed), the preview says what carries over and what stays behind, the operator
acknowledges it, and revision 3's TW I is still verified with the same values and evidence.

Screenshots go to artifacts/browser/ (git-ignored) for people to look at."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import Report
from renaksi.web.plans import services
from renaksi.web.plans.models import Indicator, Plan

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_revision_three_keeps_tw1_verified(
    live_server, page, cast, sample_plan, sample_document, artifacts, tmp_path
):
    revision_2 = services.import_plan(
        unit=cast.kaligondang,
        year=2022,
        version="murni",
        document=copy.deepcopy(sample_document),
        user=cast.alice,
        source_name="revisi-2.txt",
    )
    kept, renamed, removed = Indicator.objects.filter(
        node__plan=revision_2, node__level="subkegiatan"
    ).order_by("node__id", "id")[:3]
    monitoring.save_realisation_with_evidence(
        indicator=kept,
        period="TW1",
        value=3,
        obstacles="Hujan deras",
        expected_version=None,
        user=cast.alice,
        upload=SimpleUploadedFile("foto-kegiatan.pdf", b"%PDF-1.4 bukti\n"),
    )
    monitoring.save_realisation(
        indicator=renamed, period="TW1", value=1, expected_version=None, user=cast.alice
    )
    # The indicator the new revision drops has realisasi of TW II, still a draft (realisasi
    # of a verified period left behind would need an unlock: test_carry_over.py).
    monitoring.save_realisation(
        indicator=removed, period="TW2", value=1, expected_version=None, user=cast.alice
    )
    report = monitoring.submit_report(
        plan=revision_2, period="TW1", user=cast.alice, confirmed=True
    )
    monitoring.verify_report(report=report, user=cast.dave, note="Sesuai")

    document = copy.deepcopy(sample_document)
    for node, _parent in document.walk():
        node.indicators = [i for i in node.indicators if i.name != removed.name]
        for indicator in node.indicators:
            if indicator.name == renamed.name:
                indicator.name += " Kecamatan"
    path = tmp_path / "rencana-aksi-revisi-3.json"
    path.write_text(document.to_json(), encoding="utf-8")

    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/units/{cast.kaligondang.pk}/import/")
    page.set_input_files("input[type=file]", str(path))
    page.fill("input[name=year]", "2022")
    page.check("input[name=version][value=murni]")
    page.locator("main form.import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))

    section = page.locator("section.carry-over")
    text = section.inner_text()
    assert "revisi 2" in text.lower() or "revision 2" in text.lower()
    left = page.locator("table.carry-left").inner_text()
    assert removed.name in left and renamed.name not in left
    section.screenshot(path=str(artifacts / "carry-over-preview.png"))

    # Confirming without acknowledging the realisasi left behind saves nothing.
    page.locator("form.confirm button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#confirm .message.error").count() == 1
    assert Plan.objects.filter(unit=cast.kaligondang).count() == 2

    page.check("input[name=leave_behind]")
    page.locator("form.confirm button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    revision_3 = Plan.objects.get(unit=cast.kaligondang, is_current=True)
    assert revision_3.revision == 3
    assert Report.objects.get(plan=revision_3, period="TW1").state == Report.State.VERIFIED

    page.goto(f"{live_server.url}/plans/{revision_3.pk}/monitoring/TW1/")
    sheet = page.locator("main").inner_text()
    assert "Hujan deras" in page.content()  # the narrative, folded under the row
    assert "foto-kegiatan.pdf" in sheet
    assert renamed.name + " Kecamatan" in sheet
    page.screenshot(path=str(artifacts / "carry-over-sheet.png"), full_page=True)
