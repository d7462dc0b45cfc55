"""Grid → Plan: recover the cascade a document means, whatever its layout.

The same interpreter serves every format. It works in three steps:

1. **Rows.** Each row is a title line, part of a header band, or a data row. A header band opens
   a table and is read into blocks (one per level: its name, result statement, indicator and
   target columns) by ``header.read_header``.
2. **Levels.** The levels a header claims are checked against the rows below it: names that announce
   their level ("Program …", "Kegiatan …"), names found in the national nomenclature, result
   statements ("Meningkatnya …", the form of sasaran), how many texts a block's rows carry, and the
   table before it. Page headers that repeat and name the wrong level are read as continuations.
3. **Cells.** Data cells are read by what they hold, not only where they sit, because columns
   drift between rows: a row is a sequence of texts, period labels ("TW I") and values ("25%").
   Texts before a period label belong to one block and fill its slots from the right (the
   indicator is the last text before its targets); label/value pairs go to the block whose
   current indicator lacks that period. Wide tables (a column per quarter) are read by column.

Every problem becomes a Finding with the source line. Nothing is invented: a missing quarter stays
empty (the validator reports it); two different values for one quarter are reported, the first kept.
"""

from __future__ import annotations

import re

from ..core.names import (
    is_result_statement,
    level_word,
    looks_truncated,
    misspelt_level_word,
    normalise,
    outline_splits,
    split_label,
)
from ..core.periods import MONTHS, QUARTERS, sort_periods
from ..core.plan import LEVELS, Indicator, Node, Plan, parent_level
from ..core.text import PERSON_IN_CHARGE_LENGTH
from .grid import Grid, Row, UnreadableDocument
from .headers import (
    align_captions,
    is_column_number_row,
    is_header_cell,
    is_header_row,
    read_header,
)
from .layout import Column, Layout, layout_from_roles, layout_roles
from .levels import (
    CODE_DEPTH,
    choose_levels,
    is_code,
    numbers_are_outlines,
    numbers_restart_per_level,
)
from .linking import FINDINGS, Builder, Cursor, all_indicators, short
from .mapping import ColumnReading, Mapping, Reading, TableReading, header_fingerprint
from .prose import not_plan_reason
from .roles import NOT_TEXT_ROLES, infer_roles, refine_with_content, relative_year
from .values import DASHES, Group, Pair, Token, pair_values, row_groups, tokenize

__all__ = ["FINDINGS", "interpret", "interpret_with_reading"]


_TITLE_UNIT = re.compile(
    r"\b(kecamatan|kelurahan|dinas|badan|kantor|sekretariat|inspektorat|satuan\s+polisi|"
    r"rumah\s+sakit|rsud|bagian|puskesmas|perangkat\s+daerah)\b[\s:]*(.*)$",
    re.IGNORECASE,
)


_AFTER_NAME = re.compile(
    r"\s+(adalah|merupakan|yang|sebagai|dengan|untuk|dalam|pada|telah|akan|selaku)\b.*$", re.I
)
_UNIT_FIELD = re.compile(
    r"^\s*(nama\s+)?(opd|skpd|perangkat\s+daerah|unit\s+kerja(\s+mandiri)?|satuan\s+kerja"
    r"(\s+perangkat\s+daerah)?|instansi|unit|lembaga)\s*:\s*(?P<unit>\S.*)$",
    re.IGNORECASE,
)
# A title line names its unit in a few words; a longer line is prose that may mention units.
_TITLE_WORDS = 16
_UP_TO_YEAR = re.compile(r"\b(s\s*[./]\s*d\.?|sampai\s+dengan)\s*(tahun\s*)?$", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"\b(?:tahun|ta\.?|t\.a\.?)\s*((?:19|20)\d\d)\b|\b((?:20)\d\d)\b", re.I)


