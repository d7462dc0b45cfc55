"""Levels: what the rows of a table say about the level of each block, and outline numbering.

A header's claim ("SASARAN | PROGRAM") is weighed against the rows' evidence: names that announce
their level ("Program …"), nomenclature codes and names, result statements ("Meningkatnya …",
the form of sasaran), how many texts a block's rows carry, section rows, and the table before.
"""

from __future__ import annotations

from ..core.names import CODE_RE, is_result_statement, level_word, outline_splits, split_label
from ..core.plan import LEVELS, parent_level
from .layout import Layout
from .values import Token, row_groups

# Nomenclature codes by depth: 7.01.01 program, 7.01.01.2.01 kegiatan, 7.01.01.2.01.0001 sub kegiatan.
CODE_DEPTH = {3: "program", 5: "kegiatan", 6: "subkegiatan"}


def name_evidence(name: str, nomenclature) -> dict[str, float]:
    """Scores per level for one name in a block's name column."""
    scores: dict[str, float] = {}
    label = split_label(name)
    word = level_word(label.name)
    if word:
        scores[word] = scores.get(word, 0) + 3
    if label.code:
        depth = CODE_DEPTH.get(len(label.code.split(".")))
        if depth:
            scores[depth] = scores.get(depth, 0) + 4
    if is_result_statement(label.name):
        for level in ("tujuan", "sasaran"):
            scores[level] = scores.get(level, 0) + 2
        for level in ("program", "kegiatan", "subkegiatan"):
            scores[level] = scores.get(level, 0) - 2
    if nomenclature is not None and not word:
        guessed = nomenclature(label.name)
        if guessed:
            scores[guessed] = scores.get(guessed, 0) + 2
    return scores


def _candidates(n: int) -> list[tuple[str, ...]]:
    return [tuple(LEVELS[i : i + n]) for i in range(len(LEVELS) - n + 1)]


def _texts_by_block(layout: Layout, tokens: list[Token]) -> list[tuple[int, list[Token]]]:
    """A row's texts with the block each group belongs to.

    In a row with period labels (a tall table: "TW I | 25%" under each indicator) the texts before
    a label are one group, placed in the block of its first text (columns drift). A row without
    labels (a wide table) is cut by the header's blocks: each block's texts are its own.
    """
    if any(t.kind == "period" for t in tokens):
        return [
            (layout.block_at(group.texts[0].col), group.texts)
            for group in row_groups(tokens)
            if group.texts
        ]
    by_block: dict[int, list[Token]] = {}
    for token in tokens:
        if token.kind == "text":
            by_block.setdefault(layout.block_at(token.col), []).append(token)
    return sorted(by_block.items())


def choose_levels(
    layout: Layout,
    rows: list[list[Token]],
    previous: tuple[str, ...] | None,
    nomenclature,
    repeated: bool = False,
) -> tuple[str, ...]:
    """The levels of a table's blocks: the header's claim weighed against the rows' evidence.

    ``previous`` are the levels of the table before (same number of blocks); ``repeated`` says the
    header band is a copy of an earlier one, as page headers are: then continuing the table before
    is likely, whatever the copy names.
    """
    n = len(layout.blocks)
    evidence: list[dict[str, float]] = [{} for _ in range(n)]
    sections: dict[str, float] = {}
    for tokens in rows:
        texts = [t for t in tokens if t.kind == "text"]
        if len(texts) == 1 and len(tokens) == 1:
            word = level_word(split_label(texts[0].text).name)
            if word:
                sections[word] = sections.get(word, 0) + 3
            continue
        for index, texts in _texts_by_block(layout, tokens):
            if len(texts) >= 3:
                # Three texts (name, result statement, indicator) are the shape of programs and
                # below; sasaran and tujuan rows carry a statement and an indicator only.
                for level in ("program", "kegiatan", "subkegiatan"):
                    evidence[index][level] = evidence[index].get(level, 0) + 0.5
                for level in ("tujuan", "sasaran"):
                    evidence[index][level] = evidence[index].get(level, 0) - 1.5
            # The name is the first of the block's texts when the row names a node at all.
            slots = max(len(layout.blocks[index].slots), min(len(texts), 3))
            if len(texts) < slots:
                continue
            for level, score in name_evidence(texts[-slots].text, nomenclature).items():
                evidence[index][level] = evidence[index].get(level, 0) + score

    best, best_score = None, float("-inf")
    for candidate in _candidates(n):
        score = 0.0
        for block, level, ev in zip(layout.blocks, candidate, evidence, strict=True):
            # A repeated band is likely a page header, whose claim is worth less.
            if block.level == level or (len(block.levels) > 1 and level in block.levels):
                score += 1 if repeated else 3
            elif block.level and not repeated:
                score -= 1
            has_objective = "objective" in block.slots
            if has_objective == (level in ("program", "kegiatan", "subkegiatan")):
                score += 1
            if len(block.levels) > 1 and level in block.levels:
                # A block of several levels (PROGRAM/KEGIATAN) has rows of each: its evidence
                # backs any of them, and the blocks around it decide which.
                score += max(ev.get(named, 0) for named in block.levels)
            else:
                score += ev.get(level, 0)
        above = parent_level(candidate[0])
        if above:
            score += sections.get(above, 0)
        if candidate[0] == "sasaran":
            # A tie goes to sasaran: Rencana Aksi and Perjanjian Kinerja start there; a table
            # of tujuan says so in its header.
            score += 0.25
        if previous and candidate == previous:
            score += 6 if repeated else 2
        if score > best_score:
            best, best_score = candidate, score
    assert best is not None
    return best


def numbers_are_outlines(layout: Layout, token_rows: list[list[Token]]) -> bool:
    """Whether a table numbers its rows by outline: some number is an earlier one plus ".n"."""
    columns = {c for c, column in layout.columns.items() if column.role == "number"}
    if not columns:
        return False
    seen: set[str] = set()
    for tokens in token_rows:
        for token in tokens:
            if token.col in columns:
                number = token.text.strip().rstrip(".")
                if is_code(number):
                    continue
                if any(prefix in seen for prefix, _own in outline_splits(number)):
                    return True
                seen.add(number)
    return False


_FIRST_NUMERALS = {"1", "A", "a", "I", "i"}


def is_code(number: str) -> bool:
    """A nomenclature code ("7.01.01", "X.XX.01.2.01.0001") rather than an outline number."""
    m = CODE_RE.match(number.strip() + " ")
    return bool(m) and m.group(1) == number.strip().rstrip(".")


def numbers_restart_per_level(layout: Layout, token_rows: list[list[Token]]) -> bool:
    """Whether a table with a level column numbers each level afresh: a row numbered "1" (or
    "A", "I") right after a row of a level above it, as a first child is numbered."""
    roles = {c: column.role for c, column in layout.columns.items()}
    previous: int | None = None
    for tokens in token_rows:
        number = level = None
        for token in tokens:
            if roles.get(token.col) == "number":
                number = token.text.strip().rstrip(".")
            elif roles.get(token.col) == "level":
                level = level_word(token.text.strip())
        if level is None:
            continue
        rank = LEVELS.index(level)
        if previous is not None and previous < rank and number in _FIRST_NUMERALS:
            return True
        previous = rank
    return False
