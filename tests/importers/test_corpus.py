"""The importer on real documents (tests/corpus): the score is kept as a floor.

``tests/corpus`` holds seven real documents written by offices that never heard of Renaksi, each
with what a careful reader finds in it (``expected/*.json``, see tests/corpus/README.md). Every
document is read as ``renaksi parse --json`` reads it and scored by ``planscore.score`` (one point
per node, indicator, target and finding found). A change that reads them worse fails here: raise
the floors when the importer gets better, never lower them to make a change pass.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from renaksi.importers import UnreadableDocument, read_plan

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EXPECTED = sorted((CORPUS / "expected").glob("*.json"))

_spec = importlib.util.spec_from_file_location("planscore", CORPUS / "planscore.py")
planscore = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(planscore)

# Each document's score may not fall below its floor; the mean may not fall below MEAN_FLOOR.
FLOORS: dict[str, float] = {
    "jabar-bapusipda-renstra-2013-2018": 1.0,
    "jabar-biro-perekonomian-renja-lampiran-2016": 1.0,
    "jabar-bkpp1-evaluasi-renja-2016": 0.95,
    "jabar-dinkes-pk-2017": 1.0,
    "jabar-dishub-monev-renaksi-2016": 0.97,
    "jabar-dishub-renaksi-2016": 1.0,
    "jabar-diskumkm-pengukuran-kinerja-2016": 1.0,
}
MEAN_FLOOR = 0.98
_SCORES: dict[str, float] = {}


def _score(golden: Path) -> tuple[float, list[str]]:
    gold = json.loads(golden.read_text(encoding="utf-8"))
    try:
        plan = read_plan(CORPUS / gold["file"]).to_dict()
    except UnreadableDocument:
        return 0.0, ["refused"]
    ratio, misses = planscore.score(plan, gold)
    _SCORES[golden.stem] = ratio
    return ratio, misses


def test_every_document_has_a_floor():
    assert {g.stem for g in EXPECTED} == set(FLOORS)


@pytest.mark.parametrize("golden", EXPECTED, ids=[g.stem for g in EXPECTED])
def test_document_scores_at_least_its_floor(golden):
    ratio, misses = _score(golden)
    assert ratio >= FLOORS[golden.stem], "\n".join(misses[:25])


def test_mean_score_at_least_the_floor():
    scores = [_SCORES.get(g.stem) for g in EXPECTED]
    scores = [s if s is not None else _score(g)[0] for s, g in zip(scores, EXPECTED, strict=True)]
    mean = sum(scores) / len(scores)
    print(
        f"corpus mean {mean:.3f}: "
        + ", ".join(f"{g.stem} {s:.3f}" for g, s in zip(EXPECTED, scores, strict=True))
    )
    assert mean >= MEAN_FLOOR
