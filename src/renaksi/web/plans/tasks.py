"""Tasks run by the worker (``renaksi worker``), outside any web request.

The queue is django-tasks with its database backend (django-tasks-db): a task is a row of the
site's own database, so nothing else has to be installed or started. ``read_import`` reads an
uploaded document (``services.read_import``): in the worker, each document is read in a child
process limited in memory and time (``importers.isolated``).
"""

from __future__ import annotations

from django_tasks import task


@task()
def read_import(session_id: str, language: str = "") -> str:
    """Read the upload of an import that is ``reading`` (its messages in ``language``, the
    uploader's); return the status it ends in."""
    from . import services

    return services.read_import(session_id, language or None)
