"""Getting a site ready and serving it: what ``renaksi serve``, ``demo``, ``import`` and ``manage`` run.

Django is configured here, on demand, so that ``renaksi parse`` and ``renaksi check`` never load it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
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


def reads_in_worker() -> bool:
    """Whether uploads are queued for a worker (the database backend), not read at once."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def run_worker(*, once: bool = False, quiet: bool = False, exit_with_parent: bool = False) -> None:
    """Run the tasks queued in the database (the uploads to read) until interrupted; ``once``:
    those waiting now, then return. ``exit_with_parent``: stop when the process that started this
    one ends (``renaksi serve``'s worker, even when serve is killed)."""
    from django.core.management import call_command

    if not reads_in_worker():
        raise SetupError(
            "RENAKSI_READ_IN_WORKER is false: uploads are read in the web requests, no worker reads them"
        )
    check_database()
    if exit_with_parent:
        parent = os.getppid()

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=watch, name="renaksi-parent-watch", daemon=True).start()
    # The queue's rows of tasks run more than two weeks ago are not needed any more.
    call_command("prune_db_task_results", min_age_days=14, failed_min_age_days=14, verbosity=0)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            batch=once,
            interval=1.0,
            reload=False,
            startup_delay=False,
            verbosity=0 if quiet else 1,
        )
    finally:
        for number, handler in handlers.items():  # the worker sets its own while it runs
            signal.signal(number, handler)


class Worker:
    """``renaksi worker`` as a child of ``renaksi serve``: started with it, started again if it
    stops (after a pause), stopped when serve stops."""

    PAUSE = 5  # seconds before a worker that stopped is started again

    def __init__(self, command: list[str] | None = None, err: TextIO = sys.stderr) -> None:
        self.command = command or [
            sys.executable,
            "-m",
            "renaksi.cli",
            "worker",
            "--quiet",
            "--exit-with-parent",
        ]
        self.err = err
        self.process: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> Worker:
        self.process = subprocess.Popen(self.command)
        self.thread = threading.Thread(target=self._supervise, name="renaksi-worker", daemon=True)
        self.thread.start()
        return self

    def _supervise(self) -> None:
        while not self.stopping.is_set():
            status = self.process.wait()
            if self.stopping.is_set():
                return
            self.err.write(f"renaksi: the worker stopped (status {status}); starting it again\n")
            if self.stopping.wait(self.PAUSE):
                return
            self.process = subprocess.Popen(self.command)

    def stop(self, timeout: float = 10) -> None:
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()  # the worker finishes the document it is reading, if it can
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_worker() -> Worker | None:
    """The worker ``renaksi serve`` runs beside the site, when uploads are read by one."""
    return Worker().start() if reads_in_worker() else None


def manage(args: list[str]) -> int:
    """Django's management commands: ``renaksi manage createsuperuser``."""
    from django.core.management import execute_from_command_line

    ensure_directories()
    try:
        execute_from_command_line(["renaksi manage", *args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
