"""The correction form's meaning (web/plans/corrections.py), without a database: what a posted form
changes in a mapping, the templates a confirmed correction keeps, and which templates fit a new
document."""

from __future__ import annotations

import pytest

from renaksi.importers import Mapping, MappingError, Reading, UnreadableDocument, interpret_grid
from renaksi.importers.text import grid_from_text
from renaksi.web.plans.corrections import (
    Correction,
    TemplateRef,
    apply_correction,
    mapping_from_templates,
    templates_from,
)

from ..layouts import HEADER, MAPPING, document_2021, document_2022, tsv


def two_pages() -> str:
    """The 2021 document with its header repeated above a second page of rows."""
    lines = document_2021().splitlines()
    return "\n".join([*lines, "", "\t".join(HEADER), *lines[3:5]]) + "\n"


def read(text: str, mapping: Mapping | None = None):
    grid = grid_from_text(text, "x.txt")
    try:
        interpretation = interpret_grid(grid, mapping or None)
    except UnreadableDocument:  # no table: an empty reading
        return grid, Reading()
    return grid, interpretation.reading


def all_lines(grid) -> list[int]:
    return [row.line for row in grid.rows]


def test_marking_a_header_marks_the_same_header_on_every_page():
    grid, reading = read(two_pages())
    new = apply_correction(Mapping(), reading, grid, Correction(rows=[3], headers={3}))
    assert new.header_lines() == {3, 10}
    grid, reading = read(two_pages(), new)
    assert [t.header_lines for t in reading.tables] == [[3], [10]]
    # Unticking it unmarks both.
    new = apply_correction(new, reading, grid, Correction(rows=all_lines(grid), headers=set()))
    assert new.header_lines() == set()


def test_a_column_role_applies_to_every_table_of_the_layout():
    grid, reading = read(
        two_pages(), Mapping.from_dict({"tables": [{"header": 3}, {"header": 10}]})
    )
    fingerprint = reading.tables[0].fingerprint
    assert reading.tables[1].fingerprint == fingerprint
    mapping = Mapping.from_dict({"tables": [{"header": 3}, {"header": 10}]})
    new = apply_correction(
        mapping, reading, grid, Correction(tables=[3], roles={(3, 3): "indicator", (3, 4): "unit"})
    )
    # Only what changed (col 4 was already read as the unit), on both headers and the layout.
    assert new.to_dict()["tables"] == [
        {"header": 3, "columns": {"3": "indicator"}},
        {"header": 10, "columns": {"3": "indicator"}},
        {"fingerprint": fingerprint, "columns": {"3": "indicator"}},
    ]
    grid, reading = read(two_pages(), new)
    assert [t.columns[3].role for t in reading.tables] == ["indicator", "indicator"]
    # "" gives the column back to the importer, everywhere.
    new = apply_correction(new, reading, grid, Correction(tables=[10], roles={(10, 3): ""}))
    assert new.to_dict()["tables"] == [{"header": 3, "columns": {}}, {"header": 10, "columns": {}}]


def test_a_row_rule_replaces_a_templates_rule_and_automatic_drops_it():
    text = document_2021()
    template_rule = {"text": text.splitlines()[5].replace("\t", " "), "level": "program"}
    mapping = Mapping.from_dict({**MAPPING, "rows": [template_rule]})
    grid, reading = read(text, mapping)
    assert reading.levels[6] == "program"
    new = apply_correction(mapping, reading, grid, Correction(rows=[6], levels={6: "kegiatan"}))
    assert [r.to_dict() for r in new.rows] == [template_rule, {"line": 6, "level": "kegiatan"}]
    grid, reading = read(text, new)
    assert reading.levels[6] == "kegiatan"
    new = apply_correction(new, reading, grid, Correction(rows=[6], levels={6: ""}))
    assert new.rows == []


def test_an_unchanged_form_changes_nothing():
    grid, reading = read(document_2021(), Mapping.from_dict(MAPPING))
    levels = {line: reading.levels.get(line, "") for line in all_lines(grid)}
    levels[6] = "kegiatan"
    roles = {(3, c.col): c.role or "" for c in reading.tables[0].columns}
    form = Correction(rows=all_lines(grid), headers={3}, levels=levels, tables=[3], roles=roles)
    assert apply_correction(Mapping.from_dict(MAPPING), reading, grid, form).to_dict() == (
        Mapping.from_dict(MAPPING).to_dict()
    )


