"""How fast reports are rendered: every report as PDF, xlsx and docx, and a kabupaten.

    .venv/bin/python bench/bench_reports.py [--units 45] [--indicators 3000] [--runs 3] [--profile]
                                            [--plan-indicators 1000] [--no-pdf]

Prints figures beside their goals (not a test: nothing fails). Every report kind (``REPORTS``) is
built from the sample with four quarters of generated realisasi and from a generated plan of
``--plan-indicators`` indicators, and rendered in each format: the sample's time has a goal of
2 s each; the large plan's time is printed beside the sample's, per indicator, to show that it
grows linearly (about the same milliseconds per indicator). The kabupaten is generated in code:
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
from renaksi.reports import (
    CENTER,
    HEADING,
    NUMBER,
    REPORTS,
    Cell,
    Report,
    Signature,
    rencana_aksi,
)
from renaksi.reports import docx as docx_renderer
from renaksi.reports import pdf as pdf_renderer
from renaksi.reports import xlsx as xlsx_renderer
from renaksi.reports.data import (
    IndicatorData,
    Monitoring,
    NodeData,
    PeriodState,
    keyed_indicators,
    keyed_nodes,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
QUARTERS = ["TW1", "TW2", "TW3", "TW4"]

GOAL_PDF_S = 2.0
GOAL_XLSX_S = 1.0
GOAL_DOCX_S = 1.0
GOAL_KABUPATEN_S = 5.0
GOAL_EACH_REPORT_S = 2.0  # every report kind × format, for the sample
RENDERERS = {"pdf": pdf_renderer.render, "xlsx": xlsx_renderer.render, "docx": docx_renderer.render}

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


def monitoring(plan: Plan) -> Monitoring:
    """Four quarters of realisasi for every indicator but each seventh (its targets times a
    factor), narrative, a pagu and spending for every sub kegiatan, TW II verified."""
    factors = (0.6, 0.8, 0.9, 1.0, 1.1, 0.5)
    out = Monitoring(periods={"TW2": PeriodState("verified", verifier="Dewi Lestari")})
    for n, (key, _node, indicator) in enumerate(keyed_indicators(plan)):
        if n % 7 == 6:
            continue
        out.indicators[key] = IndicatorData(
            actuals={
                p: round(t * factors[n % len(factors)], 2)
                for p, t in indicator.targets.items()
                if isinstance(t, int | float) and not isinstance(t, bool)
            },
            kendala={"TW2": f"Kendala {n}"},
            tindak_lanjut={"TW2": f"Tindak lanjut {n}"},
            owner=f"Kasi {n}",
        )
    for i, (key, node, _parent) in enumerate(keyed_nodes(plan)):
        if node.level == "subkegiatan":
            out.nodes[key] = NodeData(
                budget=10_000_000 * (i + 1), spent={"TW1": 1_000_000 * i, "TW2": 500_000}
            )
    return out


def every_report(plan: Plan) -> dict[str, Report]:
    """Each report kind of ``plan`` with generated realisasi (the Pemantauan of TW II)."""
    data = monitoring(plan)
    return {
        key: kind.build(
            plan, data, period="TW2" if kind.needs_period else None, signature=SIGNATURE
        )
        for key, kind in REPORTS.items()
    }


def report_times(plan: Plan, formats: list[str], runs: int) -> dict[tuple[str, str], float]:
    """Seconds (median of ``runs``) to build and render each report kind in each format."""
    data = monitoring(plan)
    out = {}
    for key, kind in REPORTS.items():
        period = "TW2" if kind.needs_period else None

        def make(key=key, kind=kind, period=period, fmt="") -> bytes:
            report = kind.build(plan, data, period=period, signature=SIGNATURE)
            return RENDERERS[fmt](report)

        for fmt in formats:
            out[key, fmt], _data = _median(lambda make=make, fmt=fmt: make(fmt=fmt), runs)
    return out


def print_report_times(plan_indicators: int, formats: list[str], runs: int) -> None:
    sample = read_plan(SAMPLE)
    small = sum(1 for _ in sample.indicators())
    large_plan = unit_plan(1, plan_indicators)
    large = sum(1 for _ in large_plan.indicators())
    if "pdf" in formats:
        pdf_renderer.render(rencana_aksi.build(sample))  # load WeasyPrint and the fonts once
    small_times = report_times(sample, formats, runs)
    large_times = report_times(large_plan, formats, 1)
    print(
        f"every report (build + render): sample ({small} indicators, median of {runs}) and a "
        f"generated plan of {large:,} indicators; ms per indicator shows linear growth"
    )
    for (key, fmt), seconds in small_times.items():
        big = large_times[key, fmt]
        print(
            f"  {key:19} {fmt:4}  sample {seconds:6.2f} s ({seconds / small * 1000:5.1f} ms/ind)"
            f"   {large:,} indicators {big:6.2f} s ({big / large * 1000:5.1f} ms/ind)"
            f"   goal sample <= {GOAL_EACH_REPORT_S:.0f} s  "
            f"{_verdict(seconds <= GOAL_EACH_REPORT_S)}"
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
    parser.add_argument(
        "--plan-indicators", type=int, default=1000, help="indicators of the large plan"
    )
    parser.add_argument("--no-pdf", action="store_true", help="every report as xlsx, docx only")
    args = parser.parse_args(argv)
    runs = max(args.runs, 1)

    formats = [f for f in RENDERERS if not (args.no_pdf and f == "pdf")]
    print_report_times(args.plan_indicators, formats, runs)

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
