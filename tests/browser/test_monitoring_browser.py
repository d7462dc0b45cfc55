"""A quarter's monitoring in a real browser: the operator types realisasi and sees capaian as she
types, saves, submits; the head verifies; the sheet shows the quarter verified with its capaian.

Screenshots go to artifacts/browser/ (git-ignored): monitoring-sheet.png (the operator's sheet with
live capaian, before saving) and monitoring-verified.png (the verified sheet).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from renaksi.importers import read_plan
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.monitoring.models import History, Realisation, Report
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator

from .test_import_in_browser import PASSWORD, SAMPLE, log_in

pytestmark = pytest.mark.browser

PERIOD = "TW1"
# (indicator name, TW I target, what alice types, capaian shown, category shown)
ENTRIES = [
    ("Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan", "30", "24", "80", "Tinggi"),
    ("Nilai SAKIP Kecamatan Kaligondang", "25", "25", "100", "Sangat Tinggi"),
    ("Presentase Ketersediaan Laporan Capaian Kinerja", "25", "12,5", "50", "Sangat Rendah"),
]


@pytest.fixture
def kaligondang(transactional_db):
    kabupaten = Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)
    return Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )


def person(username: str, role: str, unit: Unit):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Profile.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def plan(kaligondang):
    alice = person("alice", Role.OPERATOR, kaligondang)
    person("dave", Role.HEAD, kaligondang)
    return plan_services.import_plan(
        unit=kaligondang, year=2022, version="murni", document=read_plan(SAMPLE), user=alice
    )


def row_of(page, indicator: Indicator):
    return page.locator(f"tr#indicator-{indicator.pk}")


def log_out(page) -> None:
    page.locator("header form[action$='/logout/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


def test_enter_submit_and_verify_a_quarter(live_server, page, plan, artifacts):
    indicators = {
        name: Indicator.objects.filter(node__plan=plan, name=name).order_by("id").first()
        for name, *_rest in ENTRIES
    }
    sheet_url = f"{live_server.url}/plans/{plan.pk}/monitoring/{PERIOD}/"

    # alice opens the TW I sheet.
    log_in(page, live_server, "alice")
    page.goto(sheet_url)
    assert page.locator("#report-state").get_attribute("data-state") == "draft"
    answers = []
    page.on("response", lambda r: answers.append(r.url) if "/capaian/" in r.url else None)

    # She types; capaian and category appear as she types, from the server, before any save.
    for name, target, typed, capaian, category in ENTRIES:
        row = row_of(page, indicators[name])
        assert row.locator("td.target").inner_text().strip().rstrip(" %") == target
        assert row.locator("td.capaian").inner_text().strip() == "—"
        row.locator("input.realisasi").press_sequentially(typed, delay=40)
        page.wait_for_function(
            "([sel, want]) => document.querySelector(sel).textContent.trim() === want",
            arg=[f"tr#indicator-{indicators[name].pk} td.capaian", capaian],
        )
        assert row.locator("[data-category]").inner_text().strip() == category
    assert answers, "the capaian came from the server"
    assert not Realisation.objects.exists()  # nothing saved yet
    first = row_of(page, indicators[ENTRIES[0][0]])
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "monitoring-sheet.png"), full_page=True)

    # She saves, then submits.
    page.locator("#save-draft").click()
    page.wait_for_load_state()
    stored = {
        r.indicator_id: str(r.value.normalize()) for r in Realisation.objects.filter(period=PERIOD)
    }
    assert stored == {
        indicators[name].pk: typed.replace(",", ".") for name, _t, typed, *_ in ENTRIES
    }
    for name, _t, typed, capaian, category in ENTRIES:  # as saved, the same figures
        row = row_of(page, indicators[name])
        assert row.locator("input.realisasi").input_value() == typed
        assert row.locator("td.capaian").inner_text().strip() == capaian
        assert row.locator("[data-category]").inner_text().strip() == category
    page.locator("#submit-report").click()
    page.wait_for_load_state()
    # Before submitting, the rows still empty and without evidence are shown to confirm.
    assert page.locator("#submit-check [data-count=empty]").inner_text() == "48"
    assert page.locator("#submit-check [data-count=no-evidence]").inner_text() == "3"
    page.locator("#confirm-submit").click()
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-state") == "submitted"
    assert Report.objects.get(plan=plan, period=PERIOD).state == Report.State.SUBMITTED
    log_out(page)

    # dave verifies.
    log_in(page, live_server, "dave")
    page.goto(sheet_url)
    assert page.locator("#report-state").get_attribute("data-state") == "submitted"
    assert page.locator("#save-draft").count() == 0  # the head enters nothing
    page.locator("form.workflow-review textarea[name=note]").fill("Sesuai dengan bukti dukung")
    page.locator("form.workflow-review button[name=decision][value=verify]").click()
    page.wait_for_load_state()

    # The sheet: verified, locked, with capaian and categories.
    assert page.locator("#report-state").get_attribute("data-state") == "verified"
    assert "Terverifikasi" in page.locator("#report-state").inner_text()
    for name, _t, typed, capaian, category in ENTRIES:
        row = row_of(page, indicators[name])
        field = row.locator("input.realisasi")
        assert field.input_value() == typed and field.get_attribute("readonly") is not None
        assert row.locator("td.capaian").inner_text().strip() == capaian
        assert row.locator("[data-category]").inner_text().strip() == category
    roll_up = page.locator("p.roll-up").inner_text()
    assert "3" in roll_up and "51" in roll_up  # 3 of 51 indicators measured
    page.screenshot(path=str(artifacts / "monitoring-verified.png"), full_page=True)
    page.screenshot(path=str(artifacts / "monitoring-verified-top.png"))

    report = Report.objects.get(plan=plan, period=PERIOD)
    assert (report.state, report.submitted_by.username, report.reviewed_by.username) == (
        "verified",
        "alice",
        "dave",
    )
    assert list(
        History.objects.filter(plan=plan, kind=History.Kind.STATE)
        .order_by("id")
        .values_list("new", "user__username")
    ) == [("submitted", "alice"), ("verified", "dave")]
