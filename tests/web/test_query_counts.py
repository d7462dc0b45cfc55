"""Every list and overview page runs the same number of queries whatever the amount of data.

Each test opens a page on a small kabupaten (one unit, one plan, one period reported), counts its
queries, then grows the data the page lists — more units, more plans per unit (years, versions,
revisions), every period reported in every state, more evidence, due dates, history, workbooks —
and asks for exactly that count again. A page that reads per row (an N+1) fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.web.accounts.models import Role, Unit
from renaksi.web.monitoring import services as monitoring
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator, Node, Plan
from renaksi.web.reportjobs.models import ReportJob

from .conftest import login, make_user
from .test_store import big_document

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# ---------------------------------------------------------------------------------------------
# Data that grows


def add_unit(kabupaten: Unit, n: int) -> Unit:
    return Unit.objects.create(
        name=f"Kecamatan Tambahan {n}", kind=Unit.Kind.KECAMATAN, parent=kabupaten
    )


def add_plan(unit: Unit, year: int, version: str = "murni", size: int = 10) -> Plan:
    return plan_services.import_plan(
        unit=unit, year=year, version=version, document=big_document(size)
    )


def report_periods(
    plan: Plan, operator, reviewer, periods=("TW1", "TW2", "TW3", "TW4"), evidence: int = 2
):
    """Realisasi, evidence (files and links) and budget spent in each period; the first period
    verified, the second submitted, the third returned, the others drafts."""
    indicators = list(Indicator.objects.filter(node__plan=plan).order_by("id")[:3])
    node = Node.objects.filter(plan=plan, level="subkegiatan").order_by("id").first()
    for n, period in enumerate(periods):
        for indicator in indicators:
            realisation = monitoring.save_realisation(
                indicator=indicator,
                period=period,
                value=n + 1,
                obstacles="Hujan",
                expected_version=None,
                user=operator,
            )
            for k in range(evidence):
                if k % 2:
                    monitoring.add_evidence(
                        realisation=realisation,
                        link=f"https://drive.example.go.id/{plan.pk}/{period}/{k}",
                        user=operator,
                    )
                else:
                    monitoring.add_evidence(
                        realisation=realisation,
                        upload=SimpleUploadedFile(f"bukti {k}.pdf", PDF),
                        user=operator,
                    )
        monitoring.save_budget_spent(
            node=node,
            period=period,
            amount=Decimal(1000 * (n + 1)),
            expected_version=None,
            user=operator,
        )
        if n < 3:
            report = monitoring.submit_report(
                plan=plan, period=period, user=operator, confirmed=True
            )
            if n == 0:
                monitoring.verify_report(report=report, user=reviewer)
            elif n == 2:
                monitoring.return_report(report=report, user=reviewer, note="Lengkapi")


def set_deadlines(kabupaten: Unit, years=(2022,), user=None) -> None:
    for year in years:
        for q, period in enumerate(("TW1", "TW2", "TW3", "TW4")):
            monitoring.set_deadline(
                kabupaten=kabupaten,
                year=year,
                period=period,
                due=dt.date(year, 3 * q + 3, 10),
                user=user,
            )


def add_job(kabupaten: Unit, year: int, user, status: str = "done") -> ReportJob:
    job = ReportJob.objects.create(kabupaten=kabupaten, year=year, requested_by=user, status=status)
    if status == "done":
        job.file.save(f"workbook-{job.pk}.xlsx", ContentFile(b"PK\x03\x04 workbook"))
    return job


@pytest.fixture
def small(kabupaten, kaligondang, alice, dave, erin):
    """One unit with one plan of 2022, TW I reported, one due date, one workbook."""
    plan = add_plan(kaligondang, 2022)
    report_periods(plan, alice, dave, periods=("TW1",), evidence=1)
    set_deadlines(kabupaten)
    add_job(kabupaten, 2022, erin)
    return plan


@pytest.fixture
def grow(kabupaten, kaligondang, alice, dave, erin):
    """More of everything: units, plans per unit (years, perubahan, revisions), every period
    reported in every state, evidence, due dates, workbooks by several people."""

    def grow(plan: Plan) -> list[Unit]:
        # The small plan itself: every period reported, more evidence.
        report_periods(plan, alice, dave, periods=("TW2", "TW3", "TW4"), evidence=4)
        # More plans of the same unit: other years, a perubahan, a second revision.
        for year in (2023, 2024):
            report_periods(add_plan(kaligondang, year), alice, dave)
        # A perubahan of 2024 and a revision 2 of 2023: each carries the year's work of the
        # plan it replaces (docs/lifecycle.md), so they hold every period already. (The small
        # plan of 2022 stays current: a replaced revision's pages are read-only ones.)
        add_plan(kaligondang, 2024, "perubahan")
        add_plan(kaligondang, 2023)
        # More units, each with plans and reports (their operator: another account).
        units = []
        for n in range(4):
            unit = add_unit(kabupaten, n)
            operator = make_user(f"operator{n}", Role.OPERATOR, unit)
            for year in (2022, 2023):
                report_periods(add_plan(unit, year), operator, erin)
            units.append(unit)
        set_deadlines(kabupaten, years=(2022, 2023, 2024, 2025), user=erin)
        # Due dates moved and set by several people: the page's history names each of them.
        for n, person in enumerate([erin, alice, dave]):
            for year, period, due in (
                (2022, f"TW{n + 1}", dt.date(2022, 12, 31)),
                (2030 + n, "TW1", dt.date(2030, 4, 1)),
            ):
                monitoring.set_deadline(
                    kabupaten=kabupaten, year=year, period=period, due=due, user=person
                )
        for n, year in enumerate((2022, 2023, 2024, 2025, 2022, 2023)):
            add_job(kabupaten, year, [erin, alice, dave][n % 3], "done" if n % 2 else "failed")
        return units

    return grow


def count(client, url: str) -> int:
    """The queries of one request of the page (after a first one: caches and session warm)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def same_count(client, url: str, small: int, django_assert_num_queries) -> str:
    client.get(url)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# The pages