class Interpreter:
    def __init__(self, grid: Grid, nomenclature=None, mapping: Mapping | None = None):
        self.grid = grid
        self.nomenclature = nomenclature
        self.mapping = mapping or Mapping()
        self.reading = Reading()
        # Levels a person set for rows (line → level), applied where the row names its node.
        self.row_levels: dict[int, str] = {}
        self.b = Builder()
        self.unit: str | None = None
        self.year: int | None = None
        self.layout: Layout | None = None
        self.levels: tuple[str, ...] = ()
        self.cursors: list[Cursor] = []
        self.section: Node | None = None
        self.tables = 0
        self.bands: set[tuple[str, ...]] = set()
        # In a block holding several levels, the latest node of each level (parents of the next).
        self.latest: dict[str, Node] = {}
        # Outline numbering ("1", "1.1", "1.1.2") in such a block: each outline met, and per
        # level the latest node met without a number, with its line (the outlines of its
        # children start afresh).
        self.outline_mode = False
        self.outlines: dict[str, Node] = {}
        self.unnumbered: dict[str, tuple[int, Node]] = {}
        # Blocks with a column saying each row's level ("Tingkat": "Program", "Sub Kegiatan").
        self.level_blocks: set[int] = set()
        # Blocks holding several levels whose names tell them apart by layout: some in bold and
        # some not, or some alone on their row (headings) and some beside indicators.
        self.bold_blocks: set[int] = set()
        self.heading_blocks: set[int] = set()
        self.indent_blocks: dict[int, list[int]] = {}
        # Blocks whose code is split over columns, with their number of code columns.
        self.split_code_blocks: dict[int, int] = {}
        # Blocks of one name column holding several levels told by outline depth: depth → level.
        self.depth_levels: dict[int, dict[int, str]] = {}
        # A sideways cascade whose one indicator column serves every level (see _share_tail),
        # and the block whose node the latest row's indicator went to.
        self.shared_tail = False
        self.tail_owner = 0
        # The Penanggung Jawab given on a node's rows, by id(node) (see _person_in_charge).
        self.node_owners: dict[int, str] = {}
        # A signature block started (place and date, signer): its short lines follow.
        self.signature_open = False
        # The cells of several lines of the rows that have any (see _unstack), by row.
        self.stacked: dict[int, list[str]] = {}
        # The row each node's budget was read from (several budget columns on one row).
        self.budget_lines: dict[int, int] = {}
        # Rows under a table that is not the plan's are left out until the next header.
        self.skipping = False
        # The ref ("table 3", "page 2") of the current table's header.
        self.table_ref: str | None = None
        # Header bands met, to tell a later one that repeats one cut short (see _whole_band).
        self.bands_seen: list[list[Row]] = []
        # A year the title says the document runs up to ("s/d Tahun 2015"), not the plan's.
        self.up_to_year: int | None = None
        # Captions moved over their values' columns, per header (page headers repeat).
        self.caption_moves: dict[tuple[str, ...], dict[int, int]] = {}
        # Where the latest data row stood ("page 3"), to tell a row cut by a page break.
        self.last_ref: str | None = None

    # -- rows --------------------------------------------------------------------------------

    def _rows(self) -> list[Row]:
        """The grid's rows without those a mapping excludes, each cell's lines joined into one
        (the cells of several lines are kept aside: see ``_unstack``); the levels a mapping
        sets, by line."""
        kept = []
        for row in self.grid.rows:
            if any("\n" in cell for cell in row.cells):
                flat = Row(row.line, [join_lines(c) for c in row.cells], row.ref, row.styles)
                self.stacked[id(flat)] = row.cells
                row = flat
            kept.append(row)
        if not self.mapping.rows:
            return kept
        rows, kept = kept, []
        for row in rows:
            rule = None if row.is_blank() else self.mapping.row_rule(row.line, row.cells)
            if rule is not None and rule.exclude:
                self.reading.excluded.add(row.line)
                continue
            if rule is not None and rule.level:
                self.row_levels[row.line] = rule.level
            kept.append(row)
        return kept

    def run(self) -> Plan:
        rows = self._rows()
        forced = self.mapping.header_lines()

        def opens_table(row: Row) -> bool:
            if row.line in forced:
                return True
            return is_header_row(row) and not_plan_reason(row) is None

        # Documents with tables (Word, PDF, HTML) give text outside them as rows without a table
        # ref; after a table, such text is the document's, not the table's (signatures, prose).
        self.has_refs = any(r.ref for r in rows)
        self.after_blank = {rows[k].line for k in range(1, len(rows)) if rows[k - 1].is_blank()}
        i = 0
        title: list[Row] = []
        while i < len(rows):
            row = rows[i]
            if row.is_blank():
                i += 1
                continue
            if opens_table(row):
                if not self.tables and self.layout is None:
                    self.read_title(title)  # the plan's year, before years relative to it
                band = [row]
                j = i + 1
                while j < len(rows) and not rows[j].is_blank() and band[-1].line not in forced:
                    if is_column_number_row(band[-1]) and len(band) > 1:
                        break  # the row of column numbers closes a header: data follows
                    if rows[j].line in forced or (
                        is_header_row(rows[j], band) or is_column_number_row(rows[j])
                    ):
                        band.append(rows[j])
                        j += 1
                    else:
                        break
                # A person's header row also takes the header rows right above it (group rows).
                if row.line in forced:
                    while (
                        title
                        and title[-1].line == band[0].line - 1
                        and len(title[-1].cells) > 1
                        and is_header_row(title[-1], band)
                    ):
                        band.insert(0, title.pop())
                body_end = j
                # The row right under a row of column numbers is data, whatever its words: the
                # numbers closed the header (a name cut at a page break may leave one word on
                # the new page that a caption could also be, "SKPD").
                if is_column_number_row(band[-1]) and body_end < len(rows):
                    body_end += 1
                while body_end < len(rows):
                    nxt = rows[body_end]
                    if not nxt.is_blank() and opens_table(nxt):
                        break
                    body_end += 1
                body = [r for r in rows[j:body_end] if not r.is_blank()]
                token_rows = [tokenize(r) for r in body]
                self.table(band, token_rows, body)
                for body_row, tokens in zip(body, token_rows, strict=True):
                    self.data_row(body_row, tokens)
                i = body_end
                continue
            if self.layout is None:
                title.append(row)
            else:
                self.data_row(row)
            i += 1
        self.read_title(title)
        if not self.b.nodes and not self.tables:
            self._headerless(rows)
        if not self.b.nodes:
            raise UnreadableDocument(
                f"{self.grid.source}: no Rencana Aksi table found (no header row naming "
                "URAIAN/INDIKATOR/TARGET or SASARAN/PROGRAM/KEGIATAN columns with rows below it)"
            )
        return self.finish()

    def _headerless(self, rows: list[Row]) -> None:
        """A document whose table has no header at all: the longest run of rows of three or more
        cells is read with the roles its cells give its columns (roles.infer_roles)."""
        runs: list[list[Row]] = []
        current: list[Row] = []
        for row in rows:
            wide = sum(1 for c in row.cells if c) >= 3 and not_plan_reason(row) is None
            if wide:
                current.append(row)
            elif current and (row.is_blank() or not wide):
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        runs = [run for run in runs if len(run) >= 2]
        if not runs:
            return
        body = max(runs, key=len)
        if sum(1 for cell in body[0].cells if is_header_cell(cell)) >= 2:
            # A header is there but reads as no known layout: a person marks it in the preview
            # (guessing from the cells would read its captions as a row of the plan).
            return
        token_rows = [tokenize(r) for r in body]
        roles = infer_roles(token_rows)
        if not any(role.role == "name" for role in roles.values()):
            return
        width = max(len(r.cells) for r in body)
        base = Layout(line=body[0].line, blocks=[], columns={}, words=[])
        base.columns = {c: Column(col=c, labels=[]) for c in range(width)}
        self.table([], token_rows, body, layout_from_roles(base, roles))
        for body_row, tokens in zip(body, token_rows, strict=True):
            self.data_row(body_row, tokens)

    def read_title(self, rows: list[Row]) -> None:
        """The unit and the plan's year from the lines above the first table.

        A year said to be reached "s.d. Tahun 2015 (tahun berjalan)" is the year a Renja
        evaluation runs up to: the current year, in which the plan for the next year is made.
        """
        up_to: int | None = None
        for row in rows:
            # "Nama Perangkat Daerah : Badan Kepegawaian Daerah": a field naming the unit wins
            # over a sentence that mentions one.
            field = _UNIT_FIELD.match(" ".join(c for c in row.cells if c))
            if field and self.unit is None:
                unit = _AFTER_NAME.sub("", field.group("unit")).strip(" ,.:-")
                self.unit = unit.title() if unit.isupper() else unit
        for row in rows:
            text = " ".join(c for c in row.cells if c)
            if self.year is None:
                for m in _TITLE_YEAR.finditer(text):
                    year = int(m.group(1) or m.group(2))
                    if _UP_TO_YEAR.search(text[: m.start()][-25:]):
                        if re.search(r"tahun\s+berjalan", text, re.I):
                            up_to = up_to or year
                        else:
                            self.up_to_year = self.up_to_year or year
                        continue
                    self.year = year
                    break
            if self.unit is None and len(text.split()) <= _TITLE_WORDS:
                m = _TITLE_UNIT.search(text)
                # "Perangkat Daerah : Dinas Kesehatan": the field's label, then the unit.
                inner = _TITLE_UNIT.match(m.group(2)) if m else None
                if inner is not None:
                    m = inner
                if m:
                    unit = f"{m.group(1)} {m.group(2)}".strip(" :.-")
                    unit = re.sub(r"\b(tahun|ta)\b.*$", "", unit, flags=re.I).strip()
                    # A sentence naming the unit goes on after it: "… adalah", "… yang".
                    unit = _AFTER_NAME.sub("", unit).strip(" ,.:-")
                    self.unit = unit.title() if unit.isupper() else unit
        if self.year is None and up_to is not None:
            self.year = up_to + 1

    # -- tables ------------------------------------------------------------------------------

    def table(
        self,
        band: list[Row],
        token_rows: list[list[Token]],
        body: list[Row] | None = None,
        layout: Layout | None = None,
    ) -> None:
        """Start a table: its header ``band`` read into a layout (or, for a table without a
        header, the ``layout`` its cells gave), its levels chosen against its rows."""
        if layout is None:
            band = self._whole_band(band)
            words = tuple(c for r in band for c in r.cells if c)
            if self.year is None and self.up_to_year and any(relative_year(w, 0) for w in words):
                # A title running "s/d Tahun 2015" over a header of (n-1)/(n-2) years: the
                # evaluation runs up to n-1, the plan's year is the next.
                self.year = self.up_to_year + 1
            aligned, self.caption_moves[words] = align_captions(
                band, body or [], self.caption_moves.get(words)
            )
            layout = read_header(aligned, self.year)
            refine_with_content(layout, token_rows)
            layout = self._apply_mapping(band, layout)
            plan_table = _is_plan_table(layout) or band[-1].line in self.mapping.header_lines()
            self._record_table(band, layout, body or [], plan_table)
        else:
            plan_table = True
            self._record_table([], layout, body or [], True)
        # Where the table starts: its header's last row, or its first row without a header.
        top = band[-1] if band else (body or [Row(0, [])])[0]
        self.skipping = not plan_table
        if not plan_table:
            # A table of something else (staff by rank, assets, a SWOT analysis): its header
            # names no level, indicator, target or period. Its rows are not the plan's.
            self.layout = layout
            self.levels = tuple("" for _ in layout.blocks)
            self.table_ref = top.ref
            return
        # Only the top row of the header repeated on a new page ("SASARAN | PROGRAM" without its
        # URAIAN row): the column layout of the table before still holds.
        if (
            not layout.complete
            and self.layout is not None
            and self.layout.complete
            and len(layout.blocks) <= len(self.layout.blocks)
            and {w.casefold() for w in layout.words} <= {w.casefold() for w in self.layout.words}
        ):
            self._fit_slots(self.layout, token_rows)
            return
        if not token_rows:
            # A header with no rows under it (the last line of a page, its table continuing
            # under the next page's header) says nothing about levels: the next band decides.
            self.bands.add(tuple(layout.words))
            return
        previous = self.levels if self.layout is not None else None
        same_shape = previous is not None and len(previous) == len(layout.blocks)
        words = tuple(layout.words)
        repeated = words in self.bands
        self.bands.add(words)
        level_cols = {c for c, column in layout.columns.items() if column.role == "level"}
        # The levels are weighed on the texts of the name, statement and indicator columns only.
        not_text = {c for c, column in layout.columns.items() if column.role in NOT_TEXT_ROLES}
        levels = choose_levels(
            layout,
            [
                [t for t in tokens if t.col not in not_text or t.kind != "text"]
                for tokens in token_rows
            ],
            previous if same_shape else None,
            self._guess_level,
            repeated,
        )
        levels, self.split_code_blocks = _levels_by_split_codes(layout, token_rows, levels)
        levels, self.depth_levels = _levels_in_one_column(layout, token_rows, levels)
        claimed = tuple(b.level for b in layout.blocks)
        if any(c and c != lv for c, lv in zip(claimed, levels, strict=True)):
            header = " | ".join(str(c or "?").upper() for c in claimed)
            rows = " | ".join(lv.upper() for lv in levels)
            self.b.add(
                "info",
                "header-level-mismatch",
                f"the header names {header}, but the rows below it are {rows}: "
                "read as the rows are (a page header repeated from another table?)",
                (band[0] if band else top).line,
                params={"header": header, "rows": rows},
            )
        continuing = same_shape and levels == self.levels
        self.layout = layout
        self.table_ref = top.ref
        if not continuing:
            self.cursors = [Cursor() for _ in layout.blocks]
            self.outline_mode = False
            self.outlines = {}
            self.unnumbered = {}
            if self.section is not None and self.section.level != parent_level(levels[0]):
                self.section = None
        self.signature_open = False
        self.level_blocks = {layout.block_at(c) for c in level_cols}
        blocks = layout.blocks
        self.shared_tail = len(blocks) >= 2 and all(
            set(b.slot_cols) == {"name"}
            and not any(
                c.period or c.role in ("annual", "target", "actual", "budget", "unit")
                for col, c in layout.columns.items()
                if b.contains(col)
            )
            for b in blocks[:-1]
        )
        if not continuing:
            self.tail_owner = len(blocks) - 1
        self.bold_blocks, self.heading_blocks, self.indent_blocks = _layout_evidence(
            layout, body or [], token_rows
        )
        # Outline numbers are read as such when some number extends an earlier one ("1.2" after
        # "1"), or when a level column says each row's level and the numbers do not restart per
        # level: a table that states levels row by row (the Rencana Aksi report Renaksi writes)
        # states the tree in its numbers, and a table of top-level rows only has no number to
        # extend. Numbering that restarts ("1" sasaran, then "1" program under it) is not that.
        self.outline_mode = (
            self.outline_mode
            or numbers_are_outlines(layout, token_rows)
            or (bool(level_cols) and not numbers_restart_per_level(layout, token_rows))
        )
        self.levels = levels
        # Tall tables give each period a row ("TW I | 25%"); all others are read by column.
        self.tall = not layout.wide and any(
            t.kind == "period" for tokens in token_rows for t in tokens
        )
        self.tables += 1
        self.b.table = self.tables
        # The periods a header names are the plan's, even when every cell below is empty.
        self.b.periods.update(
            c.period for c in layout.columns.values() if c.period and c.kind != "ignore"
        )
        self._fit_slots(layout, token_rows)
        # A table whose deepest level is sasaran lists the document's sasaran; a cascade
        # running on below them (sasaran | program …) names them as it goes.
        if levels[-1] == "sasaran":
            self.b.sasaran_listed = True

    def _whole_band(self, band: list[Row]) -> list[Row]:
        """An earlier header when ``band`` repeats it cut short, as a printed page may ("PROGRAM
        / KEGIATAN / SUB" for "PROGRAM / KEGIATAN / SUB KEGIATAN"): every caption the same or
        the start of the earlier one, in the same columns."""
        cells = [[c for c in r.cells] for r in band]
        for earlier in self.bands_seen:
            if len(earlier) != len(band):
                continue
            fits, cut = True, False
            for row, old in zip(cells, earlier, strict=True):
                if len(row) > len(old.cells):
                    fits = False
                    break
                for new, was in zip(row, old.cells, strict=False):
                    if new == was:
                        continue
                    if new and was.startswith(new):
                        cut = True
                        continue
                    fits = False
                    break
                if not fits:
                    break
            if fits and cut:
                return earlier
        self.bands_seen.append(band)
        return band

    def _apply_mapping(self, band: list[Row], layout: Layout) -> Layout:
        """The layout with the column roles a person gave this table (by header or layout)."""
        if not self.mapping.tables:
            return layout
        fingerprint = header_fingerprint(_band_labels(band, layout))
        given = self.mapping.columns_for(band[-1].line, fingerprint)
        if not given:
            return layout
        roles = layout_roles(layout)
        roles.update(given)
        return layout_from_roles(layout, roles)

    def _record_table(
        self, band: list[Row], layout: Layout, body: list[Row], plan: bool = True
    ) -> None:
        """What the preview shows of a table: header rows, column labels and roles, body rows.
        A table without a header (``band`` empty) shows the roles its cells gave."""
        labels = _band_labels(band, layout) if band else [[] for _ in layout.columns]
        fingerprint = header_fingerprint(labels)
        given = (
            self.mapping.columns_for(band[-1].line, fingerprint)
            if self.mapping.tables and band
            else {}
        )
        roles = layout_roles(layout)
        columns = [
            ColumnReading(
                col=c,
                label=" / ".join(stack),
                role=roles[c].key if c in roles else None,
                source="mapping" if c in given else ("header" if band else "content"),
            )
            for c, stack in enumerate(labels)
        ]
        self.reading.tables.append(
            TableReading(
                header_lines=[r.line for r in band],
                fingerprint=fingerprint,
                columns=columns,
                body_lines=[r.line for r in body if not r.is_blank()],
                ref=(band[0] if band else body[0]).ref if (band or body) else None,
                plan=plan,
            )
        )

    def _fit_slots(self, layout: Layout, token_rows: list[list[Token]]) -> None:
        """Give a block a result-statement slot when its rows carry one the header did not name
        (a page header of a sasaran table repeated above kegiatan rows)."""
        most = [0] * len(layout.blocks)
        for tokens in token_rows:
            for group in row_groups(tokens):
                if group.texts:
                    index = layout.block_at(group.texts[0].col)
                    most[index] = max(most[index], len(group.texts))
        for block, level, count in zip(layout.blocks, self.levels, most, strict=True):
            lower = level in ("program", "kegiatan", "subkegiatan")
            if lower and "objective" not in block.slots and count >= 3:
                block.slots.insert(1, "objective")

    def data_row(self, row: Row, tokens: list[Token] | None = None) -> None:
        assert self.layout is not None
        tokens = tokenize(row) if tokens is None else tokens
        if not tokens:
            return
        reason = not_plan_reason(row)
        if self.skipping:
            reason = "other-table"
        elif (
            reason is None
            and self.table_ref is not None
            and row.ref is not None
            and row.ref != self.table_ref
            and row.ref.startswith("table ")
            and self.table_ref.startswith("table ")
            and len(row.cells) != len(self.layout.columns)
        ):
            # Another Word or HTML table without a header of its own, shaped otherwise.
            reason = "other-table"
        if reason is None and self.signature_open and _short_lines(row, tokens):
            reason = "signature"  # the signature block goes on: position, name, rank, NIP
        if reason == "signature":
            self.signature_open = True
        if (
            reason is None
            and self.has_refs
            and row.ref is None
            and row.line in self.after_blank
            and len(tokens) == 1
        ):
            reason = "text"
        if reason is not None:
            self.reading.ignored[row.line] = reason
            return
        if self._section_row(row, tokens):
            return
        if self.tall:
            self._tall_row(row, tokens)
        elif not self._continued_over_page(row, tokens):
            for part in self._unstack(row):
                part_tokens = tokenize(part) if part is not row else tokens
                if part is not row and self._section_row(part, part_tokens):
                    continue
                self._wide_row(part, part_tokens)
        self.last_ref = row.ref

    @staticmethod
    def _rest_of_valued_row(targets: list[tuple[Token, Node | Indicator]]) -> bool:
        """Texts of one line each, one of them under an indicator whose row had its targets:
        a row of a plan with targets is not all text, so a line of text alone in the name and
        the indicator columns at the top of a page is what the break left of the row above."""
        return all("\n" not in token.text for token, _ in targets) and any(
            isinstance(target, Indicator)
            and any(v is not None for v in (target.annual_target, *target.targets.values()))
            for _, target in targets
        )

    def _cascade_in_one_cell(self, row: Row, lines: dict[int, list[str]]) -> list[Row] | None:
        """A name cell holding a program and its kegiatan, each on its own line announcing its
        level ("Program Penunjang …" / "Kegiatan Administrasi …"): a row per line, the upper
        levels' alone (read as their own rows or section rows), the rest of the row with the
        last."""
        for block in self.layout.blocks:
            col = block.slot_cols.get("name")
            parts = lines.get(col) if col is not None else None
            if not parts:
                continue
            words = [level_word(split_label(part).name) for part in parts]
            if None in words or len(set(words)) != len(words):
                continue
            if [LEVELS.index(w) for w in words] != sorted(LEVELS.index(w) for w in words):
                continue
            out = []
            for part in parts[:-1]:
                cells = [""] * len(row.cells)
                cells[col] = part
                out.append(Row(row.line, cells, row.ref, row.styles))
            last = list(row.cells)
            last[col] = parts[-1]
            out.append(Row(row.line, last, row.ref, row.styles))
            return out
        return None

    def _unstack(self, row: Row) -> list[Row]:
        """A row whose cells stack several indicators, one per line, with their targets stacked
        the same way ("1. Indikator A / 2. Indikator B" beside "80% / 90%"), as one row per
        indicator; the node's name and its other cells stay on the first. Lines are only split
        where the stacks agree: an indicator or result-statement cell of k lines, each numbered
        or bulleted (or beside at least two value columns of k lines), and value cells of k
        values. Any other cell of several lines (a name wrapped in its cell) is one text."""
        cells = self.stacked.get(id(row))
        if cells is None:
            return [row]
        every = {c: text.split("\n") for c, text in enumerate(cells) if "\n" in text}
        filled = {c: [line for line in v if line] for c, v in every.items()}
        lines = {c: v for c, v in filled.items() if len(v) > 1}
        cascade = self._cascade_in_one_cell(row, lines)
        if cascade is not None:
            return cascade
        # Stacks keep their empty lines first (a value left out in its place); where the stacks
        # only agree without them, the empty lines were spacing; where they still do not, a
        # numbered item may have wrapped onto lines of its own (a PDF's narrow column).
        return (
            self._split_stacks(row, every)
            or self._split_stacks(row, lines)
            or self._split_stacks(row, self._items(lines))
            or [row]
        )

    def _stack_cols(self) -> set[int]:
        """The columns that may stack several items: the indicator and objective columns."""
        return {
            col
            for block in self.layout.blocks
            for slot, col in block.slot_cols.items()
            if slot in ("indicator", "objective")
        }

    def _items(self, lines: dict[int, list[str]]) -> dict[int, list[str]]:
        """The lines of the indicator and objective cells grouped into their numbered items: a
        line opening with the next item's number ("2.", "b)", "•") starts an item, any other
        line goes on with the item above. Cells whose first line is not numbered, and other
        cells, are as they were."""
        slot_cols = self._stack_cols()
        out = dict(lines)
        for col in slot_cols & set(lines):
            parts = lines[col]
            if not _ITEM.match(parts[0]) or all(_ITEM.match(part) for part in parts):
                continue
            items: list[str] = []
            for part in parts:
                if _ITEM.match(part) or not items:
                    items.append(part)
                else:
                    items[-1] = f"{items[-1]}\n{part}"
            out[col] = items
        return out

    def _split_stacks(self, row: Row, lines: dict[int, list[str]]) -> list[Row] | None:
        """``_unstack`` for one reading of the cells' lines; None where the stacks disagree."""
        valued = {
            c: v
            for c, v in lines.items()
            if all(_value_line(item) or not item for item in v) and any(v)
        }
        counts = {len(v) for v in valued.values()}
        if len(counts) != 1:
            return None
        (k,) = counts
        slot_cols = self._stack_cols()
        stacks = [c for c in slot_cols if len(lines.get(c, ())) == k]
        itemised = [c for c in stacks if all(_ITEM.match(item) for item in lines[c])]
        if not stacks or not (itemised or len(valued) >= 2):
            return None
        units = {
            c
            for c, column in self.layout.columns.items()
            if column.role == "unit" and len(lines.get(c, ())) == k
        }
        split = set(stacks) | set(valued) | units
        out = []
        for i in range(k):
            out.append(
                Row(
                    row.line,
                    [
                        lines[c][i] if c in split else (text if i == 0 else "")
                        for c, text in enumerate(row.cells)
                    ],
                    row.ref,
                    row.styles,
                )
            )
        return out

    def _continued_over_page(self, row: Row, tokens: list[Token]) -> bool:
        """The rest of cells a page break cut: the first row of a new page holding only texts,
        each in the name or indicator column of the row above, and nothing else. One text alone
        is such a rest; with several, one of them must read as one (the text above it ends cut
        short, "… ditetapkan oleh", or it starts in lower case or with "("): the page cut the
        whole row, so where one cell plainly goes on, the others do too."""
        if (
            not tokens
            or any(t.kind != "text" for t in tokens)
            or row.ref is None
            or self.last_ref is None
            or row.ref == self.last_ref
            or any(split_label(t.text).number is not None for t in tokens)
        ):
            return False
        targets: list[tuple[Token, Node | Indicator]] = []
        for token in tokens:
            index = self.layout.block_at(token.col)
            block = self.layout.blocks[index]
            cursor = self.cursors[index]
            target: Node | Indicator | None = None
            if block.slot_cols.get("indicator") == token.col and cursor.indicator is not None:
                target = cursor.indicator
            elif block.slot_cols.get("name") == token.col and cursor.node is not None:
                target = cursor.node
            if target is None:
                return False
            targets.append((token, target))
        if len(tokens) > 1 and not (
            any(
                looks_truncated(target.name)
                or token.text[:1].islower()
                or token.text[:1] in "(,;:/&-"
                for token, target in targets
            )
            or self._rest_of_valued_row(targets)
        ):
            return False
        for token, target in targets:
            target.name = f"{target.name} {token.text}"
            if isinstance(target, Node):
                self.b.remember(target)
            self.b.add(
                "info",
                "name-continued",
                f"'{short(token.text)}' read as the end of '{short(target.name)}' "
                "(cut at a page break)",
                row.line,
                params={"variant": "page", "text": short(token.text), "name": short(target.name)},
            )
        return True

    def _section_row(self, row: Row, tokens: list[Token]) -> bool:
        """A row holding one name only, of the level above the table's first block ("A. Program …")."""
        if len(tokens) != 1 or tokens[0].kind != "text":
            return False
        text = tokens[0].text
        label = split_label(text)
        word = level_word(label.name)
        above = parent_level(self.levels[0])
        level = word if word and word != self.levels[0] else None
        if level is None and label.number and label.number.isalpha() and above:
            level = above
        if (
            level is None
            or level not in LEVELS
            or LEVELS.index(level) >= LEVELS.index(self.levels[0])
        ):
            return False
        node = self._node(level, text, row.line, parent=None)
        self.section = node
        for cursor in self.cursors:
            cursor.node = None
            cursor.point(None)
        return True

    # -- tall tables: "TW I | 25%" rows under each indicator ---------------------------------

    def _tall_row(self, row: Row, tokens: list[Token]) -> None:
        groups = row_groups(tokens)
        n = len(self.layout.blocks)
        text_blocks = self._text_blocks(groups)
        lower = 0
        for gi, group in enumerate(groups):
            upper = next(
                (text_blocks[k] for k in range(gi + 1, len(groups)) if text_blocks[k] is not None),
                n,
            )
            if group.texts:
                index = text_blocks[gi]
                assert index is not None
                self._texts(index, group, row)
                lower = index
                pairs = group.pairs
                if pairs:
                    self._pair(index, pairs[0], row)
                    pairs = pairs[1:]
            else:
                for number in group.numbers:
                    self.b.add(
                        "warning",
                        "stray-number",
                        f"numbering '{number.text}' without a name",
                        row.line,
                        params={"number": number.text},
                    )
                pairs = group.pairs
                for token in group.loose:
                    self._loose_value(self.layout.block_at(token.col), token, row)
            for pair in pairs:
                index = self._block_for_pair(pair, lower, max(upper, lower + 1))
                self._pair(index, pair, row)
                lower = index
            if group.texts:
                for token in group.loose:
                    self._loose_value(text_blocks[gi], token, row)

    def _text_blocks(self, groups: list[Group]) -> list[int | None]:
        """The block of each group that has texts, in left-to-right order.

        A group goes to the block whose name, result-statement and indicator columns its texts
        sit nearest to, so that a row drifted a column or two still lands where it belongs; each
        later group takes a later block.
        """
        out: list[int | None] = []
        n = len(self.layout.blocks)
        remaining = sum(1 for g in groups if g.texts)
        last = -1
        for group in groups:
            if not group.texts:
                out.append(None)
                continue
            remaining -= 1
            first = min(last + 1, n - 1)
            choices = range(first, max(first + 1, n - remaining))
            index = min(choices, key=lambda i: (self._fit_cost(i, group.texts), i))
            out.append(index)
            last = index
        return out

    def _fit_cost(self, index: int, texts: list[Token]) -> int:
        """How far texts placed from the right into a block's slots stand from its slot columns."""
        block = self.layout.blocks[index]
        slots = block.slots
        k = min(len(texts), len(slots))
        cost = 0
        for position, token in zip(range(len(slots) - k, len(slots)), texts[-k:], strict=True):
            slot = slots[position]
            cost += abs(token.col - block.slot_cols.get(slot, block.start + position))
        return cost

    def _block_for_pair(self, pair: Pair, lower: int, upper: int) -> int:
        """The block a label/value pair without texts belongs to: one whose indicator lacks that
        period, nearest to where that indicator's own labels stood."""
        candidates = range(lower, min(upper, len(self.cursors)))
        needing = [
            i
            for i in candidates
            if self.cursors[i].indicator is not None and pair.period not in self.cursors[i].filled
        ]
        pool = (
            needing
            or [i for i in candidates if self.cursors[i].indicator is not None]
            or list(candidates)
        )
        if not pool:
            return min(lower, len(self.cursors) - 1)

        def distance(i: int) -> int:
            label_col = self.cursors[i].label_col
            if label_col >= 0:
                return abs(pair.col - label_col)
            return self.layout.blocks[i].distance(pair.col)

        return min(pool, key=lambda i: (distance(i), i))

    def _texts(self, index: int, group: Group, row: Row) -> None:
        """Place a group's texts in the slots of its block, from the right (indicator last)."""
        texts = [t.text for t in group.texts]
        block = self.layout.blocks[index]
        slots = block.slots
        if len(texts) > len(slots) and index > 0:
            spill = Group(texts=group.texts[: len(texts) - len(slots)])
            self._texts(index - 1, spill, row)
            texts = texts[len(texts) - len(slots) :]
        elif len(texts) > len(slots):
            for extra in texts[: len(texts) - len(slots)]:
                self.b.add(
                    "warning",
                    "extra-text",
                    f"text not placed in any column: '{short(extra)}'",
                    row.line,
                    params={"text": short(extra)},
                )
            texts = texts[len(texts) - len(slots) :]
        placed = dict(zip(slots[len(slots) - len(texts) :], texts, strict=True))
        for number in group.numbers:
            self.b.add(
                "warning",
                "stray-number",
                f"numbering '{number.text}' without a name",
                row.line,
                params={"number": number.text},
            )
        level = self.levels[index]
        cursor = self.cursors[index]
        if self._continues(index, group, placed, row):
            return
        name = placed.get("name")
        if name:
            stated = self.row_levels.get(row.line)
            if stated is not None and stated != level:
                level = stated
                parent = self._parent_for_level_latest(level)
            else:
                parent = self._parent_for(index)
            node = self._node(level, name, row.line, parent)
            self.latest[level] = node
            cursor.node = node
            cursor.numbered = split_label(name).number is not None
            cursor.name_col = group.texts[len(group.texts) - len(placed)].col
            cursor.point(None)
            for later in self.cursors[index + 1 :]:
                later.node = None
                later.point(None)
        indicator_text = placed.get("indicator")
        objective = placed.get("objective")
        if indicator_text or objective:
            if cursor.node is None:
                self.b.add(
                    "error",
                    "indicator-without-node",
                    f"indicator '{short(indicator_text or objective)}' has no {level} above it",
                    row.line,
                    params={"indicator": short(indicator_text or objective), "level": level},
                )
                return
            cursor.point(self._indicator(cursor.node, objective, indicator_text, row.line))
            cursor.indicator_col = group.texts[-1].col

    def _continues(self, index: int, group: Group, placed: dict[str, str], row: Row) -> bool:
        """Text that finishes a name cut at a row or page break, rather than a new item.

        In a numbered document every new node and indicator carries its number; an unnumbered
        text standing alone in the column where the current node's name (or indicator) began is
        the rest of that name.
        """
        cursor = self.cursors[index]
        if len(group.texts) != 1 or "name" in placed or cursor.node is None:
            return False
        token = group.texts[0]
        if split_label(token.text).number is not None or not cursor.numbered:
            return False
        if token.col == cursor.name_col and (cursor.indicator is None or cursor.filled):
            cursor.node.name = f"{cursor.node.name} {token.text}"
            self.b.remember(cursor.node)
            self.b.add(
                "info",
                "name-continued",
                f"'{short(token.text)}' read as the end of {cursor.node.level} "
                f"'{short(cursor.node.name)}' (cut at a row or page break)",
                row.line,
                params={
                    "text": short(token.text),
                    "level": cursor.node.level,
                    "name": short(cursor.node.name),
                },
            )
            return True
        if cursor.indicator is not None and token.col == cursor.indicator_col:
            cursor.indicator.name = f"{cursor.indicator.name} {token.text}"
            return True
        return False

    def _parent_for(self, index: int) -> Node | None:
        level = self.levels[index]
        wanted = parent_level(level)
        if index > 0 and self.cursors[index - 1].node is not None:
            candidate = self.cursors[index - 1].node
            if candidate.level == wanted:
                return candidate
        if self.section is not None and self.section.level == wanted:
            return self.section
        return None

    def _node(
        self,
        level: str,
        text: str,
        line: int,
        parent: Node | None,
        number: str | None = None,
    ) -> Node:
        """The node a row names: an existing one of that name, or a new one under ``parent``.

        ``number`` is the node's numbering when a column gave it apart from the name.
        """
        label = split_label(_LEVEL_LABEL.sub("", text))
        name = _LEVEL_LABEL.sub("", label.name)  # "Program : Penunjang …": the label is no name
        self.reading.levels[line] = level
        existing = self.b.find(level, name, parent)
        if existing is not None:
            if normalise(existing.name) != normalise(name):
                self.b.add(
                    "info",
                    "name-variant",
                    f"{level} '{short(name)}' (line {line}) read as '{short(existing.name)}' "
                    f"(line {existing.line})",
                    line,
                    params={
                        "level": level,
                        "name": short(name),
                        "line": line,
                        "existing": short(existing.name),
                        "existing_line": existing.line,
                    },
                )
                if len(normalise(name)) > len(normalise(existing.name)):
                    existing.name = name
                    self.b.remember(existing)
            if parent is not None:
                self.b.relink(existing, parent)
            existing.code = existing.code or label.code
            return existing
        node = Node(
            level=level, name=name, code=label.code, number=number or label.number, line=line
        )
        if level == "sasaran" and self.b.sasaran_listed and self.levels[-1] != "sasaran":
            self.b.add(
                "warning",
                "sasaran-not-listed",
                f"sasaran '{short(name)}' is not in the document's list of sasaran",
                line,
                params={"name": short(name)},
            )
        if looks_truncated(name):
            self.b.add(
                "warning",
                "truncated-name",
                f"{level} name looks cut short: '{short(name)}'",
                line,
                params={"level": level, "name": short(name)},
            )
        self.b.place(node, parent)
        return node

    def _indicator(
        self, node: Node, objective: str | None, name: str | None, line: int
    ) -> Indicator:
        objective_text = split_label(objective).name if objective else None
        name_text = split_label(name).name if name else None
        if name_text is None:
            self.b.add(
                "warning",
                "missing-indicator",
                f"result statement '{short(objective_text or '')}' has no indicator",
                line,
                params={"objective": short(objective_text or "")},
            )
            name_text = ""
        key = normalise(name_text)
        for indicator in node.indicators:
            if key and normalise(indicator.name) == key:
                return indicator
        indicator = Indicator(name=name_text, objective=objective_text, line=line)
        node.indicators.append(indicator)
        return indicator

    def _pair(self, index: int, pair: Pair, row: Row) -> None:
        cursor = self.cursors[index]
        if cursor.indicator is None:
            if cursor.node is not None and len(self.layout.blocks[index].slots) == 2:
                # A sasaran whose statement is its own indicator: values go to a nameless indicator.
                cursor.point(self._indicator(cursor.node, None, cursor.node.name, row.line))
            else:
                self.b.add(
                    "warning",
                    "value-without-indicator",
                    f"{pair.period} value on this row belongs to no indicator",
                    row.line,
                    params={"period": pair.period},
                )
                return
        values = pair_values(pair)
        if not values:
            self.b.set_value(cursor.indicator, pair.period, None, row.line)
            return
        value, unit, _col = values[0]
        if unit == "%":
            self.b.percent_targets.add(id(cursor.indicator))
        elif unit and cursor.indicator.unit is None:
            cursor.indicator.unit = unit
        self.b.set_value(cursor.indicator, pair.period, value, row.line)
        cursor.label_col = pair.col
        if value is not None:
            cursor.filled.add(pair.period)
        if len(values) > 1 and self._has_actuals(index):
            self.b.set_value(cursor.indicator, pair.period, values[1][0], row.line, kind="actual")
        elif len(values) > 1:
            for extra in values[1:]:
                self.b.add(
                    "warning",
                    "extra-value",
                    f"{pair.period}: value '{extra[0]}' not placed",
                    row.line,
                    params={"period": pair.period, "value": extra[0]},
                )

    def _has_annual_column(self, index: int) -> bool:
        """Whether a block has a column of annual targets ("Target Tahunan", "Target 2025")."""
        block = self.layout.blocks[index]
        return any(
            c.role == "annual" for col, c in self.layout.columns.items() if block.contains(col)
        )

    def _has_actuals(self, index: int) -> bool:
        block = self.layout.blocks[index]
        return any(
            c.role == "actual" for col, c in self.layout.columns.items() if block.contains(col)
        )

    def _loose_value(self, index: int | None, token: Token, row: Row) -> None:
        """A value outside any label/value pair: budget, annual target or unit by its column."""
        if index is None:
            index = self.layout.block_at(token.col)
        column = self.layout.columns.get(token.col)
        role = column.role if column else None
        cursor = self.cursors[index]
        if role == "budget" and cursor.node is not None:
            amount = token.value if isinstance(token.value, int | float) else None
            if amount is not None and column is not None and column.scale != 1:
                amount = amount * column.scale  # "(Ribuan)": the rupiah the cell means
            if self.budget_lines.get(id(cursor.node)) == row.line and amount is not None:
                # Several budget columns on one row (APBD | APBN | Total): the total is the
                # largest of them.
                amount = max(amount, cursor.node.budget or 0)
            cursor.node.budget = amount
            self.budget_lines[id(cursor.node)] = row.line
        elif role in ("annual", "target") and cursor.indicator is not None:
            cursor.indicator.annual_target = token.text if token.kind == "text" else token.value
            if token.unit and token.unit != "%" and cursor.indicator.unit is None:
                cursor.indicator.unit = token.unit
            elif token.unit == "%":
                self.b.percent_targets.add(id(cursor.indicator))  # "100%": the unit is %
        elif role == "actual" and cursor.indicator is not None and self.year is not None:
            # One realisasi column for the year: the realisasi of the plan's year.
            value = token.text if token.kind == "text" else token.value
            self.b.set_value(cursor.indicator, str(self.year), value, row.line, kind="actual")
        elif token.unit == "Rp" and cursor.node is not None:
            cursor.node.budget = token.value
        else:
            self.b.add(
                "warning",
                "stray-value",
                f"value '{token.text}' belongs to no column",
                row.line,
                params={"text": token.text},
            )

    # -- wide tables: one column per period -----------------------------------------------------

    def _wide_row(self, row: Row, tokens: list[Token]) -> None:
        layout = self.layout
        by_block: dict[int, list[Token]] = {}
        for token in tokens:
            by_block.setdefault(layout.block_at(token.col), []).append(token)
        if self.shared_tail:
            self._share_tail(row, by_block)
        for index in sorted(by_block):
            block_tokens = by_block[index]
            block = layout.blocks[index]
            texts: list[Token] = []
            placed: dict[str, str] = {}
            rest: list[Token] = []
            code_parts: list[str] = []
            owners: list[str] = []
            for token in block_tokens:
                column = layout.columns.get(token.col)
                role = column.role if column else None
                if column and column.period and token.kind in ("value", "text", "period"):
                    rest.append(token)
                elif role == "unit" and token.kind in ("text", "value"):
                    placed["unit"] = token.text
                elif role == "code" and token.kind in ("text", "value", "number"):
                    placed["code"] = token.text
                    code_parts.append(token.text.strip().strip("."))
                elif role == "number":
                    placed["number"] = token.text.rstrip(".")
                elif role == "level":
                    placed["level"] = token.text
                elif role == "owner" and token.kind in ("text", "value"):
                    owners.append(token.text)  # Penanggung Jawab: kept on the row's indicator
                elif role in ("owner", "note", "achievement", "ignore"):
                    continue
                elif role in ("annual", "target") and token.kind == "text":
                    rest.append(token)  # a text target ("WTP", "Tersedia")
                elif token.kind == "text":
                    texts.append(token)
                else:
                    rest.append(token)
            slot_by_col = {col: slot for slot, col in block.slot_cols.items()}
            free = [t for t in texts if t.col not in slot_by_col]
            for t in texts:
                if t.col in slot_by_col:
                    placed[slot_by_col[t.col]] = t.text
            missing = [s for s in block.slots if s not in placed]
            for slot, t in zip(missing[-len(free) :] if free else [], free, strict=False):
                placed[slot] = t.text
            split_depth = None
            if index in self.split_code_blocks and code_parts:
                # A code split over columns (1 | 20 | 03 | 53 | 04): how many it fills says the
                # level (see _split_code_level).
                placed["code"] = ".".join(code_parts)
                split_depth = _split_code_level(len(code_parts), self.split_code_blocks[index])
                if split_depth is None and "indicator" not in placed:
                    # An urusan, bidang or SKPD row: the affair and office programs belong to.
                    self.reading.ignored[row.line] = "urusan"
                    continue
            if "code" in placed and "name" in placed and split_depth is None:
                placed["name"] = f"{placed['code']} {placed['name']}"
            if (
                "number" in placed
                and "name" in placed
                and not split_label(placed["name"]).number
                and not self._by_outline(index, placed)
            ):
                placed["name"] = f"{placed['number']}. {placed['name']}"
            if any(s in placed for s in block.slots):
                name_token = next((t for t in texts if placed.get("name") == t.text), None)
                layout_hints = {
                    "heading": not ({"indicator", "objective"} & placed.keys())
                    and not any(t.kind == "value" and t.value is not None for t in rest),
                    "bold": name_token is not None and row.style(name_token.col).bold,
                    "indent": row.style(name_token.col).indent if name_token is not None else 0,
                    "code_depth": split_depth,
                }
                self._place_known(index, placed, row, **layout_hints)
                if split_depth is not None and self.cursors[index].node is not None:
                    self.cursors[index].node.code = self.cursors[index].node.code or placed["code"]
            cursor = self.cursors[index]
            if cursor.indicator is not None and placed.get("unit"):
                cursor.indicator.unit = cursor.indicator.unit or placed["unit"]
            self._person_in_charge(cursor, owners)
            for token in rest:
                column = layout.columns.get(token.col)
                if column is not None and column.period:
                    if column.kind == "ignore":
                        continue
                    value = token.value if token.kind == "value" else token.text
                    if token.kind == "text" and token.text in DASHES:
                        value = None
                    if cursor.indicator is None:
                        self.b.add(
                            "warning",
                            "value-without-indicator",
                            f"{column.period} value '{token.text}' belongs to no indicator",
                            row.line,
                            params={
                                "variant": "value",
                                "period": column.period,
                                "text": token.text,
                            },
                        )
                        continue
                    if token.unit == "%":
                        self.b.percent_targets.add(id(cursor.indicator))
                    self.b.set_value(
                        cursor.indicator, column.period, value, row.line, kind=column.kind
                    )
                else:
                    self._loose_value(index, token, row)

    def _person_in_charge(self, cursor: Cursor, owners: list[str]) -> None:
        """The Penanggung Jawab of a row goes to its indicator (``extra["person_in_charge"]``);
        when the row names no indicator of its block, to the latest one read. Offices write it
        once per node, merged down over the node's indicator rows: an indicator of that node
        without one of its own takes the node's."""
        indicator = cursor.indicator or next(
            (c.indicator for c in reversed(self.cursors) if c.indicator is not None), None
        )
        if indicator is None:
            return
        node = next((c.node for c in self.cursors if c.indicator is indicator), None)
        text = " ".join(" ".join(owners).split())[:PERSON_IN_CHARGE_LENGTH]
        if text:
            indicator.extra.setdefault("person_in_charge", text)
            if node is not None:
                self.node_owners[id(node)] = text
        elif node is not None and id(node) in self.node_owners:
            indicator.extra.setdefault("person_in_charge", self.node_owners[id(node)])

    def _share_tail(self, row: Row, by_block: dict[int, list[Token]]) -> None:
        """A cascade laid out sideways with one indicator column for every level (NO | SASARAN |
        PROGRAM | KEGIATAN | SUB KEGIATAN | INDIKATOR | TARGET …): the indicator and values of a
        row belong to the deepest node the row names, or, on a row naming none, to the deepest
        whose merged cell still covers it (the node of the row above when the reader saw no
        merges). A level left empty, and not merged from above, on a row naming a node below it
        has no node there (a program under no sasaran)."""
        layout = self.layout
        last = len(layout.blocks) - 1
        named = [
            i
            for i, block in enumerate(layout.blocks)
            if any(
                t.kind == "text" and t.col == block.slot_cols.get("name")
                for t in by_block.get(i, [])
            )
        ]
        if named:
            owner = named[-1]
            if row.styles is not None:
                for i in range(owner):
                    col = layout.blocks[i].slot_cols.get("name")
                    if i not in named and col is not None and row.style(col).covered != "down":
                        self.cursors[i].node = None
                        self.cursors[i].point(None)
        elif row.styles is not None:
            covered = [
                i
                for i, block in enumerate(layout.blocks)
                if "name" in block.slot_cols
                and row.style(block.slot_cols["name"]).covered == "down"
                and self.cursors[i].node is not None
            ]
            owner = covered[-1] if covered else self.tail_owner
        else:
            owner = self.tail_owner
        self.tail_owner = owner
        if owner == last:
            return
        name_col = layout.blocks[last].slot_cols.get("name")
        moved = [t for t in by_block.get(last, []) if t.col != name_col]
        if moved:
            by_block[last] = [t for t in by_block[last] if t.col == name_col]
            if not by_block[last]:
                del by_block[last]
            by_block.setdefault(owner, []).extend(moved)
            by_block[owner].sort(key=lambda t: t.col)

    def _place_known(
        self,
        index: int,
        placed: dict[str, str],
        row: Row,
        heading: bool = False,
        bold: bool = False,
        indent: int = 0,
        code_depth: str | None = None,
    ) -> None:
        """A row's node and indicator from texts whose slots the columns already told."""
        level = self._row_level(
            index,
            placed.get("name"),
            placed.get("level"),
            row.line,
            heading,
            bold,
            indent,
            code_depth,
            outline_depth=_outline_depth(placed),
        )
        cursor = self.cursors[index]
        if "name" in placed:
            number = placed.get("number") or None
            if row.line in self.row_levels and not self._several_levels(index):
                node = self._node(
                    level, placed["name"], row.line, self._parent_for_level_latest(level)
                )
            elif self._by_outline(index, placed):
                parent, number = self._outline_parent(index, number, level)
                node = self._node(level, placed["name"], row.line, parent, number=number)
                if number is None:
                    self.unnumbered[level] = (row.line, node)
                else:
                    self.outlines[placed["number"]] = node
            else:
                parent = self._parent_for_level(index, level)
                node = self._node(level, placed["name"], row.line, parent)
            cursor.node = node
            cursor.point(None)
            for later in self.cursors[index + 1 :]:
                later.node = None
                later.point(None)
            self.latest[level] = node
        if "indicator" in placed or "objective" in placed:
            if cursor.node is None:
                self.b.add(
                    "error",
                    "indicator-without-node",
                    "indicator has no node above it",
                    row.line,
                    params={"variant": "bare"},
                )
                return
            indicator = self._indicator(
                cursor.node, placed.get("objective"), placed.get("indicator"), row.line
            )
            cursor.point(indicator)
            if self._has_annual_column(index):
                self.b.annual_column.add(id(indicator))

    def _by_outline(self, index: int, placed: dict[str, str]) -> bool:
        """Whether a row's parent comes from its outline number: an outline-numbered table of
        several levels, and a number that is not a nomenclature code ("7.01.01.2.01" in a No
        column is the code it looks like, read with the name as before) unless it extends the
        outline of a row met before."""
        if not (self.outline_mode and self._several_levels(index)):
            return False
        number = placed.get("number") or ""
        if not is_code(number):
            return True
        # "1.10.10" is both a program code and the outline of a row under "1.10": an outline
        # when it extends a row met as one.
        return any(prefix in self.outlines for prefix, _own in outline_splits(number))

    def _several_levels(self, index: int) -> bool:
        """Whether a block's rows hold several levels (its header says so, or a level column)."""
        return len(self.layout.blocks[index].levels) > 1 or index in self.level_blocks

    def _row_level(
        self,
        index: int,
        name: str | None,
        stated: str | None = None,
        line: int | None = None,
        heading: bool = False,
        bold: bool = False,
        indent: int = 0,
        code_depth: str | None = None,
        outline_depth: int | None = None,
    ) -> str:
        """The level of a row in a block that holds several levels ("PROGRAM/KEGIATAN/SUB KEGIATAN").

        A person's correction (a mapping) decides first; a level column, when the table has one,
        says it outright; otherwise the name's level word (or one a typing slip away: "Proram"),
        code or nomenclature match tells. Failing those, the layout: a name set in bold where
        the block's other names are not, or a ``heading`` row (a name alone, without indicator
        or value, over rows that have them) names the block's upper level.
        """
        if line is not None and line in self.row_levels:
            return self.row_levels[line]
        if stated and (word := level_word(stated.strip())):
            return word
        block = self.layout.blocks[index]
        if len(block.levels) <= 1 or not name:
            return self.levels[index]
        label = split_label(name)
        if label.code:
            depth = CODE_DEPTH.get(len(label.code.split(".")))
            if depth:
                return depth
        if code_depth is not None and code_depth in block.levels:
            return code_depth
        word = level_word(label.name) or misspelt_level_word(label.name)
        if word:
            return word
        by_depth = self.depth_levels.get(index)
        if by_depth and outline_depth in by_depth:
            return by_depth[outline_depth]
        indents = self.indent_blocks.get(index)
        if indents and indent in indents:
            # Indented deeper, a level deeper (sub kegiatan indented under their kegiatan).
            return block.levels[min(indents.index(indent), len(block.levels) - 1)]
        guessed = self._guess_level(label.name)
        if guessed in block.levels:
            return guessed
        if is_result_statement(label.name):  # "Meningkatnya …": how sasaran (or tujuan) read
            for level in ("sasaran", "tujuan"):
                if level in block.levels:
                    return level
        if (bold and index in self.bold_blocks) or (heading and index in self.heading_blocks):
            return block.levels[-2]
        return block.levels[-1]

    def _outline_parent(
        self, index: int, number: str | None, level: str
    ) -> tuple[Node | None, str | None]:
        """The parent and own number of a row numbered by outline ("1.1.2" → node "1.1", "2").

        An outline whose first parts name no row met before is the node's own number ("1.2"):
        the node then hangs under the latest unnumbered node of a level above, if any (its
        children start their outlines afresh), or under none. A row without a number hangs
        under the latest node of the level above, as in tables without outlines.
        """
        rank = LEVELS.index(level)
        if number is None:
            return self._parent_for_level(index, level), None
        for parent_outline, own in outline_splits(number):
            parent = self.outlines.get(parent_outline)
            if parent is not None and LEVELS.index(parent.level) < rank:
                return parent, own
        above = [self.unnumbered[lv] for lv in LEVELS[:rank] if lv in self.unnumbered]
        return (max(above, key=lambda seen: seen[0])[1] if above else None), number

    def _parent_for_level_latest(self, level: str) -> Node | None:
        wanted = parent_level(level)
        while wanted is not None:
            if wanted in self.latest:
                return self.latest[wanted]
            wanted = parent_level(wanted)
        return None

    def _parent_for_level(self, index: int, level: str) -> Node | None:
        if self._several_levels(index):
            latest = self._parent_for_level_latest(level)
            if latest is not None:
                return latest
            if self.section is not None and LEVELS.index(self.section.level) < LEVELS.index(level):
                return self.section
            return None
        return self._parent_for(index)

    # -- nomenclature --------------------------------------------------------------------------

    def _guess_level(self, name: str) -> str | None:
        if self.nomenclature is None:
            return None
        try:
            found = self.nomenclature.guess_level(name)
        except Exception:  # evidence only: a failed lookup must not stop an import
            return None
        if not found:
            return None
        return found[0] if isinstance(found, tuple) else found

    # -- end -----------------------------------------------------------------------------------

    def finish(self) -> Plan:
        self._link_by_code()
        periods = self._periods()
        for _node, indicator in all_indicators(self.b.nodes):
            for period in periods:
                indicator.targets.setdefault(period, None)
                if indicator.actuals is not None:
                    indicator.actuals.setdefault(period, None)
            if indicator.unit is None and id(indicator) in self.b.percent_targets:
                indicator.unit = "%"
            if (
                indicator.annual_target is None
                and periods
                and periods[0] in QUARTERS + MONTHS
                and id(indicator) not in self.b.annual_column
            ):
                indicator.annual_target = indicator.targets.get(periods[-1])
        findings = sorted(self.b.findings, key=lambda f: f.line or 0)
        return Plan(
            unit=self.unit, year=self.year, periods=periods, nodes=self.b.nodes, findings=findings
        )

    def _link_by_code(self) -> None:
        """A node left at the top whose nomenclature code extends the code of a node of a higher
        level read anywhere (7.01.02 → 7.01.02.2.04 → 7.01.02.2.04.0001) goes under that node,
        the longest such code: a workbook of a sheet per level says the parent only so."""
        coded = {node.code: node for root in self.b.nodes for node, _ in root.walk() if node.code}
        for node in list(self.b.nodes):
            if not node.code:
                continue
            parts = node.code.split(".")
            for k in range(len(parts) - 1, 0, -1):
                parent = coded.get(".".join(parts[:k]))
                if parent is not None and LEVELS.index(parent.level) < LEVELS.index(node.level):
                    self.b.relink(node, parent)
                    break

    def _periods(self) -> list[str]:
        seen = self.b.periods
        if any(p in QUARTERS for p in seen):
            return list(QUARTERS)
        if any(p in MONTHS for p in seen):
            return list(MONTHS)
        return sort_periods(seen)


