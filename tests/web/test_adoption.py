"""Penetapan (docs/lifecycle.md): the unit's head or the kabupaten adopts a plan's current
revision with the decree's date and number; from then on its structure and targets change only
through a new revision (perubahan), while its realisasi are reported as before and its capaian
settings stay editable. The service, the pages, and the reports that print the state."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from renaksi.web.monitoring import services as monitoring
from renaksi.web.monitoring.models import History, Realisation
from renaksi.web.plans import services
from renaksi.web.plans.models import Indicator, Node, Plan, Target
from renaksi.web.plans.selectors import db_value
from renaksi.web.plans.services import PlanAdopted, ServiceError, StaleEdit
from renaksi.web.reportjobs import services as report_services

from .conftest import login
from .test_reports_web import _text_of

DECREE = "050/12/2022"
ADOPTED_ON = dt.date(2022, 1, 3)
ADOPTED_LINE = "Ditetapkan 3 Januari 2022, Nomor 050/12/2022"
DRAFT_LINE = "Draf (belum ditetapkan)"


@pytest.fixture(autouse=True)
def english():
    """The services' refusals in English (the pages are in the site's language, Indonesian)."""
    with translation.override("en"):
        yield


def fresh(plan: Plan) -> Plan:
    return Plan.objects.get(pk=plan.pk)


def adopt(plan: Plan, user, **kwargs) -> Plan:
    arguments = {"adopted_on": ADOPTED_ON, "decree_number": DECREE, "user": user}
    return services.adopt_plan(plan=fresh(plan), **(arguments | kwargs))


def snapshot(plan: Plan) -> dict:
    """Every row of the plan and of its cascade, and the audit log's size."""
    return {
        "plan": list(Plan.objects.filter(pk=plan.pk).values()),
        "nodes": list(Node.objects.filter(plan=plan).order_by("pk").values()),
        "indicators": list(Indicator.objects.filter(node__plan=plan).order_by("pk").values()),
        "targets": list(Target.objects.filter(indicator__node__plan=plan).order_by("pk").values()),
        "history": History.objects.count(),
    }


# ---------------------------------------------------------------------------------------------
# The service


def test_adopting_records_the_decree_who_and_when_in_the_audit_log(plan, dave):
    before = History.objects.count()
    adopted = adopt(plan, dave, expected_edits=fresh(plan).edits)
    stored = fresh(plan)
    assert stored.is_adopted and stored.status == Plan.Status.FINAL
    assert (stored.adopted_on, stored.decree_number) == (ADOPTED_ON, DECREE)
    assert stored.adopted_by == dave and stored.adopted_at is not None
    assert adopted.is_adopted and adopted.decree_number == DECREE
    entries = {e.field: e for e in History.objects.order_by("id")[before:]}
    assert set(entries) == {"status", "adopted_on", "decree_number"}
    assert all(e.kind == History.Kind.ADOPTION and e.user == dave for e in entries.values())
    assert (entries["status"].old, entries["status"].new) == ("draft", "final")
    assert entries["adopted_on"].new == "2022-01-03"
    assert entries["decree_number"].new == DECREE
    assert all(e.plan_id == plan.pk and e.unit_id == plan.unit_id for e in entries.values())


def test_the_decree_number_is_kept_on_one_line_without_control_characters(plan, dave):
    adopt(plan, dave, decree_number="  050/12/\x07\n2022 \t Tahun 2022 ")
    assert fresh(plan).decree_number == "050/12/ 2022 Tahun 2022"


def test_the_first_sensible_day_is_the_first_of_the_year_before(plan, dave):
    adopt(plan, dave, adopted_on=dt.date(2021, 1, 1))
    assert fresh(plan).adopted_on == dt.date(2021, 1, 1)


def _older_revision(plan, alice, sample_document):
    services.import_plan(
        unit=plan.unit, year=2022, version="murni", document=sample_document, user=alice
    )
    return fresh(plan)