PEOPLE = ["erin", "alice"]


@pytest.mark.parametrize("person", ["erin", "charlie"])
def test_unit_list(client, cast, small, grow, person, django_assert_num_queries):
    login(client, cast[person])
    url = reverse("unit_list")
    before = count(client, url)
    units = grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    assert all(u.name in html for u in units)


@pytest.mark.parametrize("person", PEOPLE)
def test_unit_detail(client, cast, small, grow, kaligondang, person, django_assert_num_queries):
    login(client, cast[person])
    url = reverse("unit_detail", args=[kaligondang.pk])
    before = count(client, url)
    grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    assert html.count('id="plan-') == Plan.objects.filter(unit=kaligondang).count() == 5


@pytest.mark.parametrize("person", PEOPLE)
def test_plan_detail(client, cast, small, grow, person, django_assert_num_queries):
    login(client, cast[person])
    url = reverse("plan_detail", args=[small.pk])
    before = count(client, url)
    grow(small)
    big = add_plan(small.unit, 2025, size=200)
    report_periods(big, cast["alice"], cast["dave"])
    same_count(client, url, before, django_assert_num_queries)
    html = same_count(
        client, reverse("plan_detail", args=[big.pk]), before, django_assert_num_queries
    )
    assert html.count('id="indicator-') == 200


@pytest.mark.parametrize("person", ["erin", "alice", "dave"])
def test_adopted_plan_detail(client, cast, small, grow, person, django_assert_num_queries):
    """An adopted plan's page (its state, who adopted it, the capaian settings links): the same
    queries for a small plan and a large one; a draft's page with the adoption form (erin, dave)
    no more than before."""
    login(client, cast[person])
    url = reverse("plan_detail", args=[small.pk])
    draft = count(client, url)
    plan_services.adopt_plan(
        plan=small, adopted_on=dt.date(2022, 1, 3), decree_number="050/1/2022", user=cast["dave"]
    )
    adopted = count(client, url)
    assert adopted == draft + 1  # the name of who adopted it
    grow(small)
    big = add_plan(small.unit, 2025, size=200)
    report_periods(big, cast["alice"], cast["dave"])
    plan_services.adopt_plan(
        plan=big, adopted_on=dt.date(2025, 1, 3), decree_number="050/2/2025", user=cast["erin"]
    )
    same_count(client, url, adopted, django_assert_num_queries)
    html = same_count(
        client, reverse("plan_detail", args=[big.pk]), adopted, django_assert_num_queries
    )
    assert html.count('id="indicator-') == 200 and "050/2/2025" in html


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("period", ["TW1", "TW2"])
def test_monitoring_sheet(client, cast, small, grow, person, period, django_assert_num_queries):
    """TW I verified, TW II a draft (with the evidence forms) that grows to submitted."""
    login(client, cast[person])
    url = reverse("monitoring_sheet", args=[small.pk, period])
    before = count(client, url)
    grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    assert html.count('<tr class="indicator') == 10
    big = add_plan(small.unit, 2025, size=200)
    report_periods(big, cast["alice"], cast["dave"], evidence=6)
    html = same_count(
        client,
        reverse("monitoring_sheet", args=[big.pk, period]),
        before,
        django_assert_num_queries,
    )
    assert html.count('<tr class="indicator') == 200