# A level written as a label before the name: "Sasaran : Meningkatnya …", "Program: …".
_LEVEL_LABEL = re.compile(
    r"^(tujuan|sasaran(\s+strategis)?|program|sub[\s-]*kegiatan|kegiatan)\s*:\s*(?=\S)",
    re.IGNORECASE,
)
# A numbered or bulleted item on its own line: "1.", "2)", "a.", "-", "•".
_ITEM = re.compile(r"^\s*(\d{1,2}[.)]|[a-z][.)]|[-–•·*])\s*\S", re.IGNORECASE)


def _value_line(text: str) -> bool:
    """A line of a stacked value cell: a value, a dash, or a short text target."""
    from ..core.numbers import parse_quantity
    from .values import DASHES

    s = text.strip()
    return s in DASHES or parse_quantity(s) is not None


def _is_plan_table(layout: Layout) -> bool:
    """Whether a header is a plan table's: it names a level, an indicator, targets or periods."""
    if any(block.levels or "indicator" in block.slot_cols for block in layout.blocks):
        return True
    return any(
        column.period or column.role in ("target", "annual", "actual", "indicator", "level", "code")
        for column in layout.columns.values()
    )


def _short_lines(row: Row, tokens: list[Token]) -> bool:
    """A row of one or two short texts and no value: a line of a signature block."""
    texts = [t for t in tokens if t.kind == "text"]
    return (
        len(tokens) <= 2
        and len(texts) == len(tokens)
        and all(len(t.text.split()) <= 8 for t in texts)
    )


