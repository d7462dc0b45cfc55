"""mapping.py, table-driven: a person's correction read and checked, rules matched, layouts
fingerprinted, and the reading round-tripped through JSON.

Cases marked xfail(strict=True) are behaviour believed wrong today; the reason says what goes wrong.
"""

from __future__ import annotations

import json

import pytest

from renaksi.importers import interpret_grid
from renaksi.importers.mapping import (
    MAX_ROWS,
    MAX_TABLES,
    MAX_TEXT,
    ColumnReading,
    ColumnRole,
    Mapping,
    MappingError,
    Reading,
    TableReading,
    header_fingerprint,
    row_text_key,
)
from renaksi.importers.text import grid_from_text


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


@pytest.mark.parametrize(
    "text, key",
    [
        P("name", "name", id="name"),
        P("name:program", "name:program", id="name-level"),
        P("name:Sub Kegiatan", "name:subkegiatan", id="name-level-spaced"),
        P("name:sub_kegiatan", "name:subkegiatan", id="name-level-underscore"),
        P("name:SUB-KEGIATAN", "name:subkegiatan", id="name-level-hyphen"),
        P("objective", "objective", id="objective"),
        P("indicator", "indicator", id="indicator"),
        P(" Indicator ", "indicator", id="case-and-spacing"),
        P("unit", "unit", id="unit"),
        P("target:TW1", "target:TW1", id="target-quarter"),
        P("target:TW I", "target:TW1", id="target-roman"),
        P("TARGET:tw1", "target:TW1", id="target-case"),
        P("target: Triwulan 2", "target:TW2", id="target-triwulan"),
        P(
            "target:Januari",
            "target:M01",
            id="target-month-name",
        ),
        P("target:2025", "target:2025", id="target-year"),
        P(
            "target:M01",
            "target:M01",
            id="target-month-key",
        ),
        P("annual", "annual", id="annual"),
        P("budget", "budget", id="budget"),
        P("actual", "actual", id="actual-of-the-plan-year"),
        P("actual:TW4", "actual:TW4", id="actual-quarter"),
        P("actual:2024", "actual:2024", id="actual-year"),
        P("code", "code", id="code"),
        P("number", "number", id="number"),
        P("level", "level", id="level"),
        P("note", "note", id="note"),
        P("ignore", "ignore", id="ignore"),
    ],
)
def test_column_role_parse(text, key):
    role = ColumnRole.parse(text)
    assert role.key == key
    assert ColumnRole.parse(role.key) == role


WHERE = "tables[0].columns.3"


@pytest.mark.parametrize(
    "text, message",
    [
        P(None, "a role is a short text", id="none"),
        P(3, "a role is a short text", id="number"),
        P("", "a role is a short text", id="empty"),
        P("   ", "a role is a short text", id="blank"),
        P("x" * 41, "a role is a short text", id="too-long"),
        P("owner", "unknown role 'owner'; known: name, objective", id="unknown-role"),
        P("target", "'target' needs a period, as in 'target:TW1'", id="target-without-period"),
        P("target:", "'target' needs a period", id="target-empty-period"),
        P("target:TW5", "'target' needs a period", id="no-fifth-quarter"),
        P("actual:abc", "'actual' needs a period, as in 'actual:TW1'", id="actual-bad-period"),
        P("name:bidang", "unknown level 'bidang'; known: tujuan, sasaran", id="unknown-level"),
        P("unit:kg", "role 'unit' takes nothing after ':'", id="unit-qualified"),
        P("annual:2025", "role 'annual' takes nothing after ':'", id="annual-qualified"),
        P("ignore:x", "role 'ignore' takes nothing after ':'", id="ignore-qualified"),
    ],
)
def test_column_role_parse_errors(text, message):
    with pytest.raises(MappingError) as error:
        ColumnRole.parse(text, WHERE)
    assert str(error.value).startswith(f"{WHERE}: ")
    assert message in str(error.value)


