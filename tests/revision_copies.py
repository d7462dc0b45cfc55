"""A changed copy of the sample plan, and exactly the changes made to it, for the revision diff's
tests (the CLI's, the page's and the browser's).

``changed_copy(sample)`` returns a deep copy of the sample with five changes a person makes between
two revisions, and ``CHANGES``: each as ``reports.revision_diff.DiffRow`` shows it (kind, what,
where, name, period, old, new), nothing else:

- an indicator renamed slightly ("Presentase" → "Persentase"),
- an indicator removed,
- a TW II target changed (50 → 60),
- a budget given to a kegiatan (none → Rp 125.000.000),
- a sub kegiatan moved to another kegiatan (renumbered 4 there).
"""

from __future__ import annotations

import copy

from renaksi.core.plan import Plan

RENAMED_FROM = "Presentase Dokumen Laporan yang disusun"
RENAMED_TO = "Persentase Dokumen Laporan yang disusun"
REMOVED = "Presentase Dokumen Perencanaan yang diserahkan tepat waktu sesuai ketentuan"
RETARGETED = "Presentase Dokumen Administrasi Keuangan yang Disusun sesuai Ketentuan"
BUDGETED = "Kegiatan Administrasi Keuangan Perangkat Daerah"
MOVED = "Evaluasi Kinerja Perangkat Daerah"

# (kind, what, where, name, period, old, new)
CHANGES = {
    ("renamed", "indicator", "1.1.1.1", RENAMED_TO, "", RENAMED_FROM, RENAMED_TO),
    ("removed", "indicator", "1.1.1.1", REMOVED, "", "", ""),
    ("target", "indicator", "1.1.1.2", RETARGETED, "TW2", "50", "60"),
    ("budget", "node", "1.1.1.2", BUDGETED, "", "", "125.000.000"),
    ("moved", "node", "1.1.1.2.4", MOVED, "", "1.1.1.1.2", "1.1.1.2.4"),
}


def changed_copy(sample: Plan) -> Plan:
    """The sample with the five changes of ``CHANGES`` (the sample itself is left as it is)."""
    plan = copy.deepcopy(sample)
    program = plan.nodes[0].children[0].children[0]
    first, second = program.children[0], program.children[1]  # kegiatan 1 and 2
    assert [i.name for i in first.indicators] == [REMOVED, RENAMED_FROM]
    assert second.name == BUDGETED and second.indicators[0].name == RETARGETED
    first.indicators[1].name = RENAMED_TO
    del first.indicators[0]
    second.indicators[0].targets["TW2"] = 60
    second.budget = 125_000_000
    moved = first.children.pop(1)
    assert moved.name == MOVED
    moved.number = "4"
    second.children.append(moved)
    return plan


def shown(rows) -> set[tuple]:
    """``DiffRow``s as the tuples of ``CHANGES``."""
    return {(r.kind, r.what, r.where, r.name, r.period, r.old, r.new) for r in rows}