def test_the_overview_shows_the_capaian_and_state_of_each_sheet(small, grow, kaligondang):
    from renaksi.web.monitoring import selectors

    grow(small)
    plans = list(Plan.objects.filter(unit=kaligondang, is_current=True))
    settings = selectors.engine_settings(kaligondang.parent)
    summaries = selectors.period_summaries(plans, settings)
    for plan in plans:
        for period in plan.periods:
            sheet = selectors.quarter_sheet(plan, period, settings)
            summary = summaries[plan.pk][period]
            assert (summary.state, summary.roll_up) == (sheet.state, sheet.roll_up)
    states = {s.state for by_period in summaries.values() for s in by_period.values()}
    assert states == {"verified", "submitted", "returned", "draft"}


@pytest.mark.parametrize("person", ["erin", "alice", "dave"])
def test_monitoring_overview(
    client, cast, small, grow, kaligondang, person, django_assert_num_queries
):
    login(client, cast[person])
    url = reverse("monitoring_overview", args=[kaligondang.pk])
    before = count(client, url)
    grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    current = Plan.objects.filter(unit=kaligondang, is_current=True).count()
    assert current == 3  # 2022, 2023 (revision 2), 2024 (the perubahan replaced the murni)
    assert html.count('class="period-cell ') == 4 * current


@pytest.mark.parametrize("person", ["erin", "charlie"])
def test_deadline_list(client, cast, small, grow, person, django_assert_num_queries):
    login(client, cast[person])
    url = reverse("deadline_list")
    before = count(client, url)
    grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    assert html.count("<tr><td>") == 16 + 3
    # Its history: every change (4 set, then 12 more, 3 moved and 3 set by three people), by whom.
    assert html.count('<tr class="deadline-change">') == 4 + 12 + 3 + 3
    assert all(f"<td>{name}</td>" in html for name in ("erin", "alice", "dave"))


@pytest.mark.parametrize("person", ["erin", "charlie"])
def test_late_units(client, cast, small, grow, person, django_assert_num_queries):
    login(client, cast[person])
    url = reverse("late_units") + "?year=2022&period=TW2"
    before = count(client, url)
    units = grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    assert all(f'id="unit-{u.pk}"' in html for u in units)


@pytest.mark.parametrize("person", ["erin", "charlie"])
def test_kabupaten_workbook(client, cast, small, grow, person, django_assert_num_queries):
    login(client, cast[person])
    url = reverse("kabupaten_workbook")
    before = count(client, url)
    grow(small)
    html = same_count(client, url, before, django_assert_num_queries)
    assert html.count('id="job-') == 7


@pytest.mark.parametrize("person", PEOPLE)
def test_indicator_history(client, cast, small, grow, person, django_assert_num_queries):
    indicator = Indicator.objects.filter(node__plan=small).order_by("id").first()
    login(client, cast[person])
    url = reverse("indicator_history", args=[indicator.pk])
    before = count(client, url)
    grow(small)
    for n in range(5):  # changes by several people
        user = [cast["alice"], cast["erin"]][n % 2]
        plan_services.update_indicator(indicator=indicator, name=f"Jumlah dokumen {n}", user=user)
    same_count(client, url, before, django_assert_num_queries)


