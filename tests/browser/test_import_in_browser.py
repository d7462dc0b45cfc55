"""An operator imports the sample plan in a real browser: log in, unit page, upload, preview, confirm.

Screenshots of the preview and of the saved plan go to artifacts/browser/ (git-ignored) for people
to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from renaksi.importers import read_plan
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.plans.models import Node, Plan

pytestmark = pytest.mark.browser

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
PASSWORD = "a-long-test-password-123"


@pytest.fixture
def kaligondang(transactional_db):
    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    return Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )


@pytest.fixture
def alice(kaligondang):
    user = get_user_model().objects.create_user(username="alice", password=PASSWORD)
    Profile.objects.create(user=user, role=Role.OPERATOR, unit=kaligondang)
    return user


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/units/$"))


def test_import_the_sample_through_the_browser(live_server, page, alice, kaligondang, artifacts):
    sample = read_plan(SAMPLE)
    sub_kegiatan = [n.name for n, _ in sample.walk() if n.level == "subkegiatan"]
    assert len(sub_kegiatan) == 25

    log_in(page, live_server, "alice")
    assert page.locator("main").get_by_text("Kecamatan Kaligondang").count() >= 1

    # The unit page, and its import link.
    page.goto(f"{live_server.url}/units/{kaligondang.pk}/")
    page.locator(f"a[href='/units/{kaligondang.pk}/import/']").click()
    page.wait_for_url(re.compile(rf".*/units/{kaligondang.pk}/import/$"))

    # Upload the sample for 2022 (the form proposes the current year).
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.fill("input[name=year]", "2022")
    page.check("input[name=version][value=murni]")
    page.locator("main form.import-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/imports/[0-9a-f-]{36}/$"))

    # The preview: the tree with every sub kegiatan, and what the importer found.
    preview = page.locator("main").inner_text()
    for name in sub_kegiatan:
        assert name in preview, name
    findings = page.locator("table.findings tr.finding")
    assert findings.count() == len(sample.findings)
    assert "missing-target" in page.locator("table.findings").inner_text()
    assert Plan.objects.count() == 0  # nothing saved before the confirmation
    page.screenshot(path=str(artifacts / "import-preview.png"), full_page=True)

    # Confirm: the plan is saved and shown.
    page.locator("form[action$='/confirm/'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan = Plan.objects.get()
    assert page.url.endswith(f"/plans/{plan.pk}/")
    assert (plan.unit_id, plan.year, plan.version, plan.revision) == (
        kaligondang.pk,
        2022,
        "murni",
        1,
    )
    assert Node.objects.filter(plan=plan, level="subkegiatan").count() == 25

    text = page.locator("main").inner_text()
    assert "Penyusunan Dokumen Perencanaan Perangkat Daerah" in text
    assert "Pemeliharaan Peralatan dan Mesin Lainnya" in text
    for name in sub_kegiatan:
        assert name in text, name
    # One row block per sub kegiatan, marked with its level.
    assert page.locator("table.plan tr.level-subkegiatan.node-start").count() == 25

    # The quarterly targets of the first sub kegiatan's indicator: 25, 50, 75, 100.
    row = page.locator(
        "table.plan tr.level-subkegiatan",
        has=page.locator(
            "td.col-uraian", has_text="Penyusunan Dokumen Perencanaan Perangkat Daerah"
        ),
    ).first
    cells = [c.strip() for c in row.locator("td.period").all_inner_texts()]
    assert [re.sub(r"\s*%$", "", c) for c in cells] == ["25", "50", "75", "100"]

    # A quarter the document left empty shows as missing (sub kegiatan Koordinasi dan Pelaksanaan
    # Akuntansi SKPD: TW III and TW IV have no target).
    row = page.locator(
        "table.plan tr.level-subkegiatan",
        has=page.locator("td.col-uraian", has_text="Koordinasi dan Pelaksanaan Akuntansi SKPD"),
    ).first
    assert row.locator("td.period.missing").count() == 2

    page.screenshot(path=str(artifacts / "plan-page.png"), full_page=True)
    # And the top of the page as a person first sees it.
    page.screenshot(path=str(artifacts / "plan-page-top.png"))


def test_switch_the_language_to_english(live_server, page, alice, kaligondang, artifacts):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/units/{kaligondang.pk}/")
    assert page.locator("html").get_attribute("lang") == "id"
    header = page.locator("header.top").inner_text()
    assert "Keluar" in header and "Log out" not in header
    assert "Impor dokumen" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.url.endswith(f"/units/{kaligondang.pk}/")  # back on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    header = page.locator("header.top").inner_text()
    assert "Log out" in header and "Keluar" not in header
    main = page.locator("main").inner_text()
    assert "Import a document" in main
    assert "Plans" in main
    page.screenshot(path=str(artifacts / "unit-page-english.png"))

    # The choice stays for the next pages.
    page.goto(f"{live_server.url}/units/")
    assert page.locator("html").get_attribute("lang") == "en"
