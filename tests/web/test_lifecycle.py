"""Workflow states that tell the truth (issue 11): the unlock's reason, lateness, the check
before submitting — in the services, over HTTP, and in the Pemantauan report and reminders.

docs/lifecycle.md states the rules these tests hold the code to.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renaksi.core import submission
from renaksi.web.monitoring import reminders, selectors, services
from renaksi.web.monitoring.models import Evidence, History, Realisation, Report
from renaksi.web.plans.models import Indicator, Target

from .conftest import login

JAKARTA = ZoneInfo("Asia/Jakarta")
DUE = dt.date(2022, 4, 10)
PERIOD = "TW1"
UNLOCK_REASON = "Koreksi data realisasi anggaran"
VERIFY_NOTE = "Sudah sesuai."


class Clock:
    """``timezone.now`` set by the test (the services, History.at and ``localdate`` follow it)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def at(self, day: dt.date, hour: int = 10) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def due(kabupaten):
    return services.set_deadline(kabupaten=kabupaten, year=2022, period=PERIOD, due=DUE)


def text(response) -> str:
    """The page's words, without its tags."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def report_of(plan, period=PERIOD) -> Report | None:
    return Report.objects.filter(plan=plan, period=period).first()


def status_of(kabupaten, plan, period=PERIOD) -> selectors.UnitStatus:
    return next(
        s for s in selectors.unit_statuses(kabupaten, 2022, period) if s.unit.pk == plan.unit_id
    )


def submit_url(plan, period=PERIOD):
    return reverse("monitoring_submit", args=[plan.pk, period])


def sheet_url(plan, period=PERIOD):
    return reverse("monitoring_sheet", args=[plan.pk, period])


def verified_then_unlocked(plan, alice, dave, erin):
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    report = services.verify_report(report=report, user=dave, note=VERIFY_NOTE)
    return services.unlock_report(report=report, user=erin, reason=UNLOCK_REASON)


# ---------------------------------------------------------------------------------------------
# The unlock's reason is what the sheet and the reports show after an unlock


def test_the_unlock_is_the_reports_current_note(plan, alice, dave, erin):
    report = verified_then_unlocked(plan, alice, dave, erin)
    assert report.state == Report.State.RETURNED and report.reopened
    assert (report.unlocked_by, report.unlock_reason) == (erin, UNLOCK_REASON)
    assert report.unlocked_at is not None
    # The verification's note is kept (on the report and in the history), not shown as current.
    assert report.reviewer_note == VERIFY_NOTE
    assert History.objects.filter(field="state", new="verified", reason=VERIFY_NOTE).exists()
    # Resubmitted, it is still the reopened report (the reviewer sees why it came back) …
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert report.reopened
    # … until a review decides again: then that decision's note is the current one.
    report = services.return_report(report=report, user=dave, note="Lampirkan SP2D")
    assert not report.reopened and report.unlock_reason == "" and report.unlocked_by is None
    assert report.reviewer_note == "Lampirkan SP2D"


def test_the_sheet_says_who_reopened_it_and_why(client, plan, alice, dave, erin):
    verified_then_unlocked(plan, alice, dave, erin)
    erin.first_name, erin.last_name = "Erin", "Admin"
    erin.save()
    page = text(login(client, alice).get(sheet_url(plan)))
    today = timezone.localdate()
    assert "Dibuka kembali oleh Erin Admin" in page
    assert f"({today.day} " in page and f"{UNLOCK_REASON}" in page
    assert "Dikembalikan untuk diperbaiki" not in page and VERIFY_NOTE not in page
    # A return after the resubmission shows the head's new note, not the unlock any more.
    services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    page = text(client.get(sheet_url(plan)))
    assert "Dibuka kembali oleh Erin Admin" in page  # context for the reviewer
    services.return_report(report=report_of(plan), user=dave, note="Lampirkan SP2D")
    page = text(client.get(sheet_url(plan)))
    assert "Dikembalikan untuk diperbaiki: Lampirkan SP2D" in page
    assert "Dibuka kembali" not in page and UNLOCK_REASON not in page


def test_the_pemantauan_pdf_says_who_reopened_it_and_why(client, plan, alice, dave, erin):
    import pdfplumber

    verified_then_unlocked(plan, alice, dave, erin)
    login(client, alice)
    url = reverse("report_download", args=[plan.pk, "pemantauan", "pdf"]) + f"?period={PERIOD}"
    response = client.get(url)
    assert response.status_code == 200
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        content = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
    assert "Status laporan: Dikembalikan" in content
    assert f"Dibuka kembali oleh erin ({timezone.localdate().day} " in content
    assert UNLOCK_REASON in content
    assert VERIFY_NOTE not in content and "Catatan verifikator" not in content


def test_the_reports_data_after_a_review_is_the_reviewers_again(plan, alice, dave, erin):
    from renaksi.web.plans.selectors import load_document
    from renaksi.web.reportjobs.services import monitoring_of

    verified_then_unlocked(plan, alice, dave, erin)
    state = monitoring_of(load_document(plan)).periods[PERIOD]
    assert (state.state, state.reopened_by, state.reopen_reason) == (
        "returned",
        "erin",
        UNLOCK_REASON,
    )
    assert state.reopened_on == timezone.localdate()
    assert state.verifier is None and state.note is None
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    services.verify_report(report=report, user=dave, note="Sesuai setelah koreksi")
    state = monitoring_of(load_document(plan)).periods[PERIOD]
    assert not state.reopened
    assert (state.state, state.verifier, state.note) == (
        "verified",
        "dave",
        "Sesuai setelah koreksi",
    )


def test_the_reminder_of_a_reopened_report_gives_the_reason(plan, kabupaten, alice, dave, erin):
    verified_then_unlocked(plan, alice, dave, erin)
    digest = next(
        d
        for d in reminders.build_digests(
            kabupaten=kabupaten, year=2022, period=PERIOD, today=timezone.localdate()
        )
        if d.plan == plan
    )
    assert f"Dibuka kembali oleh erin ({timezone.localdate().day} " in digest.body
    assert UNLOCK_REASON in digest.body
    assert VERIFY_NOTE not in digest.body and "Catatan pemeriksa" not in digest.body


# ---------------------------------------------------------------------------------------------
# Lateness: the five cases, recorded at the first submission


def test_on_time(plan, kabupaten, alice, due, clock):
    clock.at(DUE, hour=23)  # the due date itself, late in the evening in Jakarta: on time
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert (report.due_at_submission, report.days_late) == (DUE, 0)
    clock.at(dt.date(2022, 12, 1))
    status = status_of(kabupaten, plan)
    assert not status.late(timezone.localdate())
    assert (status.days_overdue(timezone.localdate()), status.days_late) == (0, 0)


def test_late(plan, kabupaten, alice, due, clock):
    clock.at(dt.date(2022, 12, 10))  # eight months after the due date
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert (report.due_at_submission, report.days_late) == (DUE, 244)
    status = status_of(kabupaten, plan)
    assert status.late(timezone.localdate()) and status.days_late == 244
    assert status.days_overdue(timezone.localdate()) == 0  # submitted: no longer overdue
    late_entry = History.objects.get(field="days_late")
    assert (late_entry.new, late_entry.user) == ("244", alice)
    assert late_entry.reason == "batas waktu 2022-04-10"  # the site's language


def test_not_submitted(plan, kabupaten, due, clock):
    clock.at(DUE)
    assert not status_of(kabupaten, plan).late(timezone.localdate())
    clock.at(dt.date(2022, 4, 30))
    status = status_of(kabupaten, plan)
    assert status.late(timezone.localdate())
    assert (status.days_overdue(timezone.localdate()), status.days_late) == (20, 0)


def test_returned_after_an_on_time_submission_is_not_late(plan, kabupaten, alice, dave, due, clock):
    clock.at(dt.date(2022, 4, 9))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    clock.at(dt.date(2022, 5, 2))
    services.return_report(report=report, user=dave, note="Lengkapi")
    status = status_of(kabupaten, plan)
    assert status.state == "returned" and not status.late(timezone.localdate())
    # Resubmitted after the due date: the first submission's lateness stays (on time).
    clock.at(dt.date(2022, 5, 20))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert report.days_late == 0 and report.first_submitted_at.date() == dt.date(2022, 4, 9)
    assert report.submitted_at.astimezone(JAKARTA).date() == dt.date(2022, 5, 20)
    assert not status_of(kabupaten, plan).late(timezone.localdate())


def test_verified_after_a_late_submission_stays_late(
    plan, kabupaten, alice, dave, erin, due, clock
):
    clock.at(dt.date(2022, 12, 10))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    services.return_report(report=report, user=dave, note="Lengkapi")
    status = status_of(kabupaten, plan)
    assert status.state == "returned" and status.days_late == 244  # late while returned …
    clock.at(dt.date(2022, 12, 20))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    report = services.verify_report(report=report, user=dave)
    status = status_of(kabupaten, plan)
    assert status.state == "verified" and status.days_late == 244  # … and once verified
    assert status.late(timezone.localdate())
    # An unlock and a resubmission change nothing of it either.
    services.unlock_report(report=report, user=erin, reason="Koreksi")
    services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert status_of(kabupaten, plan).days_late == 244
    assert History.objects.filter(field="days_late").count() == 1


def test_the_day_is_jakartas(plan, alice, due, clock):
    # 20:00 UTC on the due date is 03:00 the next morning in Jakarta: one day late.
    clock.now = dt.datetime(2022, 4, 10, 20, tzinfo=dt.UTC)
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert report.days_late == 1


def test_a_due_date_moved_later_changes_nothing_recorded(plan, kabupaten, alice, due, clock):
    clock.at(dt.date(2022, 4, 20))
    services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    services.set_deadline(kabupaten=kabupaten, year=2022, period=PERIOD, due=dt.date(2022, 5, 1))
    report = report_of(plan)
    assert (report.due_at_submission, report.days_late) == (DUE, 10)
    assert status_of(kabupaten, plan).days_late == 10


def test_without_a_due_date_nobody_is_late(plan, kabupaten, alice, clock):
    clock.at(dt.date(2022, 12, 10))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    assert (report.due_at_submission, report.days_late) == (None, None)
    assert not status_of(kabupaten, plan).late(timezone.localdate())
    assert not History.objects.filter(field="days_late").exists()


def test_the_late_units_page_shows_both_kinds(
    client, plan, other_plan, kabupaten, alice, bob, dave, erin, due, clock
):
    # Kaligondang submitted eight months late and was verified; Bukateja never submitted.
    clock.at(dt.date(2022, 12, 10))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    services.verify_report(report=report, user=dave)
    clock.at(dt.date(2022, 12, 20))
    login(client, erin)
    url = reverse("late_units") + "?year=2022&period=TW1"
    page = client.get(url).content.decode()
    kaligondang = re.search(rf'<tr id="unit-{plan.unit_id}"[^>]*>', page).group(0)
    bukateja = re.search(rf'<tr id="unit-{other_plan.unit_id}"[^>]*>', page).group(0)
    assert 'class="late"' in kaligondang and 'data-days-late="244"' in kaligondang
    assert 'class="late"' in bukateja and 'data-overdue="254"' in bukateja
    words = text(client.get(url))
    assert "mengirim terlambat 244 hari" in words and "belum mengirim, lewat 254 hari" in words
    assert "2 unit terlambat" in words
    assert "Belum mengirim melewati batas waktu: 1; mengirim setelah batas waktu: 1." in words
    # The filters
    only = {
        show: re.findall(r'<tr id="unit-(\d+)"', client.get(f"{url}&show={show}").content.decode())
        for show in ("all", "late", "overdue", "submitted-late", "nonsense")
    }
    k, b = str(plan.unit_id), str(other_plan.unit_id)
    assert only["overdue"] == [b] and only["submitted-late"] == [k]
    assert sorted(only["late"]) == sorted([k, b]) == sorted(only["all"]) == sorted(only["nonsense"])


def test_the_late_units_page_runs_the_same_queries_with_more_units(
    client, plan, kabupaten, alice, dave, erin, due, clock, django_assert_num_queries
):
    from renaksi.web.accounts.models import Unit
    from renaksi.web.plans import services as plan_services

    from .test_store import big_document

    clock.at(dt.date(2022, 5, 1))
    login(client, erin)
    url = reverse("late_units") + "?year=2022&period=TW1&show=late"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(4):
        unit = Unit.objects.create(name=f"Kecamatan {n}", kind="kecamatan", parent=kabupaten)
        more = plan_services.import_plan(
            unit=unit, year=2022, version="murni", document=big_document(5)
        )
        if n % 2:
            report = services.submit_report(plan=more, period=PERIOD, user=alice, confirmed=True)
            services.return_report(report=report, user=dave, note="x")
    with django_assert_num_queries(len(before)):
        response = client.get(url)
    assert response.content.decode().count('class="late"') == 5


def test_the_overview_marks_a_late_submission_late(client, plan, alice, dave, due, clock):
    clock.at(dt.date(2022, 12, 10))
    report = services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    services.verify_report(report=report, user=dave)
    page = login(client, alice).get(reverse("monitoring_overview", args=[plan.unit_id]))
    html = page.content.decode()
    cell = html[html.index(sheet_url(plan)) - 300 : html.index(sheet_url(plan))]
    assert "late" in cell


def test_the_sheet_says_a_submission_was_late(client, plan, alice, due, clock):
    clock.at(dt.date(2022, 4, 15))
    services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed=True)
    page = text(login(client, alice).get(sheet_url(plan)))
    assert "pertama diajukan 5 hari setelah batas waktu (10 April 2022)" in page


# ---------------------------------------------------------------------------------------------
# Before submitting: the findings, shown and confirmed


def fill(plan, user, period=PERIOD, evidence=True):
    """Every indicator's realisasi: its target for the period (nothing to say about it)."""
    from renaksi.web.plans.selectors import db_value

    for indicator in Indicator.objects.filter(node__plan=plan):
        target = Target.objects.filter(
            indicator=indicator, period=period, kind=Target.Kind.TARGET
        ).first()
        value = db_value(target) if target else None
        if value is None:
            continue
        realisation = services.save_realisation(
            indicator=indicator, period=period, value=value, expected_version=None, user=user
        )
        if evidence:
            Evidence.objects.create(
                plan=plan, realisation=realisation, link="https://drive.example.go.id/bukti"
            )