@pytest.mark.parametrize(
    "data, message",
    [
        P([], "a mapping is a JSON object with 'tables' and 'rows'", id="not-an-object"),
        P({"foo": 1}, "unknown key(s): foo", id="unknown-key"),
        P({"tables": "x"}, "tables: a list of at most 200 tables", id="tables-not-a-list"),
        P(
            {"tables": [{"header": 1}] * (MAX_TABLES + 1)},
            "tables: a list of at most",
            id="tables-max",
        ),
        P(
            {"rows": [{"line": 1, "exclude": True}] * (MAX_ROWS + 1)},
            "rows: a list of at",
            id="rows-max",
        ),
        P(
            {"tables": [1]},
            "tables[0]: an object with 'header' or 'fingerprint'",
            id="table-not-dict",
        ),
        P({"tables": [{"columns": {}}]}, "tables[0]: needs 'header' (a line) or", id="no-header"),
        P(
            {"tables": [{"header": 7, "extra": 1}]},
            "tables[0]: unknown key(s): extra",
            id="table-key",
        ),
        P({"tables": [{"header": 0}]}, "tables[0].header: a line number", id="header-zero"),
        P({"tables": [{"header": True}]}, "tables[0].header: a line number", id="header-bool"),
        P({"tables": [{"header": "7"}]}, "tables[0].header: a line number", id="header-text"),
        P({"tables": [{"header": 10_000_001}]}, "tables[0].header: a line number", id="header-max"),
        P(
            {"tables": [{"fingerprint": ""}]},
            "tables[0].fingerprint: a text of 1 to 500",
            id="fp-empty",
        ),
        P(
            {"tables": [{"fingerprint": "x" * (MAX_TEXT + 1)}]},
            "tables[0].fingerprint: a text of 1 to 500",
            id="fingerprint-too-long",
        ),
        P(
            {"tables": [{"header": 7, "columns": {"a": "name"}}]},
            "tables[0].columns: 'a' is not a column number",
            id="column-not-a-number",
        ),
        P(
            {"tables": [{"header": 7, "columns": {"200": "name"}}]},
            "tables[0].columns: '200' is not a column number",
            id="column-max",
        ),
        P(
            {"tables": [{"header": 7, "columns": {"-1": "name"}}]},
            "tables[0].columns: '-1' is not a column number",
            id="column-negative",
        ),
        P(
            {"tables": [{"header": 7, "columns": {str(c): "note" for c in range(201)}}]},
            "tables[0].columns: an object of at most 200 columns",
            id="too-many-columns",
        ),
        P(
            {"tables": [{"header": 7}, {"header": 8, "columns": {"3": "foo"}}]},
            "tables[1].columns.3: unknown role 'foo'",
            id="role-error-says-where",
        ),
        P({"rows": [1]}, "rows[0]: an object with 'line' or 'text'", id="row-not-dict"),
        P({"rows": [{}]}, "rows[0]: needs 'line' or 'text'", id="row-without-line-or-text"),
        P({"rows": [{"line": 3}]}, "rows[0]: 'level' is one of tujuan, sasaran", id="no-level"),
        P({"rows": [{"line": 3, "level": "bidang"}]}, "rows[0]: 'level' is one of", id="bad-level"),
        P({"rows": [{"line": 3, "level": 5}]}, "rows[0]: 'level' is one of", id="level-not-text"),
        P({"rows": [{"text": "  ", "level": "program"}]}, "rows[0].text: a text of 1", id="blank"),
        P(
            {"rows": [{"text": "x" * (MAX_TEXT + 1), "level": "program"}]},
            "rows[0].text: a text of 1 to 500 characters",
            id="text-too-long",
        ),
        P(
            {"rows": [{"line": 3, "level": "program", "why": 1}]},
            "rows[0]: unknown key(s)",
            id="key",
        ),
        P(
            {"rows": [{"line": 1, "exclude": True}, {"line": 0, "exclude": True}]},
            "rows[1].line: a line number (1 or more)",
            id="line-error-says-where",
        ),
    ],
)
def test_mapping_errors(data, message):
    with pytest.raises(MappingError) as error:
        Mapping.from_dict(data)
    assert str(error.value).startswith(message)


FULL = {
    "tables": [
        {
            "header": 7,
            "columns": {
                "0": "number",
                "1": "name:sasaran",
                "2": "indicator",
                "3": "target:TW1",
                "7": "annual",
                "8": "budget",
                "9": "ignore",
            },
        },
        {"fingerprint": "0123456789abcdef", "columns": {"2": "actual"}},
        {"header": 9, "fingerprint": "f", "columns": {}},
    ],
    "rows": [
        {"line": 12, "level": "program"},
        {"text": "Pelayanan Kesehatan", "level": "program"},
        {"line": 40, "exclude": True},
    ],
}


