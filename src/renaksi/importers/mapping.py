"""A person's correction of how a document is read, and what the importer read.

The importer reads most documents without help, but some layouts it cannot tell: a caption it
does not know, a column whose role its content does not settle, a row whose level nothing in the
document says. The preview then shows the **reading** (which rows are headers, what each column
holds, which level each row names) and lets the person correct it; the correction is a
**Mapping**, applied by reading the same grid again.

Mapping (JSON, ``renaksi parse FILE --mapping MAPPING.json`` and the import preview)::

    {
      "tables": [
        {"header": 7,                  # the grid line of a table's header row (its lowest row)
         "fingerprint": "…",           # or: the header fingerprint of the tables it applies to
         "columns": {"0": "number", "1": "name:sasaran", "2": "indicator",
                     "3": "target:TW1", "7": "annual", "8": "budget", "9": "ignore"}}
      ],
      "rows": [
        {"line": 12, "level": "program"},                # this row names a program
        {"text": "Pelayanan Kesehatan", "level": "program"},  # a row whose text is this
        {"line": 40, "exclude": true}                     # not a plan row
      ]
    }

A table entry applies to the table whose header row is at ``header`` (that row then is the
lowest row of a header, whatever its words), or, without ``header``, to every table whose header
fingerprint is ``fingerprint`` (a template kept from an earlier correction). Its ``columns``
give roles by column index (0-based); the columns it does not name keep the role the importer
gave them. A row rule matches the row at ``line``, or every row whose text (its non-empty cells
joined by spaces, compared without case and spacing) is ``text``.

Column roles: ``name`` (the name of the node a row describes; ``name:program`` when the column
holds one level only), ``objective`` (a result statement), ``indicator``, ``unit``,
``target:PERIOD`` (``target:TW1`` … ``target:TW4``, ``target:M01`` …, ``target:2025``),
``annual`` (the annual target), ``budget``, ``actual:PERIOD`` (realisasi; ``actual`` alone: the
realisasi of the plan's year), ``code``
(nomenclature code), ``number`` (numbering), ``level`` (a column saying each row's level),
``note`` and ``ignore`` (read by nobody).

Pure Python; no Django.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.periods import MONTHS, QUARTERS, parse_period
from ..core.plan import LEVELS

# The roles a person may give a column, in the order the preview offers them.
COLUMN_ROLES: tuple[str, ...] = (
    "name",
    "objective",
    "indicator",
    "unit",
    "target",
    "annual",
    "budget",
    "actual",
    "code",
    "number",
    "level",
    "note",
    "ignore",
)
# Roles that take a period (target:TW1) and roles that may take a level (name:program).
PERIOD_ROLES = ("target", "actual")
LEVEL_ROLES = ("name",)

# Limits: a mapping comes from a person's form or a file; nothing in it may be unbounded.
MAX_TABLES = 200
MAX_COLUMNS = 200
MAX_ROWS = 20_000
MAX_TEXT = 500
MAX_LINE = 10_000_000


class MappingError(ValueError):
    """A mapping that cannot be applied; the message says what and where ("rows[3].level: …")."""


@dataclass(frozen=True)
class ColumnRole:
    """One column's role: ``role`` from COLUMN_ROLES, with a ``period`` for targets and realisasi
    and, for names, the ``level`` the column holds (None: each row's level is decided per row)."""

    role: str
    period: str | None = None
    level: str | None = None

    @property
    def key(self) -> str:
        """The role as written in a mapping: "target:TW1", "name:program", "indicator"."""
        qualifier = self.period or self.level
        return f"{self.role}:{qualifier}" if qualifier else self.role

    @classmethod
    def parse(cls, text: object, where: str = "role") -> ColumnRole:
        """Read "target:TW I", "name:Program", "indicator"… Raises MappingError."""
        if not isinstance(text, str) or not text.strip() or len(text) > 40:
            raise MappingError(f"{where}: a role is a short text such as 'indicator'")
        role, _, qualifier = text.strip().partition(":")
        role = role.strip().lower()
        qualifier = qualifier.strip()
        if role not in COLUMN_ROLES:
            raise MappingError(f"{where}: unknown role '{role}'; known: {', '.join(COLUMN_ROLES)}")
        if role == "actual" and not qualifier:
            return cls(role)  # one realisasi column: the realisasi of the plan's year
        if role in PERIOD_ROLES:
            period = (
                qualifier.upper()
                if qualifier.upper() in (*QUARTERS, *MONTHS)
                else parse_period(qualifier, allow_year=True)
            )
            if period is None:
                raise MappingError(
                    f"{where}: '{role}' needs a period, as in '{role}:TW1' or '{role}:2025'"
                )
            return cls(role, period=period)
        if role in LEVEL_ROLES and qualifier:
            level = _level(qualifier)
            if level is None:
                raise MappingError(
                    f"{where}: unknown level '{qualifier}'; known: {', '.join(LEVELS)}"
                )
            return cls(role, level=level)
        if qualifier:
            raise MappingError(f"{where}: role '{role}' takes nothing after ':'")
        return cls(role)


def _level(text: str) -> str | None:
    key = re.sub(r"[\s_-]+", "", text.lower())
    return key if key in LEVELS else None


@dataclass
class TableMapping:
    """Column roles for one table (``header``) or for every table of a layout (``fingerprint``)."""

    header: int | None = None
    fingerprint: str | None = None
    columns: dict[int, ColumnRole] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.header is not None:
            out["header"] = self.header
        if self.fingerprint is not None:
            out["fingerprint"] = self.fingerprint
        out["columns"] = {str(c): r.key for c, r in sorted(self.columns.items())}
        return out


@dataclass
class RowRule:
    """A row's level (``level``) or its exclusion (``exclude``), by ``line`` or by ``text``."""

    line: int | None = None
    text: str | None = None
    level: str | None = None
    exclude: bool = False

    def matches(self, line: int, text_key: str) -> bool:
        if self.line is not None:
            return self.line == line
        return self.text is not None and row_text_key(self.text) == text_key

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.line is not None:
            out["line"] = self.line
        if self.text is not None:
            out["text"] = self.text
        if self.exclude:
            out["exclude"] = True
        else:
            out["level"] = self.level
        return out


@dataclass
class Mapping:
    """A whole correction (see the module docstring). An empty Mapping changes nothing."""

    tables: list[TableMapping] = field(default_factory=list)
    rows: list[RowRule] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tables or self.rows)

    # -- applying -------------------------------------------------------------------------

    def header_lines(self) -> set[int]:
        """Lines a person marked as a table's header row."""
        return {t.header for t in self.tables if t.header is not None}

    def columns_for(self, header_line: int | None, fingerprint: str) -> dict[int, ColumnRole]:
        """The column roles for a table: by its header line first, else by its fingerprint."""
        for table in self.tables:
            if table.header is not None and table.header == header_line:
                return table.columns
        for table in self.tables:
            if table.header is None and table.fingerprint == fingerprint:
                return table.columns
        return {}

    def row_rule(self, line: int, cells: list[str]) -> RowRule | None:
        """The rule for a row (by line before text; the last matching rule of each kind wins)."""
        key = row_text_key(" ".join(c for c in cells if c))
        by_line = [r for r in self.rows if r.line is not None and r.matches(line, key)]
        if by_line:
            return by_line[-1]
        by_text = [r for r in self.rows if r.line is None and r.matches(line, key)]
        return by_text[-1] if by_text else None

    # -- JSON ---------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": [t.to_dict() for t in self.tables],
            "rows": [r.to_dict() for r in self.rows],
        }

    @classmethod
    def from_dict(cls, data: object) -> Mapping:
        """Read and check a mapping; MappingError says what is wrong and where."""
        if not isinstance(data, dict):
            raise MappingError("a mapping is a JSON object with 'tables' and 'rows'")
        unknown = set(data) - {"tables", "rows", "version"}
        if unknown:
            raise MappingError(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
        tables_data = data.get("tables") or []
        rows_data = data.get("rows") or []
        if not isinstance(tables_data, list) or len(tables_data) > MAX_TABLES:
            raise MappingError(f"tables: a list of at most {MAX_TABLES} tables")
        if not isinstance(rows_data, list) or len(rows_data) > MAX_ROWS:
            raise MappingError(f"rows: a list of at most {MAX_ROWS} rows")
        mapping = cls()
        for i, item in enumerate(tables_data):
            mapping.tables.append(_table_from(item, f"tables[{i}]"))
        for i, item in enumerate(rows_data):
            mapping.rows.append(_row_from(item, f"rows[{i}]"))
        return mapping


def _line(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LINE:
        raise MappingError(f"{where}: a line number (1 or more)")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise MappingError(f"{where}: a text of 1 to {MAX_TEXT} characters")
    return value


def _table_from(item: object, where: str) -> TableMapping:
    if not isinstance(item, dict):
        raise MappingError(f"{where}: an object with 'header' or 'fingerprint', and 'columns'")
    unknown = set(item) - {"header", "fingerprint", "columns"}
    if unknown:
        raise MappingError(f"{where}: unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    table = TableMapping()
    if item.get("header") is not None:
        table.header = _line(item["header"], f"{where}.header")
    if item.get("fingerprint") is not None:
        table.fingerprint = _text(item["fingerprint"], f"{where}.fingerprint")
    if table.header is None and table.fingerprint is None:
        raise MappingError(f"{where}: needs 'header' (a line) or 'fingerprint'")
    columns = item.get("columns") or {}
    if not isinstance(columns, dict) or len(columns) > MAX_COLUMNS:
        raise MappingError(f"{where}.columns: an object of at most {MAX_COLUMNS} columns")
    for key, role in columns.items():
        try:
            col = int(key)
        except (TypeError, ValueError):
            col = -1
        if not 0 <= col < MAX_COLUMNS:
            raise MappingError(f"{where}.columns: '{key}' is not a column number (0, 1, 2 …)")
        table.columns[col] = ColumnRole.parse(role, f"{where}.columns.{key}")
    return table


def _row_from(item: object, where: str) -> RowRule:
    if not isinstance(item, dict):
        raise MappingError(f"{where}: an object with 'line' or 'text', and 'level' or 'exclude'")
    unknown = set(item) - {"line", "text", "level", "exclude"}
    if unknown:
        raise MappingError(f"{where}: unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    rule = RowRule()
    if item.get("line") is not None:
        rule.line = _line(item["line"], f"{where}.line")
    if item.get("text") is not None:
        rule.text = _text(item["text"], f"{where}.text")
    if rule.line is None and rule.text is None:
        raise MappingError(f"{where}: needs 'line' or 'text'")
    rule.exclude = bool(item.get("exclude"))
    if not rule.exclude:
        level = item.get("level")
        rule.level = _level(level) if isinstance(level, str) else None
        if rule.level is None:
            raise MappingError(
                f"{where}: 'level' is one of {', '.join(LEVELS)} (or give 'exclude': true)"
            )
    return rule


def row_text_key(text: str) -> str:
    """A row's text as rules compare it: without case, spacing and leading numbering marks."""
    s = " ".join(text.lower().split())
    s = _LEADING_NUMBER.sub("", s)
    return s[:MAX_TEXT]


# "1.", "1.2.", "a)", "(3)", "IV." before a row's text.
_LEADING_NUMBER = re.compile(r"^(\(?\d{1,3}(\.\d{1,3})*[.)]?|\(?[a-z][.)]|[ivx]{1,4}\.)\s+(?=\S)")


# ---------------------------------------------------------------------------------------------
# Fingerprints


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def header_fingerprint(labels: list[list[str]]) -> str:
    """A layout's identity: its columns' header labels, without case, spacing or years.

    ``labels`` holds, per column, the header texts stacked above it. Two documents of one layout
    (next year's plan, another unit's plan on the same form) have the same fingerprint; the years
    in their headers ("Target 2016", "Target 2017") do not count.
    """
    parts = []
    for stack in labels:
        words = " / ".join(" ".join(_YEAR.sub("yyyy", s.lower()).split()) for s in stack if s)
        parts.append(words)
    while parts and not parts[-1]:
        parts.pop()
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


# ---------------------------------------------------------------------------------------------
# The reading: what the importer decided, for the preview to show and the person to correct.


@dataclass
class ColumnReading:
    """One column of a table as read: its header ``label``, its ``role`` (a ColumnRole key, or
    None when the column is not read) and where that came from ("header", "content", "mapping")."""

    col: int
    label: str
    role: str | None
    source: str = "header"

    def to_dict(self) -> dict[str, Any]:
        return {"col": self.col, "label": self.label, "role": self.role, "source": self.source}


@dataclass
class TableReading:
    """One table as read: its header rows, fingerprint, columns, and the lines of its body."""

    header_lines: list[int]
    fingerprint: str
    columns: list[ColumnReading]
    body_lines: list[int] = field(default_factory=list)
    ref: str | None = None
    plan: bool = True  # False: a table of something else, whose rows are not read

    @property
    def header_line(self) -> int | None:
        """The table's lowest header row (the one a mapping names), None without a header."""
        return self.header_lines[-1] if self.header_lines else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "header_lines": self.header_lines,
            "fingerprint": self.fingerprint,
            "columns": [c.to_dict() for c in self.columns],
            "body_lines": self.body_lines,
            "ref": self.ref,
            "plan": self.plan,
        }


@dataclass
class Reading:
    """The whole document as read: its tables, each row's level, and the rows left out.

    ``levels`` maps the line of each row that named a node to that node's level; ``excluded``
    holds the lines a mapping excluded and ``ignored`` the lines the importer read as not part of
    the plan (prose, signature blocks, "Nama : …" lines), each with a short reason.
    """

    tables: list[TableReading] = field(default_factory=list)
    levels: dict[int, str] = field(default_factory=dict)
    excluded: set[int] = field(default_factory=set)
    ignored: dict[int, str] = field(default_factory=dict)

    def table_at(self, line: int) -> TableReading | None:
        """The table a line belongs to (its header or body)."""
        for table in self.tables:
            if line in table.header_lines or line in table.body_lines:
                return table
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": [t.to_dict() for t in self.tables],
            "levels": {str(k): v for k, v in sorted(self.levels.items())},
            "excluded": sorted(self.excluded),
            "ignored": {str(k): v for k, v in sorted(self.ignored.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reading:
        tables = [
            TableReading(
                header_lines=list(t.get("header_lines") or []),
                fingerprint=t.get("fingerprint") or "",
                columns=[
                    ColumnReading(
                        c["col"], c.get("label") or "", c.get("role"), c.get("source") or "header"
                    )
                    for c in t.get("columns") or []
                ],
                body_lines=list(t.get("body_lines") or []),
                ref=t.get("ref"),
                plan=t.get("plan", True),
            )
            for t in data.get("tables") or []
        ]
        return cls(
            tables=tables,
            levels={int(k): v for k, v in (data.get("levels") or {}).items()},
            excluded=set(data.get("excluded") or []),
            ignored={int(k): v for k, v in (data.get("ignored") or {}).items()},
        )