REFUSED = {
    "already adopted": (
        lambda plan, w: adopt(plan, w["erin"], decree_number="050/99/2022"),
        PlanAdopted,
        "already adopted",
    ),
    "not the current revision": (
        lambda plan, w: adopt(plan, w["dave"]),  # a revision was imported after it
        ServiceError,
        "current revision",
    ),
    "in the future": (
        lambda plan, w: adopt(plan, w["dave"], adopted_on=dt.date.today() + dt.timedelta(days=1)),
        ServiceError,
        "future",
    ),
    "before the year before the plan's": (
        lambda plan, w: adopt(plan, w["dave"], adopted_on=dt.date(2020, 12, 31)),
        ServiceError,
        "too early",
    ),
    "an empty decree number": (
        lambda plan, w: adopt(plan, w["dave"], decree_number=" \t\n "),
        ServiceError,
        "decree number is required",
    ),
    "a decree number too long": (
        lambda plan, w: adopt(plan, w["dave"], decree_number="1" * 101),
        ServiceError,
        "at most 100 characters",
    ),
    "a NUL in the decree number": (
        lambda plan, w: adopt(plan, w["dave"], decree_number="050/\x00"),
        ServiceError,
        "NUL",
    ),
    "a plan changed since its page was opened": (
        lambda plan, w: adopt(plan, w["dave"], expected_edits=w["edits"]),
        StaleEdit,
        "changed after you opened",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_adoption_refused(case, plan, cast, sample_document):
    call, error, words = REFUSED[case]
    w = {**cast, "document": sample_document, "edits": fresh(plan).edits}
    if case == "already adopted":
        adopt(plan, cast["dave"])
    if case == "a plan changed since its page was opened":
        node = Node.objects.filter(plan=plan).order_by("id").first()
        services.move_node(node=node, offset=1, user=cast["alice"])
    if case == "not the current revision":
        plan = _older_revision(plan, cast["alice"], sample_document)
    before = snapshot(plan)
    with pytest.raises(error) as refused:
        call(plan, w)
    assert words in str(refused.value)
    assert snapshot(plan) == before


# Every service that changes the plan's structure or targets: (the call, what it changes).


def _node(plan) -> Node:
    return Node.objects.filter(plan=plan, level="subkegiatan").order_by("id").first()


def _indicator(plan) -> Indicator:
    return next(
        i
        for i in Indicator.objects.filter(node__plan=plan).order_by("id")
        if i.node.indicators.count() >= 2 and i.position == 0
    )


def _update_indicator(plan, user, **changes):
    indicator = _indicator(plan)
    fields = {"name": indicator.name, "objective": indicator.objective, "unit": indicator.unit}
    return services.update_indicator(indicator=indicator, user=user, **(fields | changes))


LOCKED = {
    "create_node": lambda p, u: services.create_node(
        plan=fresh(p), parent=None, level="sasaran", name="Sasaran baru", user=u
    ),
    "create_node under a node": lambda p, u: services.create_node(
        plan=fresh(p), parent=_node(p).parent, level="subkegiatan", name="Sub baru", user=u
    ),
    "update_node name": lambda p, u: services.update_node(
        node=_node(p), name="Nama baru", code=_node(p).code, number=_node(p).number, user=u
    ),
    "update_node budget": lambda p, u: services.update_node(
        node=_node(p),
        name=_node(p).name,
        code=_node(p).code,
        number=_node(p).number,
        budget=123,
        user=u,
    ),
    "update_node code": lambda p, u: services.update_node(
        node=_node(p), name=_node(p).name, code="9.99", number=_node(p).number, user=u
    ),
    "update_node level": lambda p, u: services.update_node(
        node=Node.objects.filter(plan=p, level="sasaran", children__isnull=True).first()
        or _node(p),
        name="Nama",
        level="subkegiatan",
        user=u,
    ),
    "delete_node": lambda p, u: services.delete_node(node=_node(p), user=u),
    "move_node": lambda p, u: services.move_node(node=_node(p), offset=1, user=u),
    "create_indicator": lambda p, u: services.create_indicator(
        node=_node(p), name="Indikator baru", user=u
    ),
    "update_indicator name": lambda p, u: _update_indicator(p, u, name="Nama indikator baru"),
    "update_indicator annual target": lambda p, u: _update_indicator(p, u, annual_target=999),
    "update_indicator weight": lambda p, u: _update_indicator(p, u, weight=2),
    "update_indicator target mode": lambda p, u: _update_indicator(
        p,
        u,
        target_mode=Indicator.TargetMode.PER_PERIOD
        if _indicator(p).target_mode == Indicator.TargetMode.CUMULATIVE
        else Indicator.TargetMode.CUMULATIVE,
    ),
    "update_indicator targets": lambda p, u: _update_indicator(p, u, targets={"TW1": 4321}),
    "update_indicator polarity and targets": lambda p, u: _update_indicator(
        p, u, polarity="negative", targets={"TW2": 4321}
    ),
    "delete_indicator": lambda p, u: services.delete_indicator(indicator=_indicator(p), user=u),
    "move_indicator": lambda p, u: services.move_indicator(
        indicator=_indicator(p), offset=1, user=u
    ),
    "set_targets": lambda p, u: services.set_targets(
        indicator=_indicator(p), values={"TW1": 4321}, user=u
    ),
    "set_targets of the document's realisasi": lambda p, u: services.set_targets(
        indicator=_indicator(p), values={"TW1": 4321}, kind=Target.Kind.ACTUAL, user=u
    ),
}


@pytest.mark.parametrize("name", list(LOCKED))
def test_a_change_of_structure_or_targets_is_made_before_adoption(name, plan, alice):
    before = snapshot(plan)
    LOCKED[name](plan, alice)
    after = snapshot(plan)
    assert after != before
    assert after["plan"][0]["edits"] > before["plan"][0]["edits"]  # the adoption form sees it


@pytest.mark.parametrize("name", list(LOCKED))
def test_a_change_of_structure_or_targets_is_refused_once_adopted(name, plan, alice, dave):
    adopt(plan, dave)
    before = snapshot(plan)
    with pytest.raises(PlanAdopted) as refused:
        LOCKED[name](plan, alice)
    message = str(refused.value)
    assert DECREE in message and "perubahan" in message and "2022" in message
    assert snapshot(plan) == before


def test_the_capaian_settings_stay_editable_once_adopted(plan, alice, dave):
    indicator = _indicator(plan)
    Indicator.objects.filter(pk=indicator.pk).update(to_confirm=["polarity", "aggregation"])
    adopt(plan, dave)
    targets = {t.period: db_value(t) for t in indicator.targets.filter(kind=Target.Kind.TARGET)}
    polarity = "negative" if indicator.polarity != "negative" else "positive"
    _update_indicator(
        plan,
        alice,
        polarity=polarity,
        aggregation="last",
        # The edit form's unchanged values are no change of the plan.
        targets={period: value for period, value in targets.items()},
    )
    indicator.refresh_from_db()
    assert (indicator.polarity, indicator.aggregation, indicator.to_confirm) == (
        polarity,
        "last",
        [],
    )
    assert History.objects.filter(
        indicator=indicator, kind=History.Kind.SETTING, field="polarity"
    ).exists()


def test_realisasi_are_reported_as_before_once_adopted(plan, alice, dave):
    adopt(plan, dave)
    indicator = _indicator(plan)
    monitoring.save_realisation(
        indicator=indicator, period="TW1", value=3, expected_version=None, user=alice
    )
    report = monitoring.submit_report(plan=fresh(plan), period="TW1", user=alice, confirmed=True)
    monitoring.verify_report(report=report, user=dave)
    assert Realisation.objects.get(indicator=indicator, period="TW1").value == 3


def test_a_new_revision_is_imported_as_a_draft_and_can_be_changed(
    plan, alice, dave, sample_document
):
    adopt(plan, dave)
    revision = services.import_plan(
        unit=plan.unit, year=2022, version="murni", document=sample_document, user=alice
    )
    assert revision.revision == 2 and revision.is_current and not revision.is_adopted
    old = fresh(plan)
    assert old.is_adopted and not old.is_current  # the adopted revision is kept as it was
    services.move_node(node=_node(revision), offset=1, user=alice)
    adopt(revision, dave, decree_number="050/77/2022")
    assert fresh(revision).is_adopted


# ---------------------------------------------------------------------------------------------
# The pages


def adopt_form(client, plan) -> dict:
    return {
        "adopted_on": "2022-01-03",
        "decree_number": DECREE,
        "confirm": "on",
        "edits": str(fresh(plan).edits),
    }


def test_the_head_adopts_on_the_plan_page_and_the_edit_controls_go(client, plan, dave, alice):
    login(client, dave)
    url = reverse("plan_detail", args=[plan.pk])
    html = client.get(url).content.decode()
    assert 'id="plan-state"' in html and ("Draf — belum ditetapkan" in html)
    assert f'action="{reverse("plan_adopt", args=[plan.pk])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="edits"' in html
    response = client.post(reverse("plan_adopt", args=[plan.pk]), adopt_form(client, plan))
    assert response.status_code == 302 and response["Location"] == url
    assert fresh(plan).is_adopted
    html = client.get(url).content.decode()
    assert "Ditetapkan" in html and DECREE in html and "dave" in html
    assert reverse("plan_adopt", args=[plan.pk]) not in html  # no second adoption

    login(client, alice)
    html = client.get(url).content.decode()
    assert reverse("node_add", args=[plan.pk]) not in html
    node = _node(plan)
    indicator = _indicator(plan)
    for name, pk in (
        ("node_edit", node.pk),
        ("node_delete", node.pk),
        ("node_move", node.pk),
        ("indicator_add", node.pk),
        ("indicator_move", indicator.pk),
        ("indicator_delete", indicator.pk),
    ):
        assert reverse(name, args=[pk]) not in html, name
    # What stays: the capaian settings of each indicator, and the reason.
    assert reverse("indicator_edit", args=[indicator.pk]) in html
    assert "perubahan" in html


def test_the_operator_sees_the_state_but_no_adoption_form(client, plan, alice):
    login(client, alice)
    html = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Draf — belum ditetapkan" in html
    assert reverse("plan_adopt", args=[plan.pk]) not in html


@pytest.mark.parametrize(("person", "status"), [("alice", 403), ("charlie", 403), ("bob", 404)])
def test_refused_people_do_not_adopt(client, plan, cast, person, status):
    login(client, cast[person])
    before = snapshot(plan)
    response = client.post(reverse("plan_adopt", args=[plan.pk]), adopt_form(client, plan))
    assert response.status_code == status
    assert snapshot(plan) == before


def test_the_administrator_adopts(client, plan, erin):
    login(client, erin)
    response = client.post(reverse("plan_adopt", args=[plan.pk]), adopt_form(client, plan))
    assert response.status_code == 302
    assert fresh(plan).adopted_by == erin


def test_adopting_needs_the_csrf_token(plan, dave):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dave)
    before = snapshot(plan)
    response = client.post(reverse("plan_adopt", args=[plan.pk]), adopt_form(client, plan))
    assert response.status_code == 403
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"confirm": ""}, 200, 'name="confirm"'),
        ({"adopted_on": ""}, 200, 'name="adopted_on"'),
        ({"adopted_on": "2099-01-01"}, 200, "2099"),
        ({"decree_number": ""}, 200, 'name="decree_number"'),
        ({"edits": ""}, 200, "muat ulang halaman"),
    ],
)
def test_a_form_that_does_not_hold_adopts_nothing(client, plan, dave, change, status, words):
    login(client, dave)
    before = snapshot(plan)
    data = adopt_form(client, plan) | change
    response = client.post(reverse("plan_adopt", args=[plan.pk]), data)
    assert response.status_code == status
    html = response.content.decode()
    assert words in html and 'role="alert"' in html
    assert snapshot(plan) == before


