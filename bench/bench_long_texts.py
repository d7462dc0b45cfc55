"""How long a report takes whatever a plan holds: names of 3,000, 30,000 and 100,000 characters.

    .venv/bin/python bench/bench_long_texts.py [--lengths 3000 30000 100000] [--formats pdf xlsx docx]

Prints, for each length, the seconds each format takes to render the Rencana Aksi of a plan whose
sasaran, indicator and result statement are that long: one unbroken "word" (the worst case of a
line breaker), and words. Goal: under 5 s each (docs/security.md, "Rendering time"). Before the
PDF bounded its texts, an unbroken name of 3,000 characters took 6 s, 30,000 took 270 s and
100,000 had not finished after 600 s. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.reports import Signature, rencana_aksi, renderer

GOAL_S = 5.0


def plan_of(text: str) -> Plan:
    return Plan(
        unit="Kecamatan Kaligondang",
        year=2022,
        periods=["TW1", "TW2", "TW3", "TW4"],
        nodes=[
            Node(
                "sasaran",
                text,
                number="1",
                indicators=[Indicator(text, objective=text, unit="%", targets={"TW1": 25})],
                children=[
                    Node(
                        "program",
                        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
                        indicators=[Indicator("Persentase laporan", unit="%", targets={"TW1": 1})],
                    )
                ],
            )
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[3000, 30_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["pdf", "xlsx", "docx"])
    args = parser.parse_args()
    signature = Signature(place="Kaligondang", date=dt.date(2022, 1, 3), name="Budi")
    print(f"Rencana Aksi with long names (goal: under {GOAL_S:.0f} s each)")
    for length in args.lengths:
        for shape, text in (
            ("unbroken", "A" * length),
            ("words", ("Penyusunan dokumen " * (length // 19 + 1))[:length]),
        ):
            report = rencana_aksi.build(plan_of(text), signature)
            figures = []
            for fmt in args.formats:
                start = time.perf_counter()
                renderer(fmt)(report, "A4")
                seconds = time.perf_counter() - start
                mark = "" if seconds < GOAL_S else " (over the goal)"
                figures.append(f"{fmt} {seconds:5.2f} s{mark}")
            print(f"  {length:>7,} characters, {shape:<8}: " + ", ".join(figures))


if __name__ == "__main__":
    main()
