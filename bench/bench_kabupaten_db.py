"""The kabupaten workbook from the database, as the background job builds it.

    .venv/bin/python bench/bench_kabupaten_db.py [--units 45] [--indicators 3000] [--runs 3]
                                                 [--database-url postgres://…/an_empty_database]

Sets up a fresh SQLite database in a temporary directory (or, with ``--database-url``, in the
empty database it names; the environment's DATABASE_URL is never used, so that a bench cannot
write into a live database), stores a kabupaten of ``--units`` units whose current plans hold about
``--indicators`` indicators in all (the generator of ``bench_reports.py``), then times
``reportjobs.services.build_kabupaten_workbook``: every plan loaded from the database, built into
its Rencana Aksi and rendered with a summary sheet into one workbook. Prints the median, the
queries it ran and the size. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

GOAL_S = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=45)
    parser.add_argument("--indicators", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="an EMPTY database to use instead of SQLite")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["RENAKSI_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.web.settings")
        import django

        django.setup()
        from bench_reports import unit_plan
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from renaksi.web.accounts.models import Unit
        from renaksi.web.plans import services as plans
        from renaksi.web.reportjobs import services

        call_command("migrate", verbosity=0)
        kabupaten = Unit.objects.create(name="Kabupaten Bench", kind=Unit.Kind.KABUPATEN)
        per_unit = [args.indicators // args.units] * args.units
        for i in range(args.indicators % args.units):
            per_unit[i] += 1
        start = time.perf_counter()
        for number, count in enumerate(per_unit, start=1):
            unit = Unit.objects.create(
                name=f"Kecamatan Bench {number:02d}",
                kind=Unit.Kind.KECAMATAN,
                parent=kabupaten,
                signature_place="Bench",
                head_position=f"Camat Bench {number:02d}",
                head_name="Drs. Nama Camat",
                head_nip="19700101 199003 1 001",
            )
            plans.import_plan(
                unit=unit, year=2025, version="murni", document=unit_plan(number, count)
            )
        stored = time.perf_counter() - start

        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                data = services.build_kabupaten_workbook(kabupaten, 2025)
                timings.append(time.perf_counter() - start)
        median = statistics.median(timings)
        verdict = "ok" if median <= GOAL_S else "SLOWER THAN THE GOAL"
        engine = connection.vendor
        print(
            f"kabupaten workbook from the database ({engine}; {args.units} units, "
            f"{sum(per_unit):,} indicators): median {median:6.2f} s "
            f"({len(queries.captured_queries)} queries, {len(data):,} bytes; "
            f"storing the plans took {stored:.1f} s)   goal <= {GOAL_S:g} s  {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
