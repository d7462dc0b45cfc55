"""A person's correction of a reading, and the layout templates kept from one. Pure: no database.

The preview's correction form says, for the rows and tables it showed, which rows are a table's
header row, which are left out, each row's level and each column's role. ``apply_correction``
turns that into the importer's correction (``importers.Mapping``), starting from the one the
reading was made with:

- a row ticked as a header row marks that line, and every row with the same text (a header
  repeated on each page), as a table's header row; unticking a row the person marked unmarks them;
- a column role applies to every table of the same layout (the same header fingerprint): the
  tables the importer found by their fingerprint, the header rows the person marked by their line;
  "" gives the column back to the importer;
- a row's level or exclusion is a rule on that row's line; "" gives the row back to the importer
  (and drops a template's rule on rows of that text).

Only what the form changed is recorded: a value equal to what the reading shows is no correction.

When an import a person corrected is confirmed, ``templates_from`` keeps each corrected layout as a
template: its column roles under the table's fingerprint, the header row the person marked by its
text, the row rules by the rows' text. ``mapping_from_templates`` applies the templates that fit a
new document: a table with a template's fingerprint, or a row with its header row's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...core.plan import LEVELS
from ...importers import Mapping, MappingError, Reading
from ...importers.grid import Grid, Row
from ...importers.mapping import MAX_TEXT, ColumnRole, RowRule, TableMapping, row_text_key

# A header row marked once is also marked on at most this many rows with the same text.
MAX_REPEATED_HEADERS = 100


def row_text(row: Row) -> str:
    """A row's text as row rules name it: its non-empty cells joined by spaces."""
    return " ".join(c for c in row.cells if c)


def row_key(row: Row) -> str:
    return row_text_key(row_text(row))


@dataclass
class Correction:
    """What the preview's form posted, for the rows and tables it showed."""

    rows: list[int] = field(default_factory=list)  # the grid lines shown
    headers: set[int] = field(default_factory=set)  # of those, ticked as a table's header row
    excluded: set[int] = field(default_factory=set)  # of those, ticked as not part of the plan
    levels: dict[int, str] = field(default_factory=dict)  # line → level chosen, "" automatic
    tables: list[int] = field(default_factory=list)  # header lines of the tables shown
    roles: dict[tuple[int, int], str] = field(default_factory=dict)  # (header, col) → role, ""


def copy_mapping(mapping: Mapping) -> Mapping:
    return Mapping.from_dict(mapping.to_dict())


def shown_level(mapping: Mapping, reading: Reading, row: Row) -> str:
    """The level a row's select shows: a rule's, else the level the reading gave it, else ""."""
    rule = mapping.row_rule(row.line, row.cells)
    if rule is not None:
        return "" if rule.exclude else (rule.level or "")
    return reading.levels.get(row.line, "")


def apply_correction(
    mapping: Mapping, reading: Reading, grid: Grid, correction: Correction
) -> Mapping:
    """The correction the form asks for, made on ``mapping`` (which it leaves unchanged).

    Raises MappingError when a posted role or level is not one (a form tampered with), or when
    the result breaks a Mapping's limits.
    """
    new = copy_mapping(mapping)
    by_line = {row.line: row for row in grid.rows}
    shown = [by_line[line] for line in dict.fromkeys(correction.rows) if line in by_line]
    _mark_headers(new, reading, grid, shown, correction.headers)
    _set_roles(new, reading, correction)
    _set_rows(new, reading, shown, correction)
    # The limits and the form of every part, as a mapping file's are checked.
    return Mapping.from_dict(new.to_dict())


