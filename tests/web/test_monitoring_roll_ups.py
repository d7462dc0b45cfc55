"""The quarter's sheet shows each sasaran, program, kegiatan and sub kegiatan with the roll-up of
the indicators in it and below it: capaian, category, "measured/total"; "—" when nothing below is
measurable (never 0), nothing at all for a node without indicators."""

from __future__ import annotations

import re
from collections import defaultdict

from django.urls import reverse

from renaksi.core import achievement as engine
from renaksi.web.monitoring import selectors, services
from renaksi.web.plans import services as plan_services
from renaksi.web.plans.models import Indicator, Node

from .conftest import login


def sheet(client, plan, period="TW1") -> str:
    response = client.get(reverse("monitoring_sheet", args=[plan.pk, period]))
    assert response.status_code == 200
    return response.content.decode()


def node_roll_up(html: str, pk: int) -> dict[str, str] | None:
    """(capaian, category, measured/total) shown in a node's heading, None when it shows none."""
    match = re.search(rf'<tr[^>]* id="node-{pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row node-{pk}"
    found = re.search(r'<span class="node-roll-up"(.*?)</span></span>', match.group(1), re.S)
    if not found:
        return None
    text = found.group(1)
    category = re.search(r'<span class="category[^"]*">(.*?)</span>', text)
    return {
        "capaian": re.search(r'<span class="value">(.*?)</span>', text).group(1).strip(),
        "category": category.group(1) if category else "",
        "measured": re.search(r'<span class="measured">(.*?)$', text, re.S).group(1).strip(),
    }


def enter(plan, user, values: dict[str, object], period="TW1") -> None:
    for name, value in values.items():
        ind = Indicator.objects.filter(node__plan=plan, name__startswith=name).order_by("id")[0]
        services.save_realisation(
            indicator=ind, period=period, value=value, expected_version=None, user=user
        )


def test_every_node_shows_the_roll_up_of_the_indicators_below_it(client, alice, plan):
    enter(
        plan,
        alice,
        {
            "Presentase Ketersediaan Laporan": 20,  # target 25 → 80 %
            "Nilai MCP Korsupgah": 22.5,  # 25 → 90 %
            "Hasil Pengukuran Indeks Kepuasan": 27.3,  # 30 → 91 %
        },
    )
    heavy = Indicator.objects.filter(
        node__plan=plan, name__startswith="Nilai MCP Korsupgah"
    ).order_by("id")[0]
    plan_services.update_indicator(indicator=heavy, name=heavy.name, weight="3")
    login(client, alice)
    client.cookies["django_language"] = "en"
    html = sheet(client, plan)

    # What the page shows is the engine's roll-up over each subtree, walked naively here.
    nodes = list(Node.objects.filter(plan=plan))
    children = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)
    rows = defaultdict(list)
    for r in selectors.quarter_sheet(plan, "TW1").rows:
        rows[r.indicator.node_id].append((r.achievement, float(r.indicator.weight)))

    def below(node):
        return rows[node.pk] + [item for c in children[node.pk] for item in below(c)]

    shown = measured_nodes = 0
    for node in nodes:
        items = below(node)
        got = node_roll_up(html, node.pk)
        if not items:
            assert got is None, node.name
            continue
        expected = engine.roll_up(items)
        assert got is not None, node.name
        assert got["measured"] == f"{expected.measured}/{expected.total} measured"
        if expected.value is None:
            assert got == {
                "capaian": "—",
                "category": "",
                "measured": f"0/{expected.total} measured",
            }
        else:
            measured_nodes += 1
            value = f"{round(expected.value, 2):.2f}".rstrip("0").rstrip(".").replace(".", ",")
            assert got["capaian"] == f"{value} %", node.name
            assert got["category"] == expected.category.label
        shown += 1
    assert shown == len(nodes) and measured_nodes >= 3
    # The top sasaran holds every indicator: its roll-up is the plan's, weights included.
    plan_roll_up = engine.roll_up([item for items in rows.values() for item in items])
    top = [n for n in nodes if n.parent_id is None]
    tops = {node_roll_up(html, n.pk)["capaian"] for n in top if below(n)}
    assert plan_roll_up.value is not None
    assert "Capaian of the plan" in html
    # (3 × 90 + 80 + 91) / 5
    assert round(plan_roll_up.value, 2) == 88.2
    assert len(top) > 1 or tops == {"88,2 %"}


def test_a_node_without_indicators_shows_no_roll_up_and_none_is_zero(client, alice, plan):
    program = Node.objects.filter(plan=plan, level="program").order_by("id")[0]
    empty = plan_services.create_node(
        plan=plan, parent=program, level="kegiatan", name="Kegiatan tanpa indikator"
    )
    login(client, alice)
    html = sheet(client, plan)  # no realisasi at all
    assert node_roll_up(html, empty.pk) is None
    got = node_roll_up(html, program.pk)
    total = sum(1 for i in Indicator.objects.filter(node__plan=plan) if _under(i.node, program.pk))
    assert got == {"capaian": "—", "category": "", "measured": f"0/{total} terukur"}
    assert not re.search(r'class="value">0 %', html)


def _under(node: Node, pk: int) -> bool:
    while node is not None:
        if node.pk == pk:
            return True
        node = node.parent
    return False