_HYPHENATED = re.compile(r"(?<=\w)-\n(?=\w)")  # "Perundang-" / "undangan" or "Undangan"
# Words of headers a narrow printed column breaks inside ("Reali" / "sasi", "SATUA" / "N").
_HEADER_WORDS = frozenset(
    {
        "realisasi",
        "capaian",
        "target",
        "kinerja",
        "satuan",
        "anggaran",
        "indikator",
        "sasaran",
        "program",
        "kegiatan",
        "keterangan",
        "tahunan",
        "triwulan",
        "penanggung",
        "jawab",
        "uraian",
        "volume",
        "pagu",
        "no",
        "nomor",
        "strategis",
        "tujuan",
        "tingkat",
        "kode",
        "rencana",
        "aksi",
        "persentase",
        "jumlah",
    }
)
_SHORT_WORDS = frozenset({"di", "ke", "ya", "se", "of", "to", "in", "at", "on", "by", "km", "kg"})


def join_lines(text: str) -> str:
    """A cell's lines as one text: a word broken at a hyphen ("Perundang-" / "Undangan") is
    whole again, and so is a header word a narrow column broke without one ("Reali" / "sasi",
    "SATUA" / "N"); other lines are joined with a space."""
    lines = _HYPHENATED.sub("-", text).split("\n")
    out = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        head, _, tail = out.rpartition(" ")
        word, rest = [*line.split(" ", 1), ""][:2]
        joined = (tail + word).lower()
        header_word = (
            joined in _HEADER_WORDS
            and tail.lower() not in _HEADER_WORDS
            and word.lower() not in _HEADER_WORDS
        )
        # The last letters of a word alone on a line ("Dokume" / "n", "Lembag" / "a"): a
        # narrow column broke the word; no sentence ends in a word of two letters but these.
        broken_end = (
            not rest and word.islower() and len(word) <= 2 and word not in _SHORT_WORDS
        ) and len(tail) >= 3
        if tail.isalpha() and word.isalpha() and (header_word or broken_end):
            out = f"{head} {tail}{word} {rest}".strip() if head else f"{tail}{word} {rest}".strip()
        else:
            out = f"{out} {line}".strip()
    return " ".join(out.split())