def test_rows_left_out_and_taken_back():
    grid, reading = read(document_2021(), Mapping.from_dict(MAPPING))
    new = apply_correction(
        Mapping.from_dict(MAPPING), reading, grid, Correction(rows=[8], excluded={8})
    )
    assert new.rows[-1].to_dict() == {"line": 8, "exclude": True}
    grid, reading = read(document_2021(), new)
    assert 8 in reading.excluded
    new = apply_correction(new, reading, grid, Correction(rows=[8], levels={8: "subkegiatan"}))
    assert new.rows[-1].to_dict() == {"line": 8, "level": "subkegiatan"}


@pytest.mark.parametrize(
    "form",
    [
        Correction(tables=[3], roles={(3, 3): "ukuran"}),
        Correction(rows=[6], levels={6: "desa"}),
    ],
)
def test_a_value_no_form_offers_is_a_mapping_error(form):
    grid, reading = read(document_2021(), Mapping.from_dict(MAPPING))
    with pytest.raises(MappingError):
        apply_correction(Mapping.from_dict(MAPPING), reading, grid, form)


def test_templates_keep_columns_by_fingerprint_header_and_rows_by_text():
    mapping = Mapping.from_dict(
        {**MAPPING, "rows": [*MAPPING["rows"], {"line": 1, "exclude": True}]}
    )
    grid, reading = read(document_2021(), mapping)
    [draft] = templates_from(mapping, reading, grid)
    assert draft.fingerprint == reading.tables[0].fingerprint
    assert draft.header_text == " ".join(HEADER)
    assert draft.mapping()["tables"] == [
        {"fingerprint": draft.fingerprint, "columns": {"3": "indicator"}}
    ]
    # The title row left out (above the table) goes with the table below it.
    assert draft.mapping()["rows"][1] == {
        "text": "RENCANA AKSI KECAMATAN KALIGONDANG TAHUN 2021",
        "exclude": True,
    }


def test_one_template_per_layout():
    mapping = Mapping.from_dict({"tables": [{"header": 3, "columns": {"3": "indicator"}}]})
    grid, reading = read(two_pages(), apply_twice(mapping))
    drafts = templates_from(apply_twice(mapping), reading, grid)
    assert len(drafts) == 1


def apply_twice(mapping: Mapping) -> Mapping:
    data = mapping.to_dict()
    data["tables"].append({"header": 10, "columns": {"3": "indicator"}})
    return Mapping.from_dict(data)


def test_no_correction_no_template():
    grid, reading = read(tsv([["URAIAN", "INDIKATOR", "TARGET"], ["Program A", "Jumlah", "1"]]))
    assert templates_from(Mapping(), reading, grid) == []


HEADER_TEXT = " ".join(HEADER)


def ref(pk, fingerprint="964f30ef692d7ea4", header=HEADER_TEXT, role="indicator"):
    return TemplateRef(
        pk, fingerprint, header, {"tables": [{"fingerprint": fingerprint, "columns": {"3": role}}]}
    )


def test_the_first_template_for_a_layout_wins():
    grid = grid_from_text(document_2022(), "y.txt")
    mapping, used = mapping_from_templates([ref(1), ref(2, role="note")], [], grid)
    assert used == [1]
    assert mapping.to_dict()["tables"] == [
        {"fingerprint": "964f30ef692d7ea4", "columns": {"3": "indicator"}},
        {"header": 3, "columns": {"3": "indicator"}},
    ]


def test_a_template_fits_by_fingerprint_or_by_its_header_text():
    grid = grid_from_text(document_2022(), "y.txt")
    # By the fingerprint of a table as first read, without a header text.
    _mapping, used = mapping_from_templates([ref(1, header="")], ["964f30ef692d7ea4"], grid)
    assert used == [1]
    # Neither: not applied.
    _mapping, used = mapping_from_templates([ref(1, header="NO URAIAN")], ["other"], grid)
    assert used == []