def test_import_preview(client, cast, kaligondang, alice, django_assert_num_queries):
    """The preview with its correction panel: the same queries for a document of 8 rows, one of
    300 (more rows, a page of the panel), one corrected, and one read with three templates."""
    from renaksi.web.plans.models import LayoutTemplate

    from ..layouts import HEADER_LINE, document_2021, document_2022

    def stage(text: str, year: int = 2021):
        return plan_services.stage_import(
            unit=kaligondang,
            year=year,
            version="murni",
            upload=SimpleUploadedFile("rencana-aksi.txt", text.encode()),
            user=alice,
            max_bytes=10**7,
        )

    login(client, alice)
    session = stage(document_2021())
    before = count(client, reverse("import_preview", args=[session.pk]))
    lines = document_2021().splitlines()
    body = [
        "\t".join(f"{cell} {k}" if c == 2 else cell for c, cell in enumerate(line.split("\t")))
        for k in range(60)
        for line in lines[3:]
    ]
    long = stage("\n".join(lines[:3] + body) + "\n")
    from renaksi.web.plans.corrections import Correction

    long = plan_services.correct_import(
        session=long,
        expected_edits=0,
        correction=Correction(rows=[HEADER_LINE], headers={HEADER_LINE}),
    )
    html = same_count(
        client, reverse("import_preview", args=[long.pk]), before, django_assert_num_queries
    )
    assert html.count('class="doc-row') == 100
    assert html.count('<tr class="node level-') == 300 == len(list(core_nodes(long)))
    html = same_count(
        client,
        reverse("import_preview", args=[long.pk]) + "?part=3",
        before,
        django_assert_num_queries,
    )
    assert html.count('class="doc-row') == 100
    for n in range(3):
        LayoutTemplate.objects.create(
            kabupaten=kaligondang.parent,
            unit=kaligondang if n else None,
            fingerprint=f"layout-{n}",
            header_text=" ".join(lines[2].split("\t")) if n == 0 else f"header {n}",
            mapping={"tables": [{"fingerprint": f"layout-{n}", "columns": {"3": "indicator"}}]},
            created_by=[alice, cast["erin"], cast["dave"]][n],
        )
    with_templates = stage(document_2022(), year=2022)
    assert with_templates.templates.count() == 1
    html = same_count(
        client,
        reverse("import_preview", args=[with_templates.pk]),
        before,
        django_assert_num_queries,
    )
    assert "Read with the layout correction" in html or "Dibaca dengan koreksi" in html


def core_nodes(session):
    from renaksi.core.plan import Plan as CorePlan

    return (node for node, _parent in CorePlan.from_dict(session.plan_json).walk())


def _upload_edited(client, plan: Plan, edits: int, spent: int = 0):
    """The plan's TW I workbook with ``edits`` realisasi and ``spent`` budget cells typed in,
    uploaded; the response (a redirect to its preview)."""
    import io

    from openpyxl import load_workbook

    from renaksi.web.monitoring import workbook

    data = client.get(reverse("monitoring_sheet_xlsx", args=[plan.pk, "TW1"])).content
    book = load_workbook(io.BytesIO(data))
    for name, column, count_ in (
        (workbook.REALISATION_SHEET, 8, edits),
        (workbook.SPENT_SHEET, 6, spent),
    ):
        rows = [r for r in book[name].iter_rows() if str(r[0].value)[:2] in ("i:", "n:")]
        for n, row in enumerate(rows[:count_]):
            row[column - 1].value = 100 + n
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        reverse("monitoring_sheet_upload", args=[plan.pk, "TW1"]),
        {"file": SimpleUploadedFile("realisasi.xlsx", out.getvalue())},
    )
    assert response.status_code == 302
    return response["Location"]


def test_realisation_upload_preview(client, cast, kaligondang, alice, django_assert_num_queries):
    """The preview of an uploaded workbook: the same queries for 3 changed rows as for 150 rows
    and 40 budgets, some of them conflicting with what the page saved since."""
    plan = add_plan(kaligondang, 2022, size=200)
    login(client, alice)
    before = count(client, _upload_edited(client, plan, 2, spent=1))
    url = _upload_edited(client, plan, 150, spent=40)
    for indicator in Indicator.objects.filter(node__plan=plan).order_by("id")[:3]:
        monitoring.save_realisation(
            indicator=indicator, period="TW1", value=1, expected_version=None, user=alice
        )
    html = same_count(client, url, before, django_assert_num_queries)
    assert html.count('class="upload-change"') == 190


def test_realisation_workbook_download(client, cast, small, grow, django_assert_num_queries):
    """The sheet's workbook is written in the same queries whatever the plan's size."""
    login(client, cast["alice"])
    url = reverse("monitoring_sheet_xlsx", args=[small.pk, "TW1"])
    before = count(client, url)
    grow(small)
    big = add_plan(small.unit, 2025, size=200)
    report_periods(big, cast["alice"], cast["dave"], periods=("TW1",))
    client.get(reverse("monitoring_sheet_xlsx", args=[big.pk, "TW1"]))
    with django_assert_num_queries(before):
        response = client.get(reverse("monitoring_sheet_xlsx", args=[big.pk, "TW1"]))
    assert response.status_code == 200