def test_a_plan_changed_since_the_page_was_opened_is_a_409(client, plan, dave, alice):
    login(client, dave)
    data = adopt_form(client, plan)
    services.move_node(node=_node(plan), offset=1, user=alice)
    before = snapshot(plan)
    response = client.post(reverse("plan_adopt", args=[plan.pk]), data)
    assert response.status_code == 409
    assert "changed after you opened" in response.content.decode() or "diubah" in (
        response.content.decode()
    )
    assert snapshot(plan) == before


def test_the_edit_pages_of_an_adopted_plan(client, plan, alice, dave):
    adopt(plan, dave)
    login(client, alice)
    node, indicator = _node(plan), _indicator(plan)
    plan_url = reverse("plan_detail", args=[plan.pk])
    for url in (
        reverse("node_add", args=[plan.pk]),
        reverse("node_edit", args=[node.pk]),
        reverse("indicator_add", args=[node.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(plan_url), url
    before = snapshot(plan)
    response = client.post(
        reverse("node_edit", args=[node.pk]),
        {
            "level": node.level,
            "name": "Nama baru",
            "number": "",
            "code": "",
            "budget": "",
            "version": node.version,
        },
    )
    assert response.status_code == 409 and DECREE in response.content.decode()
    for name, pk, data in (
        ("node_delete", node.pk, {}),
        ("node_move", node.pk, {"direction": "down"}),
        ("indicator_delete", indicator.pk, {}),
        ("indicator_move", indicator.pk, {"direction": "down"}),
    ):
        response = client.post(reverse(name, args=[pk]), data, follow=True)
        assert DECREE in response.content.decode(), name
    assert snapshot(plan) == before

    # The indicator's page: the capaian settings only, the rest shown as adopted.
    html = client.get(reverse("indicator_edit", args=[indicator.pk])).content.decode()
    assert 'name="polarity"' in html and 'name="aggregation"' in html
    assert 'name="name"' not in html and 'name="target_TW1"' not in html
    assert indicator.name in html
    response = client.post(
        reverse("indicator_edit", args=[indicator.pk]),
        {"polarity": "negative", "aggregation": "last", "version": indicator.version},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.polarity, indicator.aggregation) == ("negative", "last")


def test_the_unit_pages_show_each_plans_state(client, plan, dave, sample_document):
    adopt(plan, dave)
    # Another year's plan, still a draft (a perubahan of 2022 would replace the adopted murni as
    # the current plan: docs/lifecycle.md, Carry-over).
    perubahan = services.import_plan(
        unit=plan.unit, year=2023, version="murni", document=sample_document
    )
    login(client, dave)
    html = client.get(reverse("unit_detail", args=[plan.unit_id])).content.decode()
    assert html.count("plan-adopted") == 1 and html.count("plan-draft") == 1
    assert DECREE in html
    html = client.get(reverse("unit_list")).content.decode()
    assert "plan-adopted" in html and "plan-draft" in html
    html = client.get(reverse("monitoring_overview", args=[plan.unit_id])).content.decode()
    assert f'id="plan-{perubahan.pk}"' in html
    assert html.count("plan-adopted") == 1 and html.count("plan-draft") == 1


# ---------------------------------------------------------------------------------------------
# The reports print the state under their title


@pytest.mark.parametrize("fmt", report_services.available_formats())
@pytest.mark.parametrize("report", sorted(report_services.report_kinds()))
def test_every_report_prints_the_plans_state(plan, dave, report, fmt):
    kind = report_services.report_kinds()[report]
    period = "TW1" if kind.needs_period else None
    draft = report_services.render_plan_report(fresh(plan), report, fmt, period=period)
    text = " ".join(_text_of(fmt, draft.data).split())
    assert DRAFT_LINE in text and "Ditetapkan" not in text
    adopt(plan, dave)
    adopted = report_services.render_plan_report(fresh(plan), report, fmt, period=period)
    text = " ".join(_text_of(fmt, adopted.data).split())
    assert ADOPTED_LINE in text and DRAFT_LINE not in text


def test_the_state_line_is_under_the_title_in_the_workbook(plan, dave):
    from openpyxl import load_workbook

    adopt(plan, dave)
    data = report_services.render_plan_report(fresh(plan), "rencana-aksi", "xlsx").data
    sheet = load_workbook(io.BytesIO(data)).active
    titles = [sheet.cell(row=r, column=1).value for r in range(1, 4)]
    assert titles == ["RENCANA AKSI TAHUN 2022", "KECAMATAN KALIGONDANG", ADOPTED_LINE]


def test_the_kabupaten_workbook_names_each_plans_state(plan, other_plan, dave, kabupaten):
    from openpyxl import load_workbook

    adopt(plan, dave)
    wb = load_workbook(io.BytesIO(report_services.build_kabupaten_workbook(kabupaten, 2022)))
    rows = [[c.value for c in row] for row in wb["Ringkasan"].iter_rows()]
    header = next(r for r in rows if r and r[0] == "No")
    assert header[-1] == "Status Penetapan"
    states = {
        r[1]: r[-1] for r in rows if r and r[1] in ("Kecamatan Kaligondang", "Kecamatan Bukateja")
    }
    assert states == {"Kecamatan Kaligondang": ADOPTED_LINE, "Kecamatan Bukateja": DRAFT_LINE}
    assert wb["Kecamatan Kaligondang"]["A3"].value == ADOPTED_LINE


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])  # as tests/web/test_reports_web.py reads back
def test_an_adopted_plans_rencana_aksi_reads_back_to_the_same_plan(plan, dave, fmt, tmp_path):
    """The state line under the title (a decree of the year before, a number holding years)
    is no unit, no year and no row of the plan to the importer."""
    from renaksi.importers import read_plan
    from renaksi.web.plans.selectors import load_document

    from .test_reports_web import _tree

    adopt(plan, dave, adopted_on=dt.date(2021, 12, 30), decree_number="188.4/Kecamatan/2021")
    path = tmp_path / f"rencana-aksi.{fmt}"
    path.write_bytes(report_services.render_plan_report(fresh(plan), "rencana-aksi", fmt).data)
    again, database = read_plan(path), load_document(fresh(plan)).core
    assert (again.year, again.periods) == (database.year, database.periods)
    assert again.unit.casefold() == database.unit.casefold()
    assert _tree(again) == _tree(database)


def test_a_plan_adopted_by_someone_else_meanwhile_is_a_409_that_says_so(client, plan, dave, erin):
    login(client, dave)
    data = adopt_form(client, plan)
    adopt(plan, erin, decree_number="050/99/2022")
    response = client.post(reverse("plan_adopt", args=[plan.pk]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah ditetapkan" in html and "050/99/2022" in html
    assert fresh(plan).decree_number == "050/99/2022" and fresh(plan).adopted_by == erin