@pytest.mark.parametrize(
    "data, expected",
    [
        P(FULL, FULL, id="full"),
        P({}, {"tables": [], "rows": []}, id="empty"),
        P({"version": 1, "tables": None, "rows": None}, {"tables": [], "rows": []}, id="nulls"),
        P(
            {"rows": [{"line": 3, "level": "Sub Kegiatan"}]},
            {"tables": [], "rows": [{"line": 3, "level": "subkegiatan"}]},
            id="level-normalised",
        ),
        P(
            {"rows": [{"line": 3, "exclude": True, "level": "program"}]},
            {"tables": [], "rows": [{"line": 3, "exclude": True}]},
            id="exclude-drops-level",
        ),
        P(
            {"tables": [{"header": 7, "columns": {"3": "target:TW I"}}]},
            {"tables": [{"header": 7, "columns": {"3": "target:TW1"}}], "rows": []},
            id="role-normalised",
        ),
        P(
            {"tables": [{"header": 7, "columns": {"3": "target:Januari"}}]},
            {"tables": [{"header": 7, "columns": {"3": "target:M01"}}], "rows": []},
            id="monthly-column",
        ),
    ],
)
def test_mapping_round_trip(data, expected):
    mapping = Mapping.from_dict(data)
    assert mapping.to_dict() == expected
    again = Mapping.from_dict(json.loads(json.dumps(mapping.to_dict())))
    assert again.to_dict() == expected


def test_empty_mapping_is_false():
    assert not Mapping.from_dict({})
    assert Mapping.from_dict({"rows": [{"line": 1, "exclude": True}]})


@pytest.mark.parametrize(
    "header_line, fingerprint, expected",
    [
        P(9, "f", "indicator", id="header-first"),
        P(8, "f", "note", id="fingerprint-without-header"),
        P(None, "f", "note", id="no-header-line"),
        P(8, "g", None, id="fingerprint-of-a-header-entry-ignored"),
    ],
)
def test_columns_for(header_line, fingerprint, expected):
    mapping = Mapping.from_dict(
        {
            "tables": [
                {"fingerprint": "f", "columns": {"1": "note"}},
                {"header": 9, "columns": {"1": "indicator"}},
                {"header": 9, "fingerprint": "g", "columns": {"1": "unit"}},
            ]
        }
    )
    got = mapping.columns_for(header_line, fingerprint)
    assert (got[1].role if got else None) == expected


RULES = Mapping.from_dict(
    {
        "rows": [
            {"text": "Pelayanan  KESEHATAN", "level": "program"},
            {"line": 12, "level": "kegiatan"},
            {"line": 12, "level": "subkegiatan"},
            {"text": "pelayanan kesehatan", "level": "sasaran"},
            {"line": 40, "exclude": True},
        ]
    }
)


@pytest.mark.parametrize(
    "line, cells, expected",
    [
        P(12, ["Pelayanan Kesehatan"], "subkegiatan", id="line-before-text-last-wins"),
        P(13, ["Pelayanan Kesehatan"], "sasaran", id="text-last-wins"),
        P(13, ["", "pelayanan", "kesehatan"], "sasaran", id="cells-joined"),
        P(40, ["x"], "exclude", id="exclude"),
        P(41, ["Lain"], None, id="no-rule"),
        P(
            13,
            ["1.", "Pelayanan Kesehatan"],
            "sasaran",
            id="numbering-ignored",
        ),
    ],
)
def test_row_rule(line, cells, expected):
    rule = RULES.row_rule(line, cells)
    got = None if rule is None else ("exclude" if rule.exclude else rule.level)
    assert got == expected


def test_header_lines():
    mapping = Mapping.from_dict(FULL)
    assert mapping.header_lines() == {7, 9}


def test_row_text_key():
    assert row_text_key("  Pelayanan   KESEHATAN ") == "pelayanan kesehatan"
    assert row_text_key("x" * 600) == "x" * MAX_TEXT


# -- fingerprints --------------------------------------------------------------------------------

