"""Getting a site ready and serving it: what ``renaksi serve``, ``demo``, ``import`` and ``manage`` run.

Django is configured here, on demand, so that ``renaksi parse`` and ``renaksi check`` never load it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

SETTINGS_MODULE = "renaksi.web.settings"


class SetupError(Exception):
    """Something a person must fix before the command can run, said in one line."""


def configure() -> None:
    """Load the settings (from the environment) and set Django up, once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def ensure_directories(data_dir: Path | None = None, database: dict | None = None) -> None:
    """The data directory, and the folder of a SQLite database, exist (SQLite creates no folders)."""
    from django.conf import settings

    Path(data_dir or settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    database = database or settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def migrate(out: TextIO | None = None) -> None:
    """Bring the database schema up to date (quiet unless there is something to apply)."""
    from django.core.management import call_command

    ensure_directories()
    call_command("migrate", interactive=False, verbosity=1 if out else 0, stdout=out)


def collect_static(out: TextIO | None = None) -> None:
    """Copy the static files into STATIC_ROOT, where WhiteNoise serves them from."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0, stdout=out)


def prepare(out: TextIO = sys.stdout) -> None:
    """Everything before serving: the schema, then the static files.

    Translations are served from the compiled .mo files shipped in the package (``locale/``).
    """
    migrate(out)
    collect_static()


def check_database() -> None:
    """Raise SetupError when the database cannot be reached or has no tables yet."""
    from django.db import DatabaseError, connection

    try:
        tables = connection.introspection.table_names()
    except DatabaseError as exc:
        raise SetupError(f"cannot reach the database: {one_line(exc)}") from exc
    if "plans_plan" not in tables:
        raise SetupError(
            "the database has no tables yet: run `renaksi manage migrate` (or `renaksi demo`)"
        )


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def serve(
    host: str = "127.0.0.1", port: int = 8000, threads: int = 8, trusted_proxy: str | None = None
) -> None:
    """Serve the site with waitress, a production WSGI server, until interrupted.

    Behind a reverse proxy that terminates HTTPS, ``trusted_proxy`` is its address: the scheme,
    host and client address it forwards (X-Forwarded-*) are then believed, from it alone.
    """
    import waitress

    from .wsgi import application

    options = {}
    if trusted_proxy:
        options = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
            "clear_untrusted_proxy_headers": True,
        }
    waitress.serve(application, host=host, port=port, threads=threads, ident="Renaksi", **options)


def manage(args: list[str]) -> int:
    """Django's management commands: ``renaksi manage createsuperuser``."""
    from django.core.management import execute_from_command_line

    ensure_directories()
    try:
        execute_from_command_line(["renaksi manage", *args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