def _outline_depth(placed: dict[str, str]) -> int | None:
    """The depth of a row's outline number ("1.1.2" → 3), from a NO column or the name's own."""
    number = placed.get("number") or split_label(placed.get("name") or "").number
    if not number or not all(part.isdigit() for part in number.split(".")):
        return None
    return len(number.split("."))


def _levels_in_one_column(
    layout: Layout, token_rows: list[list[Token]], levels: tuple[str, ...]
) -> tuple[tuple[str, ...], dict[int, dict[int, str]]]:
    """Levels of a name column whose caption names none (URAIAN) but whose rows say theirs.

    Names announcing different levels ("Sasaran : …", "Program …", codes of different depths)
    make the block hold the levels from the highest named to the lowest. Outline numbers of
    several depths (1, 1.1, 1.1.1) do too: each depth a level down, anchored where a numbered
    name announces its level, else ending at sub kegiatan. Returns the levels and, per block so
    read, its depth → level map.
    """
    out = list(levels)
    by_depth: dict[int, dict[int, str]] = {}
    numbers = {c for c, column in layout.columns.items() if column.role == "number"}
    stated = {c for c, column in layout.columns.items() if column.role == "level"}
    for index, block in enumerate(layout.blocks):
        col = block.slot_cols.get("name")
        if block.levels or col is None or any(block.contains(c) for c in stated):
            continue  # a TINGKAT column states each row's level: nothing to infer
        named: set[str] = set()
        depths: dict[int, set[str]] = {}
        for tokens in token_rows:
            name = next((t.text for t in tokens if t.col == col and t.kind == "text"), None)
            if name is None:
                continue
            label = split_label(name)
            level = level_word(label.name) or (
                CODE_DEPTH.get(len(label.code.split("."))) if label.code else None
            )
            if level:
                named.add(level)
            number = next(
                (t.text for t in tokens if t.col in numbers and block.contains(t.col)), None
            )
            depth = _outline_depth({"number": (number or "").rstrip("."), "name": name})
            if depth is not None:
                depths.setdefault(depth, set())
                if level:
                    depths[depth].add(level)
        if len(named) >= 2:
            ranks = sorted(LEVELS.index(level) for level in named)
            block.levels = list(LEVELS[ranks[0] : ranks[-1] + 1])
        elif 2 <= len(depths) <= len(LEVELS):
            ordered = sorted(depths)
            top = len(LEVELS) - len(ordered)  # deepest at sub kegiatan
            for depth, said in depths.items():
                if len(said) == 1:
                    top = LEVELS.index(next(iter(said))) - ordered.index(depth)
                    break
            top = max(0, min(top, len(LEVELS) - len(ordered)))
            by_depth[index] = {d: LEVELS[top + i] for i, d in enumerate(ordered)}
            block.levels = [LEVELS[top + i] for i in range(len(ordered))]
        else:
            continue
        out[index] = block.levels[0]
    return tuple(out), by_depth


