"""How fast real documents are read: every document of tests/corpus/docs, and a 10-page PDF.

    .venv/bin/python bench/bench_corpus.py [--runs 3] [--profile]

Prints figures beside the goal (not a test: nothing fails). For each document: the time to read
its grid (the format reader alone) and the time of the whole ``read_plan`` (reader, interpreter,
validator), medians of ``--runs``. The PDF is generated with reportlab as a Rencana Aksi looks
when printed: on each of 10 landscape pages a ruled table with its header row and 25 rows
(sasaran, program, kegiatan and sub kegiatan with an indicator, a unit, the annual target, TW I-IV
and a budget; long names wrap). ``--profile`` reads that PDF once under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from renaksi.importers import UnreadableDocument, read_grid, read_plan

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests/corpus/docs"

GOAL_PDF_S = 2.0
PAGES = 10
ROWS_PER_PAGE = 25
HEADER = ["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET"]
HEADER += ["TW I", "TW II", "TW III", "TW IV", "ANGGARAN (Rp)"]


def _rows() -> list[list[str]]:
    """PAGES × ROWS_PER_PAGE rows of a Rencana Aksi's cascade, numbered as outlines."""
    levels = [
        ("Meningkatnya kualitas pelayanan publik dan akuntabilitas kinerja", "Indeks", "82"),
        ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "Persen", "100"),
        ("Kegiatan Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "", ""),
        ("Penyusunan Dokumen Perencanaan Perangkat Daerah", "Dokumen", "4"),
    ]
    rows = []
    outline = [0, 0, 0, 0]
    for n in range(PAGES * ROWS_PER_PAGE):
        depth = 0 if n % 25 == 0 else 1 if n % 12 == 1 else 2 if n % 4 == 2 else 3
        outline[depth] += 1
        outline[depth + 1 :] = [0] * (3 - depth)
        name, unit, target = levels[depth]
        number = ".".join(str(part) for part in outline[: depth + 1])
        quarters = [str(round(int(target or 0) * q / 4)) if target else "" for q in (1, 2, 3, 4)]
        budget = f"{(n + 1) * 12_500_000:,}".replace(",", ".") + ",00" if depth == 3 else ""
        indicator = f"Jumlah {name.split()[0].lower()} yang tercapai {n + 1:03d}" if unit else ""
        rows.append([number, f"{name} {n + 1:03d}", indicator, unit, target, *quarters, budget])
    return rows


def build_pdf(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=6.5, leading=7.5)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=11, alignment=1)
    widths = [34, 190, 170, 44, 40, 36, 36, 36, 36, 80]
    doc = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), topMargin=28, bottomMargin=28, leftMargin=36
    )
    rows = _rows()
    story: list = []
    for page in range(PAGES):
        if page:
            story.append(PageBreak())
        else:
            story.append(Paragraph("RENCANA AKSI TAHUN 2022 KECAMATAN KALIGONDANG", title))
        part = rows[page * ROWS_PER_PAGE : (page + 1) * ROWS_PER_PAGE]
        data = [[Paragraph(text, head) for text in HEADER]]
        data += [[Paragraph(text, cell) for text in row] for row in part]
        table = Table(data, colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return path


def _median(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _line(name: str, path: Path, runs: int) -> float | None:
    try:
        rows = len(read_grid(path).rows)  # also a warm-up: imports
    except UnreadableDocument as exc:
        print(f"{name:48} unreadable: {exc}")
        return None
    grid = _median(lambda: read_grid(path), runs)
    try:
        read_plan(path)  # warm-up: the nomenclature
        plan = f"{_median(lambda: read_plan(path), runs):6.2f} s"
    except UnreadableDocument:
        plan = "  (no plan table found)"
    print(f"{name:48} {rows:5} rows   grid {grid:6.2f} s   read_plan {plan}")
    return grid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per document (median)")
    parser.add_argument("--profile", action="store_true", help="cProfile the 10-page PDF")
    args = parser.parse_args(argv)
    runs = max(args.runs, 1)

    for path in sorted(CORPUS.iterdir()):
        if path.is_file():
            _line(path.name, path, runs)
    with tempfile.TemporaryDirectory() as tmp:
        import pymupdf

        pdf = build_pdf(Path(tmp) / "rencana-aksi-10-halaman.pdf")
        with pymupdf.open(pdf) as document:
            pages = document.page_count
        grid = _line(f"generated PDF ({pages} pages, {ROWS_PER_PAGE} rows each)", pdf, runs)
        if grid is not None:
            verdict = "ok" if grid < GOAL_PDF_S else "SLOWER THAN GOAL"
            print(f"{'':48} goal: the grid of a 10-page PDF < {GOAL_PDF_S:.0f} s  {verdict}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            read_grid(pdf)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(20)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
