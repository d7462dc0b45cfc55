"""docs/access.md is the gatekeeper's rule as a table: each cell is checked against ``access.can``.

For each action (row) and role (column): ``every unit`` allows it on both units of the kabupaten,
``own unit`` on the person's unit only, ``kabupaten`` on the kabupaten itself, ``—`` nowhere. Every
``Action`` must have its row, so a new action cannot go undocumented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from renaksi.web import access
from renaksi.web.access import Action

DOC = Path(__file__).parents[2] / "docs/access.md"
ROLES = {"admin": "erin", "operator": "alice", "head": "dave", "inspector": "charlie"}


def table() -> dict[str, dict[str, str]]:
    """action → role → cell, from the markdown table of docs/access.md."""
    lines = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        action = cells[0].strip("`")
        rows[action] = {role: cells[header.index(role)] for role in ROLES}
    return rows


def test_every_action_has_its_row():
    assert sorted(table()) == sorted(a.value for a in Action)


@pytest.mark.parametrize(
    ("action", "role"), [(a.value, r) for a in Action for r in ROLES], ids=lambda x: str(x)
)
def test_the_table_is_the_gatekeepers_rule(cast, kabupaten, kaligondang, bukateja, action, role):
    cell = table()[action][role]
    user = cast[ROLES[role]]
    own, other = kaligondang, bukateja  # alice's and dave's unit; another unit of the kabupaten
    allowed = {
        "own": access.can(user, own, Action(action)),
        "other": access.can(user, other, Action(action)),
        "kabupaten": access.can(user, kabupaten, Action(action)),
    }
    if cell == "every unit":
        assert allowed["own"] and allowed["other"], allowed
    elif cell == "own unit":
        assert allowed["own"] and not allowed["other"], allowed
    elif cell == "kabupaten":
        assert allowed["kabupaten"], allowed
    elif cell == "—":
        assert not any(allowed.values()), allowed
    else:
        raise AssertionError(f"docs/access.md: unknown cell {cell!r} ({action}, {role})")
