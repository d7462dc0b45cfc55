"""Penetapan in a real browser: the head opens the draft plan, fills in the decree's date and
number, confirms, and the plan page says it is adopted; the operator then finds the plan's edit
controls gone (the capaian settings left) and the reason given, and the unit page shows the state.

Screenshots: adoption-form.png (before adopting), adoption-adopted.png (the operator's view).
"""

from __future__ import annotations

import re

import pytest

from renaksi.web.plans.models import Plan

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_the_head_adopts_the_plan_and_the_edit_controls_go(
    live_server, page, cast, sample_plan, artifacts, browser
):
    plan_url = f"{live_server.url}/plans/{sample_plan.pk}/"
    log_in(page, live_server, "dave")
    page.goto(plan_url)
    state = page.locator("#plan-state")
    assert "Draf — belum ditetapkan" in state.inner_text()

    page.locator("details.adopt summary").click()
    form = page.locator("form.adopt-form")
    form.locator("input[name=adopted_on]").fill("2022-01-03")
    form.locator("input[name=decree_number]").fill("050/12/2022")
    page.screenshot(path=str(artifacts / "adoption-form.png"), full_page=False)
    # Without the confirmation the browser does not send the form (a required checkbox).
    form.locator("button[type=submit]").click()
    assert page.url == plan_url and not Plan.objects.get(pk=sample_plan.pk).is_adopted
    form.locator("input[name=confirm]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/plans/{sample_plan.pk}/$"))
    page.wait_for_load_state()

    text = page.locator("#plan-state").inner_text()
    assert "Ditetapkan" in text and "050/12/2022" in text and "dave" in text
    assert page.locator("main p.message.success").count() == 1
    assert page.locator("form.adopt-form").count() == 0
    plan = Plan.objects.get(pk=sample_plan.pk)
    assert plan.is_adopted and plan.decree_number == "050/12/2022"
    assert plan.adopted_by == cast.dave

    # The operator: no edit controls any more, the reason said, the capaian settings left.
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    operator = context.new_page()
    try:
        log_in(operator, live_server, "alice")
        operator.goto(plan_url)
        main = operator.locator("main")
        assert "perubahan" in main.locator(".locked-note").inner_text()
        assert operator.locator("table.plan form.controls").count() == 0
        assert operator.locator(f"a[href='/plans/{plan.pk}/nodes/add/']").count() == 0
        settings = operator.locator("table.plan a.controls.settings")
        assert settings.count() > 0
        operator.screenshot(path=str(artifacts / "adoption-adopted.png"), full_page=False)

        # The settings page: polarity and aggregation only.
        settings.first.click()
        operator.wait_for_url(re.compile(r".*/indicators/\d+/edit/$"))
        assert operator.locator("main select[name=polarity]").count() == 1
        assert operator.locator("main textarea[name=name]").count() == 0

        # The unit's page shows the state of each plan.
        operator.goto(f"{live_server.url}/units/{cast.kaligondang.pk}/")
        row = operator.locator(f"#plan-{plan.pk}")
        assert "Ditetapkan" in row.inner_text() and "050/12/2022" in row.inner_text()
    finally:
        context.close()
