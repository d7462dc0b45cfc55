"""Carry-over: the time and the SQL statements of importing a new revision that takes over the
year's work of the one it replaces, by plan size.

    .venv/bin/python bench/bench_carry_over.py [--sizes 100,1000,5000] [--database-url URL]

Sets up a fresh SQLite database in a temporary directory (or the empty database
``--database-url`` names; the environment's DATABASE_URL is never used). For each size, a plan
of that many indicators is imported, every indicator gets realisasi of two periods (one of them
verified) and every tenth one a link as evidence; then a revision with one indicator in ten
renamed slightly and one in a hundred removed is previewed (``carry_over.preview``, what the
import preview reads) and imported (``import_plan``, carry-over included). Prints rows, times and
statements. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path


def document(size: int):
    from renaksi.core.plan import Indicator, Node, Plan

    program = Node(level="program", name="Program Penunjang Urusan Pemerintahan")
    for k in range(max(1, size // 10)):
        kegiatan = Node(level="kegiatan", name=f"Kegiatan pelayanan nomor {k}")
        for s in range(10):
            sub = Node(level="subkegiatan", name=f"Sub kegiatan penyediaan layanan {k}.{s}")
            sub.indicators.append(
                Indicator(
                    name=f"Jumlah dokumen layanan yang disusun {k}.{s}",
                    unit="Dokumen",
                    annual_target=4,
                    targets={"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
                )
            )
            kegiatan.children.append(sub)
        program.children.append(kegiatan)
    return Plan(
        unit="Dinas Contoh", year=2024, periods=["TW1", "TW2", "TW3", "TW4"], nodes=[program]
    )


def run(size: int) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from renaksi.web.accounts.models import Unit
    from renaksi.web.monitoring import carry_over
    from renaksi.web.monitoring.models import Evidence, Realisation, Report
    from renaksi.web.plans import services
    from renaksi.web.plans.models import Indicator

    kabupaten = Unit.objects.create(name=f"Kabupaten {size}", kind=Unit.Kind.KABUPATEN)
    unit = Unit.objects.create(name=f"Dinas {size}", kind=Unit.Kind.DINAS, parent=kabupaten)
    doc = document(size)
    plan = services.import_plan(unit=unit, year=2024, version="murni", document=doc)
    rows, evidence = [], []
    for n, indicator in enumerate(Indicator.objects.filter(node__plan=plan).order_by("id")):
        for period in ("TW1", "TW2"):
            rows.append(
                Realisation(indicator=indicator, period=period, value=n % 5, obstacles="Hujan")
            )
    with transaction.atomic():
        Realisation.objects.bulk_create(rows)
        for r in rows[::20]:
            evidence.append(Evidence(plan=plan, realisation=r, link="https://example.org/bukti"))
        Evidence.objects.bulk_create(evidence)
        Report.objects.create(plan=plan, period="TW1", state=Report.State.VERIFIED)
    revised = copy.deepcopy(doc)
    indicators = [i for _n, i in revised.indicators()]
    for i in indicators[::10]:
        i.name += " tepat waktu"
    for node, _parent in revised.walk():
        node.indicators = [i for i in node.indicators if i not in indicators[5::100]]

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        found = carry_over.preview(plan, revised)
    preview_s, preview_q = time.perf_counter() - start, len(queries)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        services.import_plan(
            unit=unit,
            year=2024,
            version="murni",
            document=revised,
            leave_behind=True,
            unlock_reason="Perubahan indikator",
        )
    import_s, import_q = time.perf_counter() - start, len(queries)
    print(
        f"{size:>6} indicators  {len(rows):>6} realisasi  {len(evidence):>5} evidence  "
        f"pairs {len(found.matching.indicators):>6} (uncertain {len(found.uncertain)}), "
        f"left behind {len(found.left_behind):>3}  |  preview {preview_s * 1000:7.0f} ms "
        f"{preview_q:>3} statements  |  import + carry-over {import_s * 1000:7.0f} ms "
        f"{import_q:>4} statements"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "site").mkdir()
        os.environ["RENAKSI_DATA_DIR"] = str(Path(tmp) / "site")
        os.environ.pop("DATABASE_URL", None)
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.web.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.DEBUG = False
        call_command("migrate", verbosity=0)
        print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        for size in (int(s) for s in args.sizes.split(",")):
            run(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