def confirm_value(page: str) -> str:
    return re.search(r'name="confirm" value="([0-9a-f]+)"', page).group(1)


def test_the_service_refuses_unconfirmed_findings(plan, alice):
    with pytest.raises(services.Unconfirmed) as refused:
        services.submit_report(plan=plan, period=PERIOD, user=alice)
    check = refused.value.check
    assert check.rows == 51 and check.counts[submission.EMPTY] == 51
    assert report_of(plan) is None and not History.objects.filter(kind="state").exists()
    # A confirmation of other findings is no confirmation.
    with pytest.raises(services.Unconfirmed):
        services.submit_report(plan=plan, period=PERIOD, user=alice, confirmed="0123456789abcdef")
    report = services.submit_report(
        plan=plan, period=PERIOD, user=alice, confirmed=check.fingerprint
    )
    assert report.state == Report.State.SUBMITTED
    entry = History.objects.get(field="state")
    assert entry.reason == (  # in the site's language, whoever submits
        "dikonfirmasi sebelum diajukan: 51 kosong, 0 tanpa bukti dukung, 0 teks untuk angka, "
        "0 jauh dari target"
    )


def test_a_sheet_without_findings_needs_no_confirmation(plan, alice):
    fill(plan, alice)
    assert selectors.submission_check(plan, PERIOD).clean
    report = services.submit_report(plan=plan, period=PERIOD, user=alice)
    assert report.state == Report.State.SUBMITTED
    assert History.objects.get(field="state").reason == ""


