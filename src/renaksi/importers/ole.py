"""OLE compound files: the container of the old binary Office formats, and of encrypted new ones.

An Excel 97–2003 workbook (.xls), a Word 97–2003 document (.doc) and a password-protected .xlsx or
.docx all start with the same eight bytes; what tells them apart is the streams at the root of
the file's directory: "Workbook" (or "Book", before Excel 97), "WordDocument", "EncryptedPackage".
The directory is read with xlrd's compound-document reader (xlrd reads the .xls files anyway), which
checks every sector chain it follows, so a damaged file gives an error rather than a loop.
"""

from __future__ import annotations

import io
from pathlib import Path

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_kind(path: Path) -> str:
    """ "xls", "doc", "encrypted" or "other"; "corrupt" when the directory cannot be read.

    A document can hold others (a workbook embedded in a Word document is a storage below the
    root), so only the root's own streams count.
    """
    names = root_streams(path)
    if names is None:
        return "corrupt"
    if "encryptedpackage" in names:
        return "encrypted"
    if "worddocument" in names:
        return "doc"
    if "workbook" in names or "book" in names:
        return "xls"
    return "other"


def root_streams(path: Path) -> set[str] | None:
    """The lower-cased names of the entries at the root of the directory; None if unreadable."""
    from xlrd.compdoc import CompDoc

    try:
        doc = CompDoc(path.read_bytes(), logfile=io.StringIO())  # its warnings are not ours
        return {doc.dirlist[i].name.lower() for i in doc.dirlist[0].children}
    except Exception:  # CompDocError, struct.error, IndexError, RecursionError on a looped tree
        return None


def word_is_encrypted(path: Path) -> bool:
    """Whether a .doc is password-protected: the fEncrypted bit of its File Information Block.

    LibreOffice cannot convert such a file without the password ([MS-DOC] 2.5.2: FibBase, the
    16-bit flags at offset 10, fEncrypted = 0x0100).
    """
    from xlrd.compdoc import CompDoc

    try:
        stream = CompDoc(path.read_bytes(), logfile=io.StringIO()).get_named_stream("WordDocument")
    except Exception:
        return False  # the conversion will say what is wrong
    return (
        bool(stream)
        and len(stream) >= 12
        and bool(int.from_bytes(stream[10:12], "little") & 0x0100)
    )