BASE = [["NO"], ["URAIAN"], ["TARGET", "2016"], ["Target 2016"]]


@pytest.mark.parametrize(
    "other, same",
    [
        P([["No"], ["Uraian"], ["Target", "2017"], ["target  2017"]], True, id="other-year-case"),
        P([*BASE, [], []], True, id="empty-columns-at-the-end"),
        P([["NO"], ["NAMA"], ["TARGET", "2016"], ["Target 2016"]], False, id="other-caption"),
        P([["URAIAN"], ["NO"], ["TARGET", "2016"], ["Target 2016"]], False, id="other-order"),
        P([[], *BASE], False, id="shifted"),
        P([["NO"], ["URAIAN"], ["TARGET"], ["Target 2016"]], False, id="caption-left-out"),
        P([["NO"], ["URAIAN"], ["TARGET", "12016"], ["Target 2016"]], False, id="no-year"),
    ],
)
def test_header_fingerprint(other, same):
    assert (header_fingerprint(other) == header_fingerprint(BASE)) is same
    assert len(header_fingerprint(other)) == 16


# -- the reading ---------------------------------------------------------------------------------

READING = Reading(
    tables=[
        TableReading(
            header_lines=[5, 6],
            fingerprint="abcd",
            columns=[
                ColumnReading(0, "NO", "number"),
                ColumnReading(1, "URAIAN / X", None, "content"),
                ColumnReading(2, "TW I", "target:TW1", "mapping"),
            ],
            body_lines=[7, 8, 9],
            ref="page 2",
        ),
        TableReading(header_lines=[], fingerprint="", columns=[]),
    ],
    levels={7: "program", 9: "kegiatan"},
    excluded={12, 10},
    ignored={20: "signature", 21: "particulars"},
)


@pytest.mark.parametrize(
    "reading",
    [P(READING, id="full"), P(Reading(), id="empty")],
)
def test_reading_round_trip(reading):
    data = json.loads(json.dumps(reading.to_dict()))
    assert Reading.from_dict(data) == reading
    assert Reading.from_dict(data).to_dict() == reading.to_dict()


@pytest.mark.parametrize(
    "line, fingerprint",
    [
        P(5, "abcd", id="header-line"),
        P(8, "abcd", id="body-line"),
        P(11, None, id="no-table"),
    ],
)
def test_table_at(line, fingerprint):
    table = READING.table_at(line)
    assert (table.fingerprint if table else None) == fingerprint


def test_header_line_is_the_lowest():
    assert READING.tables[0].header_line == 6
    assert READING.tables[1].header_line is None


# -- a mapping applied ---------------------------------------------------------------------------


def tree(text: str, mapping: Mapping | None) -> list[tuple[str, str]]:
    plan = interpret_grid(grid_from_text(text), mapping=mapping, validate=False).plan
    return [(n.level, n.name) for top in plan.nodes for n, _parent in top.walk()]


@pytest.mark.parametrize(
    "head, rows",
    [
        P(
            ["URAIAN", "INDIKATOR KINERJA", "TW I", "TW II", "KET"],
            [
                ["Program Penunjang Urusan Pemerintahan Daerah", "Persentase", "25", "50", "a"],
                ["Kegiatan Perencanaan dan Evaluasi Kinerja", "Jumlah dokumen", "1", "2", "b"],
            ],
            id="one-level-per-row",
        ),
        P(
            ["PROGRAM/KEGIATAN/SUB KEGIATAN", "INDIKATOR KINERJA", "TW I", "TW II", "KET"],
            [
                ["Program Penunjang Urusan Pemerintahan Daerah", "Persentase", "25", "50", "a"],
                ["Kegiatan Perencanaan dan Evaluasi Kinerja", "Jumlah dokumen", "1", "2", "b"],
                ["Sub Kegiatan Penyusunan Dokumen Perencanaan", "Jumlah", "1", "2", "c"],
            ],
            id="block-of-several-levels",
        ),
    ],
)
def test_mapping_restating_a_role_changes_nothing(head, rows):
    text = "\n".join("\t".join(r) for r in [head, *rows])
    mapping = Mapping.from_dict({"tables": [{"header": 1, "columns": {"4": "note"}}]})
    assert tree(text, mapping) == tree(text, None)