def test_the_issues_sheet_44_empty_and_5000_percent(plan, alice):
    """Seven rows filled, one with 1.250 against a 25 % target, none with evidence."""
    from renaksi.web.plans.selectors import db_value

    indicators = list(Indicator.objects.filter(node__plan=plan).order_by("id"))
    percent = next(
        i
        for i in indicators
        if Target.objects.filter(indicator=i, period=PERIOD, value=25).exists()
        and i.polarity != "negative"
    )
    others = [i for i in indicators if i != percent][:6]
    services.save_realisation(
        indicator=percent, period=PERIOD, value=1250, expected_version=None, user=alice
    )
    services.save_realisation(
        indicator=others[0], period=PERIOD, value="sudah", expected_version=None, user=alice
    )
    for i in others[1:]:
        target = Target.objects.get(indicator=i, period=PERIOD, kind=Target.Kind.TARGET)
        services.save_realisation(
            indicator=i, period=PERIOD, value=db_value(target), expected_version=None, user=alice
        )
    check = selectors.submission_check(plan, PERIOD)
    counts = check.counts
    assert counts == {
        submission.EMPTY: 44,
        submission.NO_EVIDENCE: 7,
        submission.TEXT: counts[submission.TEXT],
        submission.FAR_FROM_TARGET: 1,
    }
    far = check.of(submission.FAR_FROM_TARGET)[0]
    assert (far.key, far.value, far.target) == (percent.pk, 1250, 25)


