"""How fast reports are rendered: the sample's Rencana Aksi as PDF, xlsx and docx, and a kabupaten.

    .venv/bin/python bench/bench_reports.py [--units 45] [--indicators 3000] [--runs 3] [--profile]

Prints figures beside their goals (not a test: nothing fails). The kabupaten is generated in code:
``--units`` core Plans (sasaran, programs, kegiatan, sub kegiatan, with indicators and TW I-IV
targets) holding about ``--indicators`` indicators in all, each built into its Rencana Aksi report
and rendered with a summary sheet into ONE workbook (``xlsx.render_workbook``). ``--profile``
runs the kabupaten workbook once under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.reports import CENTER, HEADING, NUMBER, Cell, Report, Signature, rencana_aksi
from renaksi.reports import docx as docx_renderer
from renaksi.reports import pdf as pdf_renderer
from renaksi.reports import xlsx as xlsx_renderer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
QUARTERS = ["TW1", "TW2", "TW3", "TW4"]

GOAL_PDF_S = 2.0
GOAL_XLSX_S = 1.0
GOAL_DOCX_S = 1.0
GOAL_KABUPATEN_S = 5.0

SIGNATURE = Signature(
    place="Kaligondang",
    date=dt.date(2022, 1, 3),
    position="Camat Kaligondang",
    name="Drs. BUDI SANTOSO, M.Si",
    nip="19700101 199003 1 005",
)


def _indicator(tag: str, i: int) -> Indicator:
    if i % 3 == 0:
        return Indicator(
            f"Persentase Dokumen Perencanaan yang Disusun Tepat Waktu {tag}-{i}",
            objective=f"Tersusunnya Dokumen Perencanaan dan Evaluasi Kinerja {tag}",
            unit="%",
            annual_target=100,
            targets={"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100},
        )
    if i % 3 == 1:
        return Indicator(
            f"Jumlah Laporan Pelaksanaan Kegiatan {tag}-{i}",
            objective=f"Terlaksananya Pelaporan Kegiatan {tag}",
            unit="Laporan",
            annual_target=1250,
            targets={"TW1": 300, "TW2": 600, "TW3": 900, "TW4": 1250},
        )
    return Indicator(
        f"Nilai Indeks Kepuasan Masyarakat atas Pelayanan {tag}-{i}",
        objective=f"Meningkatnya Kualitas Pelayanan Publik {tag}",
        unit="Indeks",
        annual_target=3.5,
        targets={"TW1": 3.1, "TW2": 3.25, "TW3": 3.4, "TW4": 3.5},
    )


def unit_plan(number: int, indicators: int) -> Plan:
    """A unit's plan of exactly ``indicators`` indicators: sasaran (one each), programs (one
    each), three kegiatan per program (one each) and two sub kegiatan per kegiatan (up to three)."""
    tag = f"U{number:02d}"
    count = 0

    def take(k: int) -> list[Indicator]:
        nonlocal count
        k = min(k, indicators - count)
        out = [_indicator(tag, count + j) for j in range(k)]
        count += k
        return out

    sasaran: list[Node] = []
    while count < indicators:
        s = Node(
            "sasaran",
            f"Meningkatnya Akuntabilitas Kinerja Perangkat Daerah {tag} {len(sasaran) + 1}",
            number=str(len(sasaran) + 1),
            indicators=take(1),
        )
        sasaran.append(s)
        for p in range(1, 4):
            if count >= indicators:
                break
            program = Node(
                "program",
                f"Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota {tag}.{p}",
                number=str(p),
                indicators=take(1),
            )
            s.children.append(program)
            for k in range(1, 4):
                if count >= indicators:
                    break
                kegiatan = Node(
                    "kegiatan",
                    f"Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah {tag}.{p}.{k}",
                    number=str(k),
                    indicators=take(1),
                )
                program.children.append(kegiatan)
                for sub in range(1, 3):
                    if count >= indicators:
                        break
                    kegiatan.children.append(
                        Node(
                            "subkegiatan",
                            f"Penyusunan Dokumen Perencanaan Perangkat Daerah {tag}.{p}.{k}.{sub}",
                            number=str(sub),
                            indicators=take(3),
                        )
                    )
    return Plan(
        unit=f"Kecamatan Contoh {number:02d}", year=2024, periods=list(QUARTERS), nodes=sasaran
    )


def kabupaten(units: int, indicators: int) -> list[Plan]:
    per, extra = divmod(indicators, units)
    return [unit_plan(u, per + (1 if u <= extra else 0)) for u in range(1, units + 1)]


def summary(plans: list[Plan]) -> Report:
    """One row per unit: counts of programs, kegiatan, sub kegiatan and indicators; a total."""
    levels = ("program", "kegiatan", "subkegiatan")
    heads = ["No", "Unit", "Program", "Kegiatan", "Sub Kegiatan", "Indikator"]
    body = []
    totals = [0, 0, 0, 0]
    for i, plan in enumerate(plans, start=1):
        counts = [plan.count(level) for level in levels] + [sum(1 for _ in plan.indicators())]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        body.append(
            [Cell(str(i), CENTER), Cell(plan.unit or "")]
            + [Cell(f"{n:,}".replace(",", "."), NUMBER, value=n) for n in counts]
        )
    body.append(
        [Cell("Jumlah", HEADING, colspan=2), None]
        + [Cell(f"{n:,}".replace(",", "."), NUMBER, value=n) for n in totals]
    )
    return Report(
        name="ringkasan-rencana-aksi-2024",
        title=["RINGKASAN RENCANA AKSI TAHUN 2024", "KABUPATEN CONTOH"],
        header=[[Cell(h, HEADING) for h in heads]],
        body=body,
        widths=[5, 40, 10, 10, 12, 10],
    )


def _median(fn: Callable[[], bytes], runs: int) -> tuple[float, bytes]:
    times = []
    result = b""
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _verdict(ok: bool) -> str:
    return "ok" if ok else "SLOWER THAN GOAL"


def _workbook(plans: list[Plan]) -> tuple[float, float, bytes]:
    start = time.perf_counter()
    reports = [(plan.unit or "", rencana_aksi.build(plan, SIGNATURE)) for plan in plans]
    total = summary(plans)
    built = time.perf_counter() - start
    data = xlsx_renderer.render_workbook(reports, total)
    return built, time.perf_counter() - start, data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=45, help="units of the kabupaten")
    parser.add_argument("--indicators", type=int, default=3000, help="indicators in all")
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (median)")
    parser.add_argument("--profile", action="store_true", help="cProfile the kabupaten workbook")
    args = parser.parse_args(argv)
    runs = max(args.runs, 1)

    report = rencana_aksi.build(read_plan(SAMPLE), SIGNATURE)
    rows = len(report.body)
    first = time.perf_counter()
    pdf = pdf_renderer.render(report)  # the first run loads WeasyPrint and the fonts
    first = time.perf_counter() - first
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        notes = {"pdf": f"; {len(doc.pages)} pages; first run {first:.2f} s"}
    for label, fn, goal in (
        ("pdf", lambda: pdf_renderer.render(report), GOAL_PDF_S),
        ("xlsx", lambda: xlsx_renderer.render(report), GOAL_XLSX_S),
        ("docx", lambda: docx_renderer.render(report), GOAL_DOCX_S),
    ):
        seconds, data = _median(fn, runs)
        print(
            f"sample Rencana Aksi ({rows} rows) as {label:4}:  median {seconds:6.2f} s  "
            f"({len(data):,} bytes{notes.get(label, '')})   goal <= {goal:.0f} s  "
            f"{_verdict(seconds <= goal)}"
        )

    plans = kabupaten(args.units, args.indicators)
    indicators = sum(1 for plan in plans for _ in plan.indicators())
    nodes = sum(1 for plan in plans for _ in plan.walk())
    results = [_workbook(plans) for _ in range(runs)]
    built = statistics.median(r[0] for r in results)
    total = statistics.median(r[1] for r in results)
    size = len(results[-1][2])
    print(
        f"kabupaten workbook ({len(plans)} units + summary sheet; {indicators:,} indicators, "
        f"{nodes:,} nodes):  median {total:6.2f} s  (building reports {built:.2f} s, "
        f"{size:,} bytes)   goal <= {GOAL_KABUPATEN_S:.0f} s  "
        f"{_verdict(total <= GOAL_KABUPATEN_S)}"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        _workbook(plans)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(15)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
