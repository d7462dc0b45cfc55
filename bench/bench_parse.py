"""How fast documents are read: the sample, and a generated document of 10,000 rows.

    .venv/bin/python bench/bench_parse.py [--rows N] [--profile]

Prints figures beside their goals (not a test: nothing fails). The large document is built from the
sample's kegiatan table (its header band and its first kegiatan block: a kegiatan with two result
statements and two sub kegiatan, four TW rows each), repeated with distinct names and numbers under
generated programs, so that nothing merges and every row is read. ``--profile`` runs the large
document once under cProfile and prints the top functions.
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
from pathlib import Path

from renaksi.importers import read_plan

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"

GOAL_SAMPLE_MS = 100.0
GOAL_LARGE_S = 2.0
KEGIATAN_PER_PROGRAM = 10


def _sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def _kegiatan_table(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The sample's kegiatan header band and its first kegiatan block (rows as cells)."""
    start = next(i for i, line in enumerate(lines) if line.split("\t")[0].strip() == "KEGIATAN")
    band = lines[start : start + 2]
    first = next(i for i in range(start + 2, len(lines)) if lines[i].startswith("1. Kegiatan"))
    end = first + 1
    while end < len(lines) and lines[end].strip() and not lines[end].split("\t")[0].strip():
        end += 1
    return band, [line.split("\t") for line in lines[first:end]]


def _rename(cell: str, tag: str, number: int | None = None) -> str:
    """A name made distinct by a fixed-width tag; its numbering replaced by ``number``."""
    text = cell.strip()
    if not text or text.startswith("TW") or text.endswith("%"):
        return cell
    head, _, rest = text.partition(" ")
    if head.rstrip(".").isdigit() and rest:
        prefix = f"{number}. " if number is not None else f"{head} "
        return f"{prefix}{rest} {tag}"
    return f"{text} {tag}"


def generate(rows: int) -> str:
    """A Rencana Aksi of about ``rows`` data rows in the sample's kegiatan layout."""
    lines = _sample_lines()
    band, block = _kegiatan_table(lines)
    out = ["RENCANA AKSI TAHUN 2022", "KECAMATAN KALIGONDANG", "", *band]
    kegiatan = 0
    program = 0
    data_rows = 0
    while data_rows < rows:
        if kegiatan % KEGIATAN_PER_PROGRAM == 0:
            program += 1
            out.append(f"{program}. Program Penunjang Urusan Pemerintahan Wilayah {program:05d}")
            data_rows += 1
        kegiatan += 1
        tag = f"Unit {kegiatan:06d}"
        sub = 0
        for cells in block:
            new = list(cells)
            for col, cell in enumerate(cells):
                if not cell.strip():
                    continue
                if col == 0:
                    new[col] = _rename(cell, tag, (kegiatan - 1) % KEGIATAN_PER_PROGRAM + 1)
                elif col == 5:
                    sub += 1
                    new[col] = _rename(cell, tag, sub)
                else:
                    new[col] = _rename(cell, tag)
            out.append("\t".join(new))
            data_rows += 1
    return "\n".join(out) + "\n"


def _time(path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_plan(path)
        times.append(time.perf_counter() - start)
    return times


def _verdict(ok: bool) -> str:
    return "ok" if ok else "SLOWER THAN GOAL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the generated document")
    parser.add_argument("--runs", type=int, default=20, help="runs on the sample (median)")
    parser.add_argument("--large-runs", type=int, default=3, help="runs on the large document")
    parser.add_argument("--profile", action="store_true", help="cProfile the large document")
    args = parser.parse_args(argv)

    sample_rows = sum(1 for line in _sample_lines() if line.strip())
    read_plan(SAMPLE)  # warm up: imports, nomenclature, regexes
    sample = statistics.median(_time(SAMPLE, max(args.runs, 20))) * 1000
    print(
        f"sample ({sample_rows} rows):  median {sample:8.1f} ms  "
        f"({sample_rows / sample * 1000:,.0f} rows/s)   goal < {GOAL_SAMPLE_MS:.0f} ms  "
        f"{_verdict(sample < GOAL_SAMPLE_MS)}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rencana-aksi-besar.txt"
        path.write_text(generate(args.rows), encoding="utf-8")
        n_rows = sum(1 for line in path.read_text(encoding="utf-8").split("\n") if line.strip())
        plan = read_plan(path)
        counts = ", ".join(
            f"{plan.count(level)} {level}" for level in ("program", "kegiatan", "subkegiatan")
        )
        indicators = sum(1 for _ in plan.indicators())
        large = statistics.median(_time(path, max(args.large_runs, 1)))
        print(
            f"generated ({n_rows:,} rows; {counts}; {indicators} indicators; "
            f"{len(plan.findings)} findings):  median {large:6.2f} s  "
            f"({n_rows / large:,.0f} rows/s)   goal < {GOAL_LARGE_S:.0f} s  "
            f"{_verdict(large < GOAL_LARGE_S)}"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            read_plan(path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("tottime").print_stats(15)
            stats.sort_stats("cumulative").print_stats(15)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