def test_submitting_over_http_shows_the_findings_then_confirms(client, plan, alice):
    indicator = Indicator.objects.filter(node__plan=plan).order_by("id").first()
    services.save_realisation(
        indicator=indicator, period=PERIOD, value=99999, expected_version=None, user=alice
    )
    login(client, alice)
    shown = client.post(submit_url(plan))
    assert shown.status_code == 200 and report_of(plan).state == "draft"  # not submitted yet
    page = shown.content.decode()
    words = text(shown)
    assert "Sebelum mengajukan TW I 2022" in words
    assert "51 dari 51 baris sebaiknya diperiksa" in words  # 50 empty, 1 far without evidence
    assert 'data-count="empty">50<' in page and 'data-count="no-evidence">1<' in page
    assert 'data-count="far">1<' in page
    # Each row links to its row on the sheet.
    assert f'href="{sheet_url(plan)}#indicator-{indicator.pk}"' in page
    assert page.count(f"{sheet_url(plan)}#indicator-") == 52
    # Confirmed: submitted.
    response = client.post(submit_url(plan), {"confirm": confirm_value(page)})
    assert response.status_code == 302 and response["Location"] == sheet_url(plan)
    assert report_of(plan).state == Report.State.SUBMITTED


def test_a_sheet_changed_since_the_check_is_shown_again(client, plan, alice):
    login(client, alice)
    fingerprint = confirm_value(client.post(submit_url(plan)).content.decode())
    indicator = Indicator.objects.filter(node__plan=plan).order_by("id").first()
    services.save_realisation(
        indicator=indicator, period=PERIOD, value="belum", expected_version=None, user=alice
    )
    again = client.post(submit_url(plan), {"confirm": fingerprint})
    assert again.status_code == 200 and report_of(plan).state == "draft"
    assert "Lembar isian berubah sejak Anda memeriksanya" in text(again)
    assert confirm_value(again.content.decode()) != fingerprint
    # An over-long or odd confirmation is just no confirmation.
    odd = client.post(submit_url(plan), {"confirm": "x" * 10_000})
    assert odd.status_code == 200 and report_of(plan).state == "draft"