def _mark_headers(
    new: Mapping, reading: Reading, grid: Grid, shown: list[Row], ticked: set[int]
) -> None:
    read_as_header = {t.header_line for t in reading.tables}
    marked = new.header_lines()
    for row in shown:
        if row.is_blank():
            continue
        if row.line in ticked and row.line not in read_as_header and row.line not in marked:
            # The same header repeated (on each page), where the importer did not read one.
            key = row_key(row)
            same = [
                r.line
                for r in grid.rows
                if r.line not in read_as_header and not r.is_blank() and row_key(r) == key
            ]
            for line in [row.line, *same][: MAX_REPEATED_HEADERS + 1]:
                if line not in marked:
                    new.tables.append(TableMapping(header=line))
                    marked.add(line)
        elif row.line not in ticked and row.line in marked:
            key = row_key(row)
            same = {r.line for r in grid.rows if row_key(r) == key} | {row.line}
            new.tables = [t for t in new.tables if t.header is None or t.header not in same]
            marked -= same


def _set_roles(new: Mapping, reading: Reading, correction: Correction) -> None:
    tables = {t.header_line: t for t in reading.tables if t.header_line is not None}
    for header in dict.fromkeys(correction.tables):
        table = tables.get(header)
        if table is None:
            continue
        changes: dict[int, ColumnRole | None] = {}
        for column in table.columns:
            posted = correction.roles.get((header, column.col))
            if posted is None or posted == (column.role or ""):
                continue
            where = f"line {header}, column {column.col + 1}"
            changes[column.col] = ColumnRole.parse(posted, where) if posted else None
        if not changes:
            continue
        # Every table of this layout: by its fingerprint, and the header rows marked by line.
        same_layout = {
            t.header_line for t in reading.tables if t.fingerprint == table.fingerprint
        } | {header}
        targets = [t for t in new.tables if t.header is not None and t.header in same_layout]
        by_fingerprint = next(
            (t for t in new.tables if t.header is None and t.fingerprint == table.fingerprint),
            None,
        )
        if by_fingerprint is None:
            by_fingerprint = TableMapping(fingerprint=table.fingerprint)
            new.tables.append(by_fingerprint)
        targets.append(by_fingerprint)
        for target in targets:
            for col, role in changes.items():
                if role is None:
                    target.columns.pop(col, None)
                else:
                    target.columns[col] = role
        new.tables = [t for t in new.tables if t.header is not None or t.columns]


def _set_rows(new: Mapping, reading: Reading, shown: list[Row], correction: Correction) -> None:
    for row in shown:
        if row.is_blank():
            continue
        line = row.line
        excluded_now = line in reading.excluded
        wants_out = line in correction.excluded
        level = correction.levels.get(line)
        if level and level not in LEVELS:
            raise MappingError(f"line {line}: unknown level '{level}'")
        if wants_out == excluded_now and (
            wants_out or level is None or level == shown_level(new, reading, row)
        ):
            continue  # nothing changed on this row
        # This row's own rule is replaced.
        new.rows = [r for r in new.rows if r.line != line]
        if wants_out:
            new.rows.append(RowRule(line=line, exclude=True))
            continue
        if excluded_now or not level:
            # Back to the importer: a template's rule for rows of this text goes too.
            key = row_key(row)
            new.rows = [r for r in new.rows if r.line is not None or not r.matches(line, key)]
        if level:
            new.rows.append(RowRule(line=line, level=level))


# ---------------------------------------------------------------------------------------------
# Layout templates


@dataclass
class TemplateDraft:
    """A template to keep: one corrected table layout."""

    fingerprint: str
    header_text: str = ""
    columns: dict[int, ColumnRole] = field(default_factory=dict)
    rows: list[RowRule] = field(default_factory=list)

    def mapping(self) -> dict[str, Any]:
        tables = []
        if self.columns:
            tables.append(TableMapping(fingerprint=self.fingerprint, columns=self.columns))
        return Mapping(tables=tables, rows=self.rows).to_dict()


