"""The plan store: a document saved and read back is the same plan, in a constant number of queries."""

from __future__ import annotations

import copy

import pytest

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.web.plans import selectors, services
from renaksi.web.plans.models import Plan as StoredPlan

SETTINGS = ("polarity", "aggregation", "target_mode")


def without_findings(document: Plan) -> dict:
    """The plan's JSON without findings and without the indicator settings that the store adds
    (guessed from the wording on import; tested on their own below)."""
    data = document.to_dict()
    data["findings"] = []

    def strip(node):
        for indicator in node["indicators"]:
            for key in SETTINGS:
                indicator.pop(key, None)
        for child in node["children"]:
            strip(child)

    for node in data["nodes"]:
        strip(node)
    return data


def test_settings_guessed_on_import_wait_for_confirmation(plan):
    from renaksi.web.plans.models import Indicator

    konflik = Indicator.objects.get(node__plan=plan, name="Persentase Potensi Konflik")
    assert (konflik.polarity, konflik.aggregation, konflik.to_confirm) == (
        "negative",
        "last",
        ["polarity"],
    )
    jumlah = Indicator.objects.filter(node__plan=plan, name__startswith="Jumlah Dokumen").first()
    assert (jumlah.polarity, jumlah.aggregation, jumlah.to_confirm) == ("positive", "sum", [])
    placed = selectors.check_document(selectors.load_document(plan))
    to_confirm = [p for p in placed if p.finding.code == "setting-to-confirm"]
    assert any(p.indicator == konflik for p in to_confirm)
    services.update_indicator(indicator=konflik, name=konflik.name, unit="%", polarity="negative")
    placed = selectors.check_document(selectors.load_document(plan))
    assert not any(p.indicator == konflik for p in placed if p.finding.code == "setting-to-confirm")


def test_saved_plan_reads_back_the_same(plan, sample_document):
    doc = selectors.load_document(plan)
    assert without_findings(doc.core) == without_findings(sample_document)
    assert plan.import_findings == [f.to_dict() for f in sample_document.findings]


def test_reimport_keeps_the_old_revision(plan, kaligondang, sample_document, alice):
    second = services.import_plan(
        unit=kaligondang, year=2022, version="murni", document=sample_document, user=alice
    )
    plan.refresh_from_db()
    assert (plan.revision, plan.is_current) == (1, False)
    assert (second.revision, second.is_current) == (2, True)
    assert StoredPlan.objects.filter(unit=kaligondang).count() == 2
    assert selectors.load_document(plan).core.count("subkegiatan") == 25


def big_document(indicators: int) -> Plan:
    periods = ["TW1", "TW2", "TW3", "TW4"]
    program = Node(level="program", name="Program Penunjang")
    for k in range(max(1, indicators // 10)):
        kegiatan = Node(level="kegiatan", name=f"Kegiatan {k}")
        for s in range(10):
            sub = Node(level="subkegiatan", name=f"Sub kegiatan {k}.{s}")
            sub.indicators.append(
                Indicator(
                    name=f"Jumlah dokumen {k}.{s}",
                    unit="Dokumen",
                    annual_target=4,
                    targets={"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
                )
            )
            kegiatan.children.append(sub)
        program.children.append(kegiatan)
    return Plan(unit="Dinas Contoh", year=2024, periods=periods, nodes=[program])


@pytest.mark.parametrize("size", [10, 1000])
def test_save_in_bulk_and_load_in_a_constant_number_of_queries(
    kaligondang, django_assert_max_num_queries, django_assert_num_queries, size
):
    document = big_document(size)
    rows = size * 7  # nodes, indicators and four targets per indicator, roughly
    # Bulk inserts: a few statements per cascade level, more only as the database's batch limit
    # splits them (SQLite: 999 variables a statement) — never a statement per row.
    with django_assert_max_num_queries(16 + rows // 100):
        stored = services.import_plan(
            unit=kaligondang, year=2024, version="murni", document=document
        )
    with django_assert_num_queries(3):
        doc = selectors.load_document(stored)
    assert sum(1 for _ in doc.core.indicators()) == size
    assert without_findings(doc.core) == without_findings(copy.deepcopy(document))


def test_findings_are_placed_on_their_rows(plan):
    doc = selectors.load_document(plan)
    placed = selectors.check_document(doc)
    missing = [p for p in placed if p.finding.code == "missing-target"]
    assert missing and all(p.indicator is not None for p in missing)
    assert {p.finding.line for p in missing} >= {9, 84, 157}