def test_a_clean_sheet_is_submitted_at_once(client, plan, alice):
    fill(plan, alice)
    response = login(client, alice).post(submit_url(plan))
    assert response.status_code == 302 and report_of(plan).state == Report.State.SUBMITTED


def test_the_check_is_for_the_operator_only(client, plan, cast):
    for who, status in (("dave", 403), ("charlie", 403), ("bob", 404)):
        client.logout()
        response = login(client, cast[who]).post(submit_url(plan))
        assert response.status_code == status, who
        assert b"Sebelum mengajukan" not in response.content
    client.logout()
    response = client.post(submit_url(plan))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert report_of(plan) is None
    # An administrator may submit for the unit, and sees the check too.
    client.logout()
    assert login(client, cast["erin"]).post(submit_url(plan)).status_code == 200


def test_the_check_page_runs_the_same_queries_for_a_bigger_plan(
    client, kaligondang, alice, django_assert_num_queries
):
    from renaksi.web.plans import services as plan_services

    from .test_store import big_document

    small = plan_services.import_plan(
        unit=kaligondang, year=2022, version="murni", document=big_document(5)
    )
    big = plan_services.import_plan(
        unit=kaligondang, year=2023, version="murni", document=big_document(200)
    )
    login(client, alice)
    for plan in (small, big):
        Realisation.objects.create(
            indicator=Indicator.objects.filter(node__plan=plan).first(), period=PERIOD, value=1
        )
    client.post(submit_url(small))
    with CaptureQueriesContext(connection) as before:
        assert client.post(submit_url(small)).status_code == 200
    with django_assert_num_queries(len(before)):
        response = client.post(submit_url(big))
    assert response.status_code == 200 and report_of(big) is None


# ---------------------------------------------------------------------------------------------
# The migrations: reports submitted and unlocked before


