"""Property: any plan, written as the Rencana Aksi report and read back, is the same plan.

Plans are generated: any shape of tree (a node may hang under any level above its own or under
none, so programs without sasaran and kegiatan straight under a sasaran occur), numbers that are
digits, letters, dotted ("1.2") or missing, names that begin with their level word or not,
several indicators per node, number, decimal and text targets, missing targets. Each is rendered
to .xlsx and .docx, read back with ``read_plan`` and compared field by field.

What the report cannot carry is left out of the generated plans and said here:
- two nodes of one level with the same name (or one name the start of another) are one node to
  the importer, which merges a node met twice; generated names are distinct;
- a node whose own number holds a dot ("1.2") is read under another parent when the start of
  its outline is also the outline of an earlier node of a level above its own (tujuan "1" with
  children sasaran "1.1" and program "1.1": the program's outline "1.1.1" reads as a child of
  the sasaran); such plans are skipped (``_ambiguous``);
- a plan whose nodes all stand at the top (no node has a parent, so no outline number has two
  parts) and where a node numbered "1" (or "A", "I") follows a node of a level above it reads as
  numbering that restarts per level, the second node under the first: skipped (``_ambiguous``);
- a node without a number is printed with its place among its siblings as its number (so that
  every row says where it hangs), and comes back with that number.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from renaksi.core.plan import LEVELS, Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import docx as docx_renderer
from renaksi.reports import rencana_aksi
from renaksi.reports import xlsx as xlsx_renderer

RENDERERS = {"xlsx": xlsx_renderer.render, "docx": docx_renderer.render}
PROPERTY = settings(
    max_examples=int(os.environ.get("RENAKSI_ROUND_TRIP_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
QUARTERS = ["TW1", "TW2", "TW3", "TW4"]

# Words of real names, so that names look like names to the importer (not numbers, not codes).
WORDS = [
    "Penyediaan", "Pelayanan", "Koordinasi", "Pemberdayaan", "Masyarakat", "Desa", "Kantor",
    "Administrasi", "Keuangan", "Perencanaan", "Evaluasi", "Kinerja", "Pembinaan", "Ketertiban",
    "Umum", "Sarana", "Prasarana", "Pemeliharaan", "Barang", "Daerah", "Layanan", "Publik",
    "Fasilitasi", "Penyusunan", "Laporan", "Dokumen", "Kecamatan", "Kelurahan", "Bangunan",
]  # fmt: skip
LEVEL_WORD = {
    "tujuan": "Tujuan",
    "sasaran": "Meningkatnya",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "subkegiatan": "Sub Kegiatan",
}
NUMBERS = st.one_of(
    st.none(),
    st.integers(1, 12).map(str),
    st.sampled_from("ABCDEF"),
    st.tuples(st.integers(1, 9), st.integers(1, 9)).map(lambda t: f"{t[0]}.{t[1]}"),
)
VALUES = st.one_of(
    st.none(),
    st.integers(0, 50_000),
    st.integers(0, 10_000).map(lambda n: n / 100),
    st.sampled_from(["WTP", "Tersedia", "A"]),
)


@st.composite
def indicators(draw, serial: list[int]) -> list[Indicator]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        serial[0] += 1
        targets = {p: draw(VALUES) for p in QUARTERS}
        annual = draw(st.one_of(st.just(targets["TW4"]), VALUES))  # None: not set
        out.append(
            Indicator(
                name=f"Persentase {draw(st.sampled_from(WORDS))} Terukur {serial[0]}",
                objective=draw(
                    st.one_of(st.none(), st.just(f"Tersedianya {draw(st.sampled_from(WORDS))}"))
                ),
                unit=draw(st.sampled_from([None, "%", "Dokumen", "Orang", "Laporan"])),
                annual_target=annual,
                targets=targets,
            )
        )
    return out


@st.composite
def nodes(draw, level: str, depth: int, serial: list[int]) -> Node:
    serial[0] += 1
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
    lead = LEVEL_WORD[level] + " " if draw(st.booleans()) or level == "sasaran" else ""
    node = Node(
        level=level,
        name=f"{lead}{words} Nomor {serial[0]}",
        number=draw(NUMBERS),
        indicators=draw(indicators(serial)),
    )
    rank = LEVELS.index(level)
    if depth < 3 and rank < len(LEVELS) - 1:
        for _ in range(draw(st.integers(0, 2))):
            # A child is usually of the next level; sometimes of one further down.
            below = LEVELS[rank + 1 : rank + 3]
            node.children.append(draw(nodes(draw(st.sampled_from(below)), depth + 1, serial)))
    return node


@st.composite
def plans(draw) -> Plan:
    serial = [0]
    roots = [
        draw(nodes(draw(st.sampled_from(LEVELS[:3])), 0, serial))
        for _ in range(draw(st.integers(1, 4)))
    ]
    plan = Plan(unit="Kecamatan Contoh", year=2025, periods=list(QUARTERS), nodes=roots)
    if not any(i for _n, i in plan.indicators()):
        roots[0].indicators.append(Indicator(name="Indeks Kepuasan Masyarakat", targets={}))
    for _n, indicator in plan.indicators():
        for p in QUARTERS:
            indicator.targets.setdefault(p, None)
    return plan


def _ambiguous(plan: Plan) -> bool:
    """A dotted own number whose outline could also be read under an earlier node (above)."""
    outlines = plan.outlines()
    rows = list(plan.walk())
    if all(parent is None for _node, parent in rows):
        for (a, _), (b, _) in itertools.pairwise(rows):
            first = outlines[id(b)] in {"1", "A", "a", "I", "i"}
            if LEVELS.index(a.level) < LEVELS.index(b.level) and first:
                return True
    seen: dict[str, Node] = {}
    for node, parent in plan.walk():
        outline = outlines[id(node)]
        if node.number and "." in node.number:
            parent_outline = outlines[id(parent)] if parent is not None else ""
            parts = outline.split(".")
            for i in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:i])
                if prefix == parent_outline:
                    break
                other = seen.get(prefix)
                if other is not None and LEVELS.index(other.level) < LEVELS.index(node.level):
                    return True
        seen[outline] = node
    return False


def shape(plan: Plan, numbers: list[str | None]) -> list[tuple]:
    """The plan field by field; a node's number only where ``numbers`` (the original's) has one."""
    return [
        (
            node.level,
            node.number if number is not None else None,
            node.name,
            parent and (parent.level, parent.name),
            [
                (i.objective, i.name, i.unit, i.annual_target, dict(i.targets))
                for i in node.indicators
            ],
        )
        for (node, parent), number in zip(plan.walk(), numbers, strict=False)
    ]


@pytest.mark.parametrize("fmt", RENDERERS)
@PROPERTY
@given(plan=plans())
def test_any_plan_round_trips_through_its_report(tmp_path: Path, fmt: str, plan: Plan) -> None:
    assume(not _ambiguous(plan))
    report = rencana_aksi.build(plan)
    path = tmp_path / f"round-trip.{fmt}"
    path.write_bytes(RENDERERS[fmt](report))
    again = read_plan(path)
    assert (again.unit, again.year, again.periods) == (plan.unit, plan.year, plan.periods)
    numbers = [node.number for node, _ in plan.walk()]
    assert len(list(again.walk())) == len(numbers)
    assert shape(again, numbers) == shape(plan, numbers)
    outlines = plan.outlines()
    assert [n.number for n, _ in again.walk()] == [
        n.number or outlines[id(n)].rsplit(".", 1)[-1] for n, _ in plan.walk()
    ]
