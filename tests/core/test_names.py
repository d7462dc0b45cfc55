"""Names: a level word one typing slip away (misspelt_level_word), table-driven."""

from __future__ import annotations

import pytest

from renaksi.core.names import level_word, misspelt_level_word


def P(*args, id):
    return pytest.param(*args, id=id)


@pytest.mark.parametrize(
    "name, level",
    [
        # One slip: a letter left out, added, changed, or two letters swapped.
        P("Proram Penunjang", "program", id="letter-left-out"),
        P("Prgram Penunjang", "program", id="vowel-left-out"),
        P("Programm Penunjang", "program", id="letter-added"),
        P("Progran Penunjang", "program", id="letter-changed"),
        P("Prgoram Penunjang", "program", id="letters-swapped"),
        P("PRORAM PENUNJANG", "program", id="capitals"),
        P("Proram: Penunjang", "program", id="colon"),
        P("1. Proram Penunjang", "program", id="numbered"),
        P("Kegiatn Administrasi", "kegiatan", id="kegiatan-letter-left-out"),
        P("Kgiatan Administrasi", "kegiatan", id="kegiatan-first-vowel-left-out"),
        P("Kegiataan Administrasi", "kegiatan", id="kegiatan-letter-added"),
        P("Kegiatab Administrasi", "kegiatan", id="kegiatan-letter-changed"),
        # Not a slip, or nothing to name.
        P("Progres Pembangunan", None, id="two-slips-a-word"),
        P("Pro Rakyat", None, id="too-short"),
        P("Program", None, id="level-word-alone"),
        P("Proram", None, id="misspelt-word-alone"),
        P("Sasaran Meningkatnya", None, id="other-level-word"),
        P("Subkegiatan Penyediaan", None, id="sub-kegiatan-not-a-slip"),
        P("Pengadaan Barang", None, id="plain-name"),
        P("", None, id="empty"),
    ],
)
def test_misspelt_level_word(name, level):
    assert misspelt_level_word(name) == level
    if level is not None:
        assert level_word(name) is None  # what level_word alone would miss