def test_the_migrations_record_what_happened_before(transactional_db):
    from django.db.migrations.executor import MigrationExecutor

    before = [("monitoring", "0004_history_audit_log")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        loader = MigrationExecutor(connection).loader
        others = [node for node in loader.graph.leaf_nodes() if node[0] != "monitoring"]
        old = loader.project_state([*others, *before]).apps
        Unit = old.get_model("accounts", "Unit")
        kabupaten = Unit.objects.create(name="Kabupaten Lama", kind="kabupaten")
        unit = Unit.objects.create(name="Kecamatan Lama", kind="kecamatan", parent=kabupaten)
        admin = old.get_model("auth", "User").objects.create(username="admin-lama")
        plans = [
            old.get_model("plans", "Plan").objects.create(
                unit=unit, year=2022, version=version, periods=["TW1", "TW2"]
            )
            for version in ("murni", "perubahan")
        ]
        Deadline = old.get_model("monitoring", "Deadline")
        DeadlineChange = old.get_model("monitoring", "DeadlineChange")
        History = old.get_model("monitoring", "History")
        OldReport = old.get_model("monitoring", "Report")
        Deadline.objects.create(
            kabupaten=kabupaten, year=2022, period="TW1", due=dt.date(2022, 5, 1)
        )

        def at(day, hour=10):
            return dt.datetime(day.year, day.month, day.day, hour, tzinfo=JAKARTA)

        # TW1's due date was 10 April, moved to 1 May on 20 April.
        change = DeadlineChange.objects.create(
            kabupaten=kabupaten,
            year=2022,
            period="TW1",
            old=dt.date(2022, 4, 10),
            new=dt.date(2022, 5, 1),
        )
        DeadlineChange.objects.filter(pk=change.pk).update(at=at(dt.date(2022, 4, 20)))

        def state_entry(plan, period, old_state, new_state, when, reason="", user=None):
            entry = History.objects.create(
                plan=plan,
                period=period,
                kind="state",
                field="state",
                old=old_state,
                new=new_state,
                reason=reason,
                user=user,
            )
            History.objects.filter(pk=entry.pk).update(at=when)

        # The murni plan: TW1 first submitted 15 April (5 days late then), returned, resubmitted
        # 3 May, verified, unlocked. TW2: submitted once, no history, no due date.
        first, again = at(dt.date(2022, 4, 15)), at(dt.date(2022, 5, 3))
        state_entry(plans[0], "TW1", "draft", "submitted", first)
        state_entry(plans[0], "TW1", "submitted", "returned", at(dt.date(2022, 4, 16)), "x")
        state_entry(plans[0], "TW1", "returned", "submitted", again)
        state_entry(plans[0], "TW1", "submitted", "verified", at(dt.date(2022, 5, 4)), "Sesuai")
        state_entry(
            plans[0], "TW1", "verified", "returned", at(dt.date(2022, 6, 1)), "Koreksi", admin
        )
        OldReport.objects.create(
            plan=plans[0],
            period="TW1",
            state="returned",
            submitted_at=again,
            reviewed_at=at(dt.date(2022, 5, 4)),
            reviewer_note="Sesuai",
        )
        OldReport.objects.create(
            plan=plans[0], period="TW2", state="submitted", submitted_at=at(dt.date(2022, 7, 1))
        )
        # The perubahan plan: TW1 submitted 25 April with no history (on time for 1 May),
        # returned by its reviewer after a verification and an unlock: not reopened now.
        OldReport.objects.create(
            plan=plans[1],
            period="TW1",
            state="returned",
            submitted_at=at(dt.date(2022, 4, 25)),
            reviewed_at=at(dt.date(2022, 4, 27)),
            reviewer_note="Lengkapi",
        )
        state_entry(plans[1], "TW1", "verified", "returned", at(dt.date(2022, 4, 26)), "Buka")
        state_entry(plans[1], "TW1", "submitted", "returned", at(dt.date(2022, 4, 27)), "Lengkapi")
        OldReport.objects.create(plan=plans[1], period="TW2", state="draft")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    def report(version, period):
        return Report.objects.get(plan__version=version, period=period)

    tw1 = report("murni", "TW1")
    assert tw1.first_submitted_at.astimezone(JAKARTA).date() == dt.date(2022, 4, 15)
    assert (tw1.due_at_submission, tw1.days_late) == (dt.date(2022, 4, 10), 5)
    assert (tw1.unlocked_by.username, tw1.unlock_reason) == ("admin-lama", "Koreksi")
    assert tw1.unlocked_at.astimezone(JAKARTA).date() == dt.date(2022, 6, 1) and tw1.reopened
    assert tw1.reviewer_note == "Sesuai"  # kept, no longer current
    tw2 = report("murni", "TW2")
    assert tw2.first_submitted_at == tw2.submitted_at
    assert (tw2.due_at_submission, tw2.days_late, tw2.reopened) == (None, None, False)
    changed = report("perubahan", "TW1")
    assert (changed.due_at_submission, changed.days_late) == (dt.date(2022, 5, 1), 0)
    assert not changed.reopened and changed.unlock_reason == ""
    draft = report("perubahan", "TW2")
    assert (draft.first_submitted_at, draft.days_late, draft.reopened) == (None, None, False)