def templates_from(mapping: Mapping, reading: Reading, grid: Grid) -> list[TemplateDraft]:
    """The corrected layouts of a confirmed import, as templates (line rules become text rules)."""
    if not mapping or not reading.tables:
        return []
    by_line = {row.line: row for row in grid.rows}
    first_with_key: dict[str, int] = {}
    for row in grid.rows:
        if not row.is_blank():
            first_with_key.setdefault(row_key(row), row.line)
    marked = mapping.header_lines()
    spans = [(_span(t), t) for t in reading.tables]
    drafts: dict[str, TemplateDraft] = {}

    def draft_for(fingerprint: str) -> TemplateDraft:
        return drafts.setdefault(fingerprint, TemplateDraft(fingerprint=fingerprint))

    for table in reading.tables:
        columns = mapping.columns_for(table.header_line, table.fingerprint)
        header_marked = table.header_line in marked and table.header_line in by_line
        if not columns and not header_marked:
            continue
        draft = draft_for(table.fingerprint)
        for col, role in columns.items():
            draft.columns.setdefault(col, role)
        if header_marked and not draft.header_text:
            draft.header_text = _rule_text(by_line[table.header_line])
    for rule in mapping.rows:
        if rule.line is not None:
            row = by_line.get(rule.line)
            if row is None or row.is_blank():
                continue
            line, text = rule.line, _rule_text(row)
        else:
            line, text = first_with_key.get(row_text_key(rule.text or "")), rule.text
        table = _table_around(spans, line) if line is not None else reading.tables[0]
        draft = draft_for(table.fingerprint)
        kept = RowRule(text=text, level=rule.level, exclude=rule.exclude)
        if all(
            (row_text_key(r.text or ""), r.level, r.exclude)
            != (row_text_key(text or ""), rule.level, rule.exclude)
            for r in draft.rows
        ):
            draft.rows.append(kept)
    return list(drafts.values())


def _rule_text(row: Row) -> str:
    return row_text(row)[:MAX_TEXT]


def _span(table) -> tuple[int, int]:
    lines = [*table.header_lines, *table.body_lines]
    return min(lines), max(lines)


def _table_around(spans, line: int):
    """The table whose lines enclose ``line``, else the nearest one above it, else the first."""
    above = None
    for (first, last), table in spans:
        if first <= line <= last:
            return table
        if first <= line:
            above = table
    return above or spans[0][1]


@dataclass(frozen=True)
class TemplateRef:
    """What matching needs of a stored template (``models.LayoutTemplate``)."""

    pk: int
    fingerprint: str
    header_text: str
    mapping: dict


def mapping_from_templates(
    templates: Sequence[TemplateRef], fingerprints: Iterable[str], grid: Grid
) -> tuple[Mapping, list[int]]:
    """The correction the templates that fit this document make, and which ones they are.

    A template fits when one of the document's tables (as first read: ``fingerprints``) has its
    fingerprint, or when a row of the document has the text of the header row it marked.
    ``templates`` come in order of precedence (the unit's own, newest first, then the
    kabupaten's): the first one for a layout wins. A template that is not a valid mapping (edited
    badly in the admin) is passed over.
    """
    found = set(fingerprints)
    keys: dict[str, list[int]] = {}
    for row in grid.rows:
        if not row.is_blank():
            keys.setdefault(row_key(row), []).append(row.line)
    mapping = Mapping()
    used: list[int] = []
    taken: set[str] = set()
    for template in templates:
        header_key = row_text_key(template.header_text) if template.header_text else ""
        fits = template.fingerprint in found or (header_key and header_key in keys)
        if not fits or template.fingerprint in taken:
            continue
        try:
            kept = Mapping.from_dict(template.mapping)
        except MappingError:
            continue
        taken.add(template.fingerprint)
        used.append(template.pk)
        columns = kept.columns_for(None, template.fingerprint)
        if columns:
            mapping.tables.append(
                TableMapping(fingerprint=template.fingerprint, columns=dict(columns))
            )
        marked = mapping.header_lines()
        for line in keys.get(header_key, [])[: MAX_REPEATED_HEADERS + 1] if header_key else []:
            if line not in marked:
                mapping.tables.append(TableMapping(header=line, columns=dict(columns)))
        mapping.rows.extend(r for r in kept.rows if r.line is None)
    return mapping, used
