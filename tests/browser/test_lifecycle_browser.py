"""Workflow states that tell the truth, in a real browser: the operator types 1.250 against a 25 %
target, submits, is shown what to look at, follows the link to the row, corrects it and confirms;
the head verifies; the administrator unlocks with a reason, which the sheet then shows; the
late-units page shows the late submission and filters.

Screenshots go to artifacts/browser/ (git-ignored): lifecycle-check.png (the findings before
submitting) and lifecycle-reopened.png (the sheet after the unlock).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from renaksi.importers import read_plan
from renaksi.web.accounts.models import Profile, Role, Unit
from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import Report
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator

from .test_import_in_browser import PASSWORD, SAMPLE, log_in
from .test_monitoring_browser import log_out

pytestmark = pytest.mark.browser

PERIOD = "TW1"
NAME = "Nilai SAKIP Kecamatan Kaligondang"  # TW I target 25
REASON = "Koreksi data realisasi anggaran"


def person(username: str, role: str, unit: Unit):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.capitalize()
    )
    Profile.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def kabupaten(transactional_db):
    return Unit.objects.create(name="Kabupaten Purbalingga", kind=Unit.Kind.KABUPATEN)


@pytest.fixture
def plan(kabupaten):
    unit = Unit.objects.create(
        name="Kecamatan Kaligondang", kind=Unit.Kind.KECAMATAN, parent=kabupaten, bidang_code="7.01"
    )
    alice = person("alice", Role.OPERATOR, unit)
    person("dave", Role.HEAD, unit)
    person("erin", Role.ADMIN, kabupaten)
    monitoring.set_deadline(kabupaten=kabupaten, year=2022, period=PERIOD, due=dt.date(2022, 4, 10))
    return plan_services.import_plan(
        unit=unit, year=2022, version="murni", document=read_plan(SAMPLE), user=alice
    )


def test_check_before_submitting_unlock_reason_and_lateness(live_server, page, plan, artifacts):
    indicator = Indicator.objects.filter(node__plan=plan, name=NAME).order_by("id").first()
    sheet_url = f"{live_server.url}/plans/{plan.pk}/monitoring/{PERIOD}/"
    row = page.locator(f"tr#indicator-{indicator.pk}")

    # alice types 1.250 (she meant 12,50) and submits.
    log_in(page, live_server, "alice")
    page.goto(sheet_url)
    row.locator("input.realisasi").fill("1.250")
    page.locator("#save-draft").click()
    page.wait_for_load_state()
    page.locator("#submit-report").click()
    page.wait_for_load_state()

    # She is shown what to look at: the far value among them, nothing submitted yet.
    check = page.locator("#submit-check")
    assert check.locator("[data-count=far]").inner_text() == "1"
    assert check.locator("[data-count=no-evidence]").inner_text() == "1"
    assert check.locator("[data-count=empty]").inner_text() == "50"
    far = check.locator("ul[data-kind=far] li")
    assert far.count() == 1 and "1.250" in far.inner_text() and "25" in far.inner_text()
    page.screenshot(path=str(artifacts / "lifecycle-check.png"), full_page=True)
    assert Report.objects.get(plan=plan, period=PERIOD).state == Report.State.DRAFT

    # The link leads to the row on the sheet; she corrects it there and submits again.
    far.locator("a").click()
    page.wait_for_url(re.compile(rf".*/monitoring/{PERIOD}/#indicator-{indicator.pk}$"))
    row.locator("input.realisasi").fill("12,5")
    page.locator("#save-draft").click()
    page.wait_for_load_state()
    page.locator("#submit-report").click()
    page.wait_for_load_state()
    assert page.locator("#submit-check [data-count=far]").count() == 0
    page.locator("#confirm-submit").click()
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-state") == "submitted"
    assert page.locator("#submitted-late").count() == 1  # years after the due date
    log_out(page)

    # dave verifies with a note; erin unlocks with a reason; the sheet shows the reason.
    log_in(page, live_server, "dave")
    page.goto(sheet_url)
    page.locator("form.workflow-review textarea[name=note]").fill("Sudah sesuai.")
    page.locator("form.workflow-review button[name=decision][value=verify]").click()
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-state") == "verified"
    log_out(page)
    log_in(page, live_server, "erin")
    page.goto(sheet_url)
    page.locator("form.workflow-unlock textarea[name=reason]").fill(REASON)
    page.locator("form.workflow-unlock button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#report-state").get_attribute("data-state") == "returned"
    note = page.locator("p.unlock-note").inner_text()
    assert note.startswith("Dibuka kembali oleh Erin (") and note.endswith(REASON)
    assert "Sudah sesuai." not in page.locator("section.report-state").inner_text()
    page.screenshot(path=str(artifacts / "lifecycle-reopened.png"))

    # The late-units page: Kaligondang submitted late, and stays late after the verification.
    page.goto(f"{live_server.url}/monitoring/late/?year=2022&period={PERIOD}")
    days = (timezone.localdate() - dt.date(2022, 4, 10)).days
    unit_row = page.locator(f"tr#unit-{plan.unit_id}")
    assert unit_row.get_attribute("data-days-late") == str(days)
    assert f"mengirim terlambat {days} hari" in unit_row.inner_text()
    page.select_option("#late-show", "overdue")
    page.locator("form.period-choice button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"tr#unit-{plan.unit_id}").count() == 0
    page.select_option("#late-show", "submitted-late")
    page.locator("form.period-choice button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"tr#unit-{plan.unit_id}").count() == 1
