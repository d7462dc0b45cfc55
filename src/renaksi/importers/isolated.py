"""Reading a document in a process of its own, with limits on its memory and time.

A document comes from outside: a small file may inflate in memory (a PDF stream that unpacks to a
gigabyte) or take minutes (a page drawn with millions of paths). The web application therefore
reads uploads with ``read_grid_isolated``: a child process (``python -m
renaksi.importers.isolated``) sets its own limits on address space and CPU time, reads the
document into a grid and writes the grid as JSON; the parent waits at most ``seconds``. Whatever
happens in the child — a limit exceeded, a crash in a library, a hang — the web process keeps its
memory and gets one line saying what went wrong (UnreadableDocument). When the child ends, all of
its memory is given back.

Pure Python; no Django. The command line reads documents in its own process (a person runs it on
their own files), so only the web application pays the child's start-up time (about half a
second).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from .grid import Grid, UnreadableDocument

DEFAULT_SECONDS = 60
DEFAULT_MEMORY_MB = 1024  # beyond what the program and its libraries take

_ALLOCATION = re.compile(
    r"\b(malloc|calloc|realloc|out of memory|cannot allocate|MemoryError)\b", re.I
)
# Exit statuses of the child, beyond 0 (the grid is on stdout).
_UNREADABLE = 2  # UnreadableDocument: its message is on stderr
_NO_MEMORY = 3  # MemoryError: the document needs more memory than allowed


def read_grid_isolated(
    path: Path,
    *,
    name: str | None = None,
    seconds: int = DEFAULT_SECONDS,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> Grid:
    """``read_grid(path)`` in a child process allowed ``memory_mb`` of memory beyond what its
    program takes, and ``seconds`` of time. ``name`` is the document's name for messages (the uploaded file's, not
    the temporary path's). Raises UnreadableDocument with one line for any failure."""
    path = Path(path)
    name = name or path.name
    command = [
        sys.executable,
        "-m",
        __name__,
        str(path),
        str(int(seconds)),
        str(int(memory_mb)),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=seconds + 5,  # the child stops itself at ``seconds`` of CPU; this is wall time
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableDocument(
            f"{name}: reading it took longer than {seconds} s; it is too large or too "
            "complex to be a plan (save only the plan's pages or sheets)"
        ) from exc
    message = done.stderr.decode("utf-8", "replace").strip().splitlines()
    last = message[-1] if message else ""
    if done.returncode == 0:
        try:
            return Grid.from_dict(json.loads(done.stdout))
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise UnreadableDocument(f"{name}: the document could not be read") from exc
    if done.returncode == _UNREADABLE and last:
        raise UnreadableDocument(last.replace(path.name, name))
    if done.returncode == _NO_MEMORY or done.returncode in (-9, 137):
        raise UnreadableDocument(
            f"{name}: reading it needs more than {memory_mb} MB of memory; it is too large "
            "to be a plan (save only the plan's pages or sheets)"
        )
    if done.returncode in (-24, 152):  # SIGXCPU: the CPU limit
        raise UnreadableDocument(
            f"{name}: reading it took longer than {seconds} s; it is too large or too "
            "complex to be a plan (save only the plan's pages or sheets)"
        )
    raise UnreadableDocument(f"{name}: the document could not be read (the reader stopped)")


# The libraries each kind of document is read with: loaded before the limits are set, so that
# the limit on memory bounds what the document takes, not the program.
_LIBRARIES = {
    "pdf": ("pymupdf",),
    "xlsx": ("openpyxl", "lxml.etree"),
    "xls": ("xlrd",),
    "docx": ("docx", "lxml.etree"),
}


def _address_space() -> int:
    """The process's virtual memory now, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _main(argv: list[str]) -> int:
    import importlib

    from . import _kind, _reader, read_grid

    path, seconds, memory_mb = Path(argv[0]), int(argv[1]), int(argv[2])
    try:
        kind = _kind(path)
        _reader(kind)
        for library in _LIBRARIES.get(kind, ()):
            importlib.import_module(library)
    except UnreadableDocument as exc:
        sys.stderr.write(" ".join(str(exc).split()) + "\n")
        return _UNREADABLE
    except ImportError:
        pass  # the reader reports a missing library itself
    try:
        import resource

        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    except (ImportError, ValueError, OSError):
        pass  # a platform without these limits: the parent's wall-clock timeout still holds
    try:
        grid = read_grid(path)
        sys.stdout.write(json.dumps(grid.to_dict(), ensure_ascii=False))
        return 0
    except UnreadableDocument as exc:
        if _ALLOCATION.search(str(exc)):
            return _NO_MEMORY  # a library's own allocation failed at the limit
        sys.stderr.write(" ".join(str(exc).split()) + "\n")
        return _UNREADABLE
    except MemoryError:
        return _NO_MEMORY


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
