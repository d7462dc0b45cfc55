"""Stored files of a write that did not commit.

A service that stores files inside a transaction (evidence, evidence copied by a carry-over) notes
each one as ``(storage, name)`` and, when the transaction fails, calls ``forget``: the database
rolled back, the files go too, so no orphan is left behind.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def forget(written: list) -> None:
    """Remove the files in ``written`` (``(storage, name)`` pairs); a storage that refuses leaves
    an orphan, logged."""
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - the storage refused; the file is an orphan
            log.warning("could not remove the file %s of a failed change", name)