def _split_code_level(filled: int, columns: int) -> str | None:
    """The level of a row whose code fills ``filled`` of a block's ``columns`` code columns.

    Forms split the code from the top down (urusan | bidang | SKPD | program | kegiatan, the
    Permendagri 13 code): a row filling every column is of the deepest level (kegiatan, or sub
    kegiatan with six columns or more), one column fewer the level above; fewer still is the
    affair or office the plan belongs to (None).
    """
    deepest = "kegiatan" if columns <= 5 else "subkegiatan"
    if filled >= columns:
        return deepest
    if filled == columns - 1:
        return parent_level(deepest)
    return None


def _levels_by_split_codes(
    layout: Layout, token_rows: list[list[Token]], levels: tuple[str, ...]
) -> tuple[tuple[str, ...], dict[int, int]]:
    """Levels a code split over columns says (1 | 20 | 03 | 53 | 04): a block whose rows fill
    two or more of its code columns holds the levels its rows' codes give (see
    ``_split_code_level``). Returns the levels and, per block with split codes, how many code
    columns it has; a KODE caption over several columns that only numbers rows ("1", "2")
    splits nothing."""
    code_cols = sorted(c for c, column in layout.columns.items() if column.role == "code")
    if len(code_cols) < 2:
        return levels, {}
    out = list(levels)
    split: dict[int, int] = {}
    for index, block in enumerate(layout.blocks):
        cols = [c for c in code_cols if block.contains(c)]
        if len(cols) < 2:
            continue
        filled = [sum(1 for t in tokens if t.col in cols) for tokens in token_rows]
        if not any(count >= 2 for count in filled):
            continue
        split[index] = len(cols)
        found = {_split_code_level(count, len(cols)) for count in filled if count} - {None}
        if found and len(block.levels) <= 1:
            named = sorted(found, key=LEVELS.index)
            if len(named) > 1:
                block.levels = named
            out[index] = named[0]
    return tuple(out), split


