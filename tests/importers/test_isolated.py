"""Reading a document in a process of its own, limited in memory and time (importers/isolated.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from renaksi.importers import UnreadableDocument, read_grid
from renaksi.importers.isolated import read_grid_isolated

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
PDF = ROOT / "tests/corpus/docs/jabar-dishub-monev-renaksi-2016.pdf"
DOCX = ROOT / "tests/corpus/docs/jabar-dinkes-pk-2017.docx"


@pytest.mark.parametrize("path", [SAMPLE, PDF, DOCX], ids=["text", "pdf", "docx"])
def test_the_same_grid_as_read_in_process(path):
    assert read_grid_isolated(path).to_dict() == read_grid(path).to_dict()


def test_a_document_needing_more_memory_is_refused():
    with pytest.raises(UnreadableDocument, match=r"needs more than 5 MB of memory"):
        read_grid_isolated(PDF, name="rencana.pdf", memory_mb=5)


def test_a_document_taking_longer_is_refused_in_time(tmp_path):
    from .office_layouts import make_long_pdf

    path = tmp_path / "long.pdf"
    make_long_pdf(path, pages=40)  # several seconds of reading
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument, match=r"^rencana\.pdf: reading it took longer than 1 s"):
        read_grid_isolated(path, name="rencana.pdf", seconds=1)
    assert time.perf_counter() - start < 8


def test_an_unreadable_document_says_why_under_its_own_name(tmp_path):
    path = tmp_path / "upload.pdf"
    path.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(UnreadableDocument) as refused:
        read_grid_isolated(path, name="rencana aksi.pdf")
    message = str(refused.value)
    assert message.startswith("rencana aksi.pdf: ") and "upload.pdf" not in message
    assert "\n" not in message
