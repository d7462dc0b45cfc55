"""Word 97–2003 documents (.doc, and Rich Text saved as .doc) → Grid, through LibreOffice.

Contract: as for .docx (``docx.py``): the paragraphs before each table as single-cell rows with
ref None, each table row with ref "table N", ``line`` the running number of the row. LibreOffice
(``soffice --headless``) converts a copy of the file to .docx in a temporary directory, and the
.docx reader reads the result. Without LibreOffice on the server, or when the conversion fails,
takes longer than ``TIMEOUT`` seconds or meets a password-protected document, UnreadableDocument
says so in one line.

Each conversion runs in its own temporary directory with its own LibreOffice profile (two
instances sharing a profile wait for each other or fail), as a process group of its own that is
killed when the time is up. The original file is never opened by LibreOffice: a copy with a
plain name is.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .grid import Grid, UnreadableDocument

TIMEOUT = 60  # seconds; a plan converts in a few


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(path: Path) -> Grid:
    from .docx import read_docx
    from .ole import MAGIC, word_is_encrypted

    with path.open("rb") as fh:
        is_ole = fh.read(len(MAGIC)) == MAGIC
    if is_ole and word_is_encrypted(path):
        raise UnreadableDocument(
            f"{path.name}: the document is password-protected; "
            "save it again without a password (as .docx)"
        )
    program = soffice()
    if program is None:
        raise UnreadableDocument(
            f"{path.name}: an old Word .doc; open it in Word or LibreOffice and save it as .docx "
            "(or install LibreOffice on the server)"
        )
    with tempfile.TemporaryDirectory(prefix="renaksi-doc-") as tmp:
        work = Path(tmp)
        source = work / "document.doc"
        shutil.copyfile(path, source)
        converted = convert_to_docx(program, source, path.name, TIMEOUT)
        try:
            grid = read_docx(converted)
        except UnreadableDocument as exc:  # name the file the person gave, not the copy
            raise UnreadableDocument(str(exc).replace(converted.name, path.name, 1)) from exc
    grid.source = path.name
    return grid


def convert_to_docx(program: str, source: Path, name: str, timeout: float) -> Path:
    """Convert ``source`` to a .docx beside it with LibreOffice; ``name`` is for messages."""
    work = source.parent
    out = work / "out"
    out.mkdir()
    command = [
        program,
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]
    # HOME too: whatever LibreOffice writes outside its profile stays in the temporary directory.
    env = {**os.environ, "HOME": str(work)}
    process = subprocess.Popen(
        command,
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: soffice starts soffice.bin
    )
    try:
        process.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        _kill_group(process)  # nothing of the conversion may outlive it
    if timed_out:
        process.communicate()  # reap it
        raise UnreadableDocument(
            f"{name}: LibreOffice took longer than {timeout:g} s to convert the .doc; "
            "open it in Word or LibreOffice and save it as .docx"
        )
    result = out / f"{source.stem}.docx"
    if not result.is_file():
        raise UnreadableDocument(
            f"{name}: LibreOffice could not convert the .doc (corrupt or not a Word document); "
            "open it in Word and save it as .docx"
        )
    return result


def _kill_group(process: subprocess.Popen) -> None:
    # ProcessLookupError: the group is gone, every process of it has ended.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