def _layout_evidence(
    layout: Layout, body: list[Row], token_rows: list[list[Token]]
) -> tuple[set[int], set[int], dict[int, list[int]]]:
    """The blocks of several levels whose names the layout tells apart (see ``_row_level``):
    by bold (some names bold, others not), by headings (some names alone on their row, others
    with an indicator or a value beside them), and by indentation (the distinct indents of the
    block's names, shallowest first, when there are no more of them than levels)."""
    bold: set[int] = set()
    heading: set[int] = set()
    indented: dict[int, list[int]] = {}
    for index, block in enumerate(layout.blocks):
        if len(block.levels) < 2 or "name" not in block.slot_cols:
            continue
        name_col = block.slot_cols["name"]
        marks: set[bool] = set()
        alone: set[bool] = set()
        indents: set[int] = set()
        for row, tokens in zip(body, token_rows, strict=False):
            if not any(t.col == name_col and t.kind == "text" for t in tokens):
                continue
            marks.add(row.style(name_col).bold)
            indents.add(row.style(name_col).indent)
            others = [
                t
                for t in tokens
                if block.contains(t.col) and t.col != name_col and t.text.strip() not in DASHES
            ]
            alone.add(not others)
        if marks == {True, False}:
            bold.add(index)
        if alone == {True, False}:
            heading.add(index)
        if 1 < len(indents) <= len(block.levels):
            indented[index] = sorted(indents)
    return bold, heading, indented


def _band_labels(band: list[Row], layout: Layout) -> list[list[str]]:
    """Per column, the header texts stacked above it (column-number rows left out)."""
    width = max(len(layout.columns), max(len(r.cells) for r in band))
    return [layout.columns[c].labels if c in layout.columns else [] for c in range(width)]


def interpret(grid: Grid, nomenclature=None, mapping: Mapping | None = None) -> Plan:
    """Recover the plan a grid means, with a finding for every problem met on the way.

    Raises UnreadableDocument when the grid holds no plan table at all.
    """
    return Interpreter(grid, nomenclature, mapping).run()


def interpret_with_reading(
    grid: Grid, nomenclature=None, mapping: Mapping | None = None
) -> tuple[Plan, Reading]:
    """``interpret``, and the reading it made (tables, column roles, row levels) for the preview."""
    interpreter = Interpreter(grid, nomenclature, mapping)
    plan = interpreter.run()
    return plan, interpreter.reading
