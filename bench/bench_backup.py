"""``renaksi backup`` and ``renaksi restore``: time and size, for the demo site and a larger one.

    .venv/bin/python bench/bench_backup.py [--units 45] [--indicators 3000] [--years 3]
                                           [--files 300] [--file-kb 200] [--demo-only]
                                           [--database-url postgres://…/an_empty_database
                                            --restore-url postgres://…/a_scratch_database]

Sets up a fresh SQLite database in a temporary directory (or, with ``--database-url``, the empty
database it names; the environment's DATABASE_URL is never used, so that a bench cannot write into
a live database). First the demo site (``renaksi demo``) is backed up; then a kabupaten of
``--units`` units is stored, each with a plan per year of ``--years`` holding ``--indicators``
indicators a year in all, realisasi of two periods for every indicator with a line of history
each, and ``--files`` evidence files of ``--file-kb`` KB (random bytes: nothing to compress).
Each site is backed up (``create_backup``, in this process) and restored with ``renaksi restore``
into a new, migrated database (SQLite in the temporary directory, or ``--restore-url``, which the
bench DROPS and creates anew before each restore: name a scratch database) by another
process, as a person would; the restore's time includes that process's start (about half a
second). Prints rows, files, archive size and times. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def restore(archive: Path, url: str, data_dir: Path) -> float:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "RENAKSI_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "renaksi.web.settings",
    }
    cli = [sys.executable, "-m", "renaksi.cli"]
    subprocess.run([*cli, "manage", "migrate"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    done = subprocess.run([*cli, "restore", str(archive)], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"restore failed: {done.stderr.strip()}")
    return elapsed


def backup(label: str, archive: Path, restore_url: str, restore_dir: Path) -> None:
    from renaksi.web import backup as backups

    start = time.perf_counter()
    summary = backups.create_backup(output=archive)
    made = time.perf_counter() - start
    restored = restore(archive, restore_url, restore_dir)
    print(
        f"{label}: {summary.rows:,} rows in {summary.tables} tables, {summary.files:,} files "
        f"({summary.file_bytes:,} bytes) -> archive {summary.archive_bytes:,} bytes; "
        f"backup {made:.2f} s, restore {restored:.2f} s"
    )


def drop_and_create(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=45)
    parser.add_argument("--indicators", type=int, default=3000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--file-kb", type=int, default=200)
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of SQLite")
    parser.add_argument(
        "--restore-url", help="a scratch database to restore into: DROPPED and created anew"
    )
    args = parser.parse_args(argv)
    if bool(args.database_url) != bool(args.restore_url):
        parser.error("--database-url and --restore-url go together")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "site").mkdir()
        os.environ["RENAKSI_DATA_DIR"] = str(tmp / "site")
        os.environ.pop("DATABASE_URL", None)
        if args.database_url:
            os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.web.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from renaksi.web import demo

        def restore_target(name: str) -> str:
            if args.restore_url:
                drop_and_create(args.restore_url)
                return args.restore_url
            return f"sqlite:///{tmp / name}.sqlite3"

        call_command("migrate", verbosity=0)
        demo.setup_demo()
        backup("demo site", tmp / "demo.zip", restore_target("demo"), tmp / "demo")
        if args.demo_only:
            return 0

        start = time.perf_counter()
        generate(args)
        generated = time.perf_counter() - start
        print(f"(generated the larger site in {generated:.0f} s)")
        backup(
            f"larger site ({args.units} units x {args.years} years, "
            f"{args.indicators:,} indicators a year)",
            tmp / "large.zip",
            restore_target("large"),
            tmp / "large",
        )
    return 0


def generate(args) -> None:
    from bench_reports import unit_plan
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from renaksi.web.accounts.models import Profile, Role, Unit
    from renaksi.web.monitoring.models import Evidence, History, Realisation
    from renaksi.web.plans import services as plans
    from renaksi.web.plans.models import Indicator

    kabupaten = Unit.objects.create(name="Kabupaten Bench", kind=Unit.Kind.KABUPATEN)
    per_unit = [args.indicators // args.units] * args.units
    for i in range(args.indicators % args.units):
        per_unit[i] += 1
    users = []
    for number, count in enumerate(per_unit, start=1):
        unit = Unit.objects.create(
            name=f"Kecamatan Bench {number:02d}", kind=Unit.Kind.KECAMATAN, parent=kabupaten
        )
        user = get_user_model().objects.create_user(username=f"operator{number:02d}")
        Profile.objects.create(user=user, role=Role.OPERATOR, unit=unit)
        users.append(user)
        for year in range(2025, 2025 + args.years):
            plans.import_plan(
                unit=unit, year=year, version="murni", document=unit_plan(number, count)
            )
    realisations, history = [], []
    for indicator in Indicator.objects.select_related("node__plan__unit").iterator():
        plan = indicator.node.plan
        for period in ("TW1", "TW2"):
            realisations.append(
                Realisation(indicator=indicator, period=period, value=42, obstacles="Tidak ada")
            )
            history.append(
                History(
                    plan=plan,
                    indicator=indicator,
                    period=period,
                    kind=History.Kind.REALISATION,
                    field="value",
                    old="",
                    new="42",
                )
            )
    Realisation.objects.bulk_create(realisations, batch_size=2000)
    History.objects.bulk_create(history, batch_size=2000)
    chosen = Realisation.objects.select_related("indicator__node__plan").order_by("pk")
    step = max(1, chosen.count() // max(1, args.files))
    for realisation in list(chosen[::step])[: args.files]:
        evidence = Evidence(
            plan=realisation.indicator.node.plan,
            realisation=realisation,
            original_name="bukti.pdf",
            content_type="application/pdf",
            size=args.file_kb * 1024,
        )
        evidence.file.save("bukti.pdf", ContentFile(os.urandom(args.file_kb * 1024)), save=True)


if __name__ == "__main__":
    sys.exit(main())
