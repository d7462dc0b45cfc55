"""The sample read through layout variants gives the same plan.

Each variant (tests/importers/variants.py) changes how the sample is laid out, never what it means:
cells drift, page headers repeat or disappear, pages break inside a TW I–IV block, numbering and
period labels are written differently, label and value share a cell or not, whitespace, line
endings and encodings vary. For each, the recovered tree (levels, names, numbers, indicators with
their result statements and targets, in document order) must be the tree of the sample itself, and
the sample's conflicting TW III target (line 13) must still be reported on the line that holds it.

A variant the interpreter does not read yet is kept here, marked xfail(strict=True) with what goes
wrong, so that the fix turns it into a failure to remove the mark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from renaksi.core.plan import Plan
from renaksi.importers import read_plan, read_plan_text

from . import variants as v

SAMPLE_PATH = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")

# Line 13 of the sample gives TW III = 70% for the tujuan's indicator, which line 11 gave as 50%.
CONFLICT_LINE = 13
CONFLICT_ROW_TEXT = "Meningkatnya kualitas Pelayanan Kecamatan"


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[str], str | bytes]
    keeps_lines: bool = True  # line n of the variant is line n of the sample
    renumbers: bool = False  # numbering written differently: node numbers may differ
    tree_xfail: str | None = None  # why the tree differs today
    conflict_xfail: str | None = None  # why the line-13 conflict is not reported today
    read_xfail: str | None = None  # why the variant cannot be read at all today


CASES: list[Case] = [
    Case("identity", lambda t: t),
    # Drift: all cells of chosen data rows shifted.
    Case("drift-right-1-all-rows", lambda t: v.shift_cells(t, 1)),
    Case("drift-right-1-name-rows", lambda t: v.shift_cells(t, 1, v.name_rows)),
    Case("drift-right-1-continuation-rows", lambda t: v.shift_cells(t, 1, v.continuation_rows)),
    Case("drift-right-1-every-3rd-row", lambda t: v.shift_cells(t, 1, v.every_nth(3))),
    Case("drift-left-1-continuation-rows", lambda t: v.shift_cells(t, -1, v.continuation_rows)),
    Case("drift-left-1-every-3rd-row", lambda t: v.shift_cells(t, -1, v.every_nth(3))),
    Case(
        "drift-right-3-name-rows",
        lambda t: v.shift_cells(t, 3, v.name_rows),
        tree_xfail=(
            "name rows shifted three columns while their TW II-IV rows stay put: the pairs of "
            "line 10 are matched by distance to the shifted TW I labels, and the tujuan of line 9 "
            "takes the sasaran's TW II 50"
        ),
    ),
    Case(
        "drift-left-1-name-rows",
        lambda t: v.shift_cells(t, -1, v.name_rows),
    ),
    Case(
        "drift-left-1-all-rows",
        lambda t: v.shift_cells(t, -1),
    ),
    Case(
        "drift-right-2-all-rows",
        lambda t: v.shift_cells(t, 2),
    ),
    Case(
        "drift-right-2-continuation-rows",
        lambda t: v.shift_cells(t, 2, v.continuation_rows),
    ),
    # Page headers.
    Case("repeated-headers-removed", v.drop_repeated_headers, keeps_lines=False),
    *(
        Case(f"header-repeated-every-{n}-rows", lambda t, n=n: v.repeat_header(t, n), False)
        for n in (1, 3, 4, 7, 10)
    ),
    Case(
        "headers-removed-then-drift-right-1",
        v.compose(v.drop_repeated_headers, lambda t: v.shift_cells(t, 1)),
        keeps_lines=False,
    ),
    # Numbering.
    *(
        Case(f"numbering-{style}", lambda t, s=style: v.renumber(t, s), renumbers=True)
        for style in v.NUMBERING_STYLES
    ),
    # Period labels and their values.
    Case("label-value-merged", v.merge_label_value),
    Case("label-value-split", v.split_label_value),
    *(
        Case(f"period-{style}", lambda t, s=style: v.period_style(t, s))
        for style in v.PERIOD_STYLES
    ),
    Case(
        "label-value-merged-triwulan",
        v.compose(v.merge_label_value, lambda t: v.period_style(t, "triwulan")),
    ),
    Case(
        "label-value-split-tw-arabic",
        v.compose(v.split_label_value, lambda t: v.period_style(t, "tw-arabic")),
    ),
    # Whitespace and line endings.
    Case("cells-padded", v.pad_cells),
    Case("trailing-whitespace", v.trailing_whitespace),
    Case("leading-whitespace", v.leading_whitespace),
    Case("non-breaking-spaces", v.nbsp),
    Case("crlf", v.crlf),
    Case("final-newline", v.final_newline),
    Case(
        "crlf-padded-nbsp-trailing",
        v.compose(v.nbsp, v.pad_cells, v.trailing_whitespace, v.crlf),
    ),
    # Encodings (read from a .txt file).
    Case("windows-1252", v.compose(v.nbsp, v.crlf, v.cp1252)),
    Case("utf-8-bom", v.utf8_bom),
    Case("utf-16-excel-unicode-text", v.utf16),
]

# A page break (blank line + copy of the header band) inside every indicator's TW I–IV block,
# before its TW II, TW III or TW IV row: one variant per block and position.
PAGE_BREAKS = [
    Case(f"page-break-before-line-{line}", lambda t, n=line: v.page_break(t, n), False)
    for position in (2, 3, 4)
    for line in v.target_block_breaks(SAMPLE, position)
]


def _params(cases: list[Case], xfail_of: Callable[[Case], str | None]):
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=reason)]
            if (reason := case.read_xfail or xfail_of(case))
            else [],
        )
        for case in cases
    ]


_READ: dict[str, tuple[Plan, str]] = {}


def read_variant(case: Case, tmp_path: Path) -> tuple[Plan, str]:
    """The plan read from the variant, and the variant as text (for finding lines again).

    Read once per variant: three tests look at the same plan."""
    if case.id not in _READ:
        made = case.make(SAMPLE)
        if isinstance(made, bytes):
            path = tmp_path / "rencana-aksi.txt"
            path.write_bytes(made)
            _READ[case.id] = read_plan(path), _decode(made)
        else:
            _READ[case.id] = read_plan_text(made, "variant.txt"), made
    return _READ[case.id]


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def projection(plan: Plan, numbers: bool = True) -> list[tuple]:
    """What must not change: each node in document order with its depth, level, name, number;
    each indicator with its result statement, name and targets."""
    out = []

    def visit(node, depth: int) -> None:
        out.append(
            (
                depth,
                node.level,
                node.name,
                node.number if numbers else None,
                [(i.objective, i.name, i.targets) for i in node.indicators],
            )
        )
        for child in node.children:
            visit(child, depth + 1)

    for node in plan.nodes:
        visit(node, 0)
    return out


@pytest.fixture(scope="module")
def original() -> Plan:
    return read_plan_text(SAMPLE, SAMPLE_PATH.name)


def test_the_sample_is_what_the_variants_start_from(original: Plan) -> None:
    counts = [original.count(level) for level in ("program", "kegiatan", "subkegiatan")]
    assert counts == [6, 12, 25]
    assert sum(1 for _ in original.indicators()) == 51
    assert original.periods == ["TW1", "TW2", "TW3", "TW4"]


@pytest.mark.parametrize("case", _params(CASES + PAGE_BREAKS, lambda c: c.tree_xfail))
def test_variant_gives_the_same_tree(case: Case, original: Plan, tmp_path: Path) -> None:
    plan, _text = read_variant(case, tmp_path)
    assert plan.periods == original.periods
    assert (plan.unit, plan.year) == (original.unit, original.year)
    got = projection(plan, numbers=not case.renumbers)
    want = projection(original, numbers=not case.renumbers)
    # Compare node by node first: a failure then names the first node that differs.
    for index, (g, w) in enumerate(zip(got, want, strict=False)):
        assert g == w, f"node {index} differs"
    assert len(got) == len(want)


@pytest.mark.parametrize("case", _params(CASES + PAGE_BREAKS, lambda c: c.conflict_xfail))
def test_variant_reports_the_conflicting_target(case: Case, tmp_path: Path) -> None:
    plan, text = read_variant(case, tmp_path)
    lines = text.replace("\u00a0", " ").replace("\r\n", "\n").split("\n")
    holding = [n for n, line in enumerate(lines, start=1) if CONFLICT_ROW_TEXT in line]
    assert len(holding) == 1
    if case.keeps_lines:
        assert holding == [CONFLICT_LINE]
    conflicts = [f.line for f in plan.findings if f.code == "conflicting-target"]
    assert holding[0] in conflicts


@pytest.mark.parametrize("case", _params(CASES + PAGE_BREAKS, lambda c: None))
def test_variant_findings_point_into_the_document(case: Case, tmp_path: Path) -> None:
    plan, text = read_variant(case, tmp_path)
    n_lines = len(text.replace("\r\n", "\n").split("\n"))
    for finding in plan.findings:
        assert finding.line is None or 1 <= finding.line <= n_lines, finding


# -- the variants themselves: they change layout, not content --------------------------------


@pytest.mark.parametrize(
    "case", [c for c in CASES + PAGE_BREAKS if c.id != "identity"], ids=lambda c: c.id
)
def test_variant_changes_the_text(case: Case) -> None:
    """No variant is a silent no-op (a pattern that no longer matches the sample)."""
    made = case.make(SAMPLE)
    assert made != SAMPLE and made != SAMPLE.encode("utf-8")


def _cells(text: str) -> list[str]:
    """Every non-empty cell, whitespace collapsed, in reading order."""
    return [" ".join(c.split()) for row in v.split_rows(text) for c in row if c.strip()]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda t: v.shift_cells(t, 2), id="shift"),
        pytest.param(lambda t: v.shift_cells(t, -1), id="shift-left"),
        pytest.param(v.pad_cells, id="pad"),
        pytest.param(v.trailing_whitespace, id="trailing"),
        pytest.param(v.leading_whitespace, id="leading"),
    ],
)
def test_layout_variants_keep_every_cell(make) -> None:
    assert _cells(make(SAMPLE)) == _cells(SAMPLE)


def test_header_variants_only_add_or_remove_header_bands() -> None:
    header_rows = {
        tuple(row) for s, e in v.header_bands(SAMPLE) for row in v.split_rows(SAMPLE)[s:e]
    }

    def data(text: str) -> list[list[str]]:
        rows = v.split_rows(text)
        return [rows[n - 1] for n in v.data_lines(text)]

    for text in (v.drop_repeated_headers(SAMPLE), v.repeat_header(SAMPLE, 4)):
        assert data(text) == data(SAMPLE)
        assert {tuple(r) for s, e in v.header_bands(text) for r in v.split_rows(text)[s:e]} <= (
            header_rows
        )
    assert len(v.header_bands(v.drop_repeated_headers(SAMPLE))) == 3
    broken = v.page_break(SAMPLE, 22)
    assert len(v.split_rows(broken)) == len(v.split_rows(SAMPLE)) + 4


def test_label_value_variants_are_inverse() -> None:
    merged = v.merge_label_value(SAMPLE)
    assert "TW III 75%" in merged
    assert v.merge_label_value(v.split_label_value(merged)) == merged
    assert "\tTW I 25%" not in v.split_label_value(SAMPLE)


def test_renumbering_keeps_the_numbers() -> None:
    assert "\tB. Evaluasi Kinerja Perangkat Daerah" in v.renumber(SAMPLE, "upper")
    assert "\t2) Evaluasi Kinerja Perangkat Daerah" in v.renumber(SAMPLE, "paren")
    assert "A) Program Penunjang" not in v.renumber(SAMPLE, "paren")
    assert "1) Program Penunjang Urusan Pemerintah Daerah Kabupaten/ Kota" in v.renumber(
        SAMPLE, "paren"
    )
    assert v.renumber(v.renumber(SAMPLE, "lower"), "space").count("\t3.\t") == 1  # "3." alone
