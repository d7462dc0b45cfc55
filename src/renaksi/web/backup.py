"""A whole site in one file: ``renaksi backup`` and ``renaksi restore``.

The archive is a zip file::

    manifest.json                       format and Renaksi version, when, the database's migrations,
                                        each table (fields, rows, bytes, SHA-256), each file (bytes,
                                        SHA-256, modification time), totals
    database/<app>.<model>.jsonl        one line per row: {"field": value, ...}, in primary-key order
    media/<path>                        every file of the media directory (evidence, workbooks,
                                        documents waiting in a preview), as it is on disk

The rows are written by this module, not by Django's serializer (``dumpdata`` cuts datetimes to
the millisecond): a datetime is written in UTC to the microsecond, a decimal as its digits, a
UUID, date, time or duration as text, bytes in base64, a JSON field's value as JSON. Every table of
every installed application is in it (accounts, sessions, permissions, the admin's log), with its
ids, so that the foreign keys hold.

A restore goes into an empty site only (migrated, to the same migrations as the archive, no rows
but the content types and permissions ``migrate`` makes, no file the archive would overwrite). It
checks everything it can before it writes anything (the manifest, every member's name and size,
every checksum), unpacks the files into a folder beside the media directory, loads the rows in
one transaction, and moves the files in before the transaction commits: a restore that fails
leaves the database as it was and removes the files it moved.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

FORMAT = "renaksi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUFFIX = ".zip"

# Limits of what a restore reads: an archive beyond them is refused before anything is written.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 1_000_000
MAX_ROW_BYTES = 256 * 1024 * 1024  # one line of a table: a row (a document as read is the largest)
MAX_RATIO = 1_000  # uncompressed / compressed, for a member larger than RATIO_FLOOR
RATIO_FLOOR = 16 * 1024 * 1024
FREE_SPACE_MARGIN = 64 * 1024 * 1024  # left free on the media directory's disk after a restore

# Made by ``migrate`` in every site: replaced by the archive's, with the archive's ids.
MADE_BY_MIGRATE = frozenset({"contenttypes.contenttype", "auth.permission"})

CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line saying why."""


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    file_bytes: int
    archive_bytes: int
    missing_files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)


@dataclass
class RestoreSummary:
    path: Path
    renaksi_version: str
    created_at: str
    tables: int
    rows: int
    files: int
    file_bytes: int


# ---------------------------------------------------------------------------------------------
# What is backed up


def dumped_models(apps=None) -> list:
    """Every table of every installed application (many-to-many tables too), parents first:
    of ``apps`` (the models as the database's migrations make them, ``models_of_database``), else
    of the code."""
    if apps is None:
        from django.apps import apps

    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed and not model._meta.swapped
    ]
    return _parents_first(models)


def models_of_database(using: str = "default") -> list:
    """``dumped_models`` as the migrations applied to the database make them (Django's
    historical models): the tables and columns that are there, whatever version of the code is
    installed (an older database not yet migrated, an empty one migrated to an older archive's
    migrations to restore it)."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    applied = {node for node in loader.applied_migrations if node in loader.graph.nodes}
    leaves = [
        node
        for node in applied
        if not any(child in applied for child in loader.graph.node_map[node].children)
    ]
    return dumped_models(loader.project_state(nodes=leaves, at_end=True).apps)


def _parents_first(models: list) -> list:
    """Models ordered so that a model comes after those its foreign keys point to (where the
    references allow it; a cycle keeps the rest in name order: the constraints are checked at
    the end of the transaction)."""
    by_label = {m._meta.label_lower: m for m in models}
    needs = {
        label: {
            f.related_model._meta.label_lower
            for f in m._meta.local_concrete_fields
            if f.is_relation and f.related_model is not None
        }
        & set(by_label) - {label}
        for label, m in by_label.items()
    }
    ordered: list[str] = []
    waiting = sorted(by_label)
    while waiting:
        ready = [label for label in waiting if needs[label] <= set(ordered)] or waiting[:1]
        ordered.extend(ready)
        waiting = [label for label in waiting if label not in ready]
    return [by_label[label] for label in ordered]


def _fields(model) -> list:
    """The columns of the model's own table, as they are inserted."""
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _encode(value):
    """A value JSON has no type for, as text (``json.dumps``'s ``default``): a datetime in UTC to
    the microsecond, a date, time or duration, a decimal's digits, a UUID, bytes in base64. The
    values JSON has a type for (texts, numbers, booleans, null, a JSON field's value) are written
    as they are."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        from django.utils.duration import duration_string

        return duration_string(value)
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write a {type(value).__name__} in a backup")


def _decoder(f, connection):
    """The function that turns the value ``_encode`` wrote into the column's value, as the
    database takes it (``Field.to_python``, then ``get_db_prep_save``, as a save does)."""
    if f.get_internal_type() == "JSONField":
        null = None if f.null else connection.ops.adapt_json_value(None, f.encoder)
        # None is SQL NULL where the column allows it, else JSON null.
        return lambda value: null if value is None else f.get_db_prep_save(value, connection)
    return lambda value: (
        None if value is None else f.get_db_prep_save(f.to_python(value), connection)
    )


def renaksi_version() -> str:
    from .. import __version__

    return __version__


def applied_migrations(using: str = "default") -> list[list[str]]:
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(
        [app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations()
    )


# ---------------------------------------------------------------------------------------------
# Backup


class _Hashing:
    """A writable stream that counts and hashes what goes through it."""

    def __init__(self, stream):
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.sha256.update(data)
        self.bytes += len(data)
        self.stream.write(data)


def default_name(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    return f"renaksi-backup-{now:%Y%m%d-%H%M%S}{SUFFIX}"


def create_backup(*, output: Path, using: str = "default") -> BackupSummary:
    """Write the database and the media directory into one zip archive at ``output``.

    The rows are read in one read-only transaction (on PostgreSQL a repeatable-read snapshot),
    so the tables agree with each other while the site keeps running. The archive is written
    beside ``output`` under a temporary name, readable by its owner alone (it holds password
    hashes), and renamed when complete: a failed backup leaves no partial file.
    Raises BackupError.
    """
    from django.conf import settings

    output = Path(output)
    if output.exists() and output.is_dir():
        raise BackupError(f"{output} is a directory: give a file name")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise BackupError(f"cannot write {output}: no folder {folder}")
    if folder.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError(f"{output} is in the media directory: write the backup elsewhere")
    fd, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=folder)
    os.fchmod(fd, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", allowZip64=True) as zf:
            summary = _write_archive(zf, Path(settings.MEDIA_ROOT), using)
        os.replace(partial, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
    summary.path = output
    summary.archive_bytes = output.stat().st_size
    return summary


def _write_archive(zf: zipfile.ZipFile, media_root: Path, using: str) -> BackupSummary:
    from django.db import connections, transaction

    connection = connections[using]
    tables = []
    referenced: set[str] = set()
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic(using=using):
        if snapshot:  # the first statement of the transaction
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = applied_migrations(using)
        for model in models_of_database(using):
            tables.append(_write_table(zf, model, using, referenced))
    files, skipped = _write_media(zf, media_root)
    on_disk = {entry["path"] for entry in files}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "renaksi_version": renaksi_version(),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "database": {"vendor": connection.vendor, "migrations": migrations},
        "tables": tables,
        "media": files,
        "counts": {
            "tables": len(tables),
            "rows": sum(t["rows"] for t in tables),
            "files": len(files),
            "file_bytes": sum(f["bytes"] for f in files),
        },
        # Named by a row, not in the media directory (lost before the backup was made).
        "missing_files": sorted(referenced - on_disk),
        # In the media directory but not a plain file under a plain name: not backed up.
        "skipped_files": skipped,
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    zf.writestr(_info(MANIFEST, zipfile.ZIP_DEFLATED), data)
    counts = manifest["counts"]
    return BackupSummary(
        path=Path(),
        tables=counts["tables"],
        rows=counts["rows"],
        files=counts["files"],
        file_bytes=counts["file_bytes"],
        archive_bytes=0,
        missing_files=manifest["missing_files"],
        skipped_files=skipped,
    )


def _info(name: str, compression: int, mtime: float | None = None) -> zipfile.ZipInfo:
    stamp = time.localtime(mtime) if mtime is not None else time.localtime()
    info = zipfile.ZipInfo(name, date_time=max(stamp[:6], (1980, 1, 1, 0, 0, 0)))
    info.compress_type = compression
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def _write_table(zf: zipfile.ZipFile, model, using: str, referenced: set[str]) -> dict:
    from django.db.models import FileField

    label = model._meta.label_lower
    fields = _fields(model)
    names = [f.attname for f in fields]
    files = [i for i, f in enumerate(fields) if isinstance(f, FileField)]
    member = f"database/{label}.jsonl"
    rows = 0
    with zf.open(_info(member, zipfile.ZIP_DEFLATED), "w", force_zip64=True) as raw:
        out = _Hashing(raw)
        query = model._base_manager.using(using).order_by("pk").values_list(*names)
        encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_encode)
        lines = []
        for values in query.iterator(chunk_size=2000):
            lines.append(encoder.encode(dict(zip(names, values, strict=True))))
            rows += 1
            referenced.update(values[i] for i in files if values[i])
            if len(lines) >= 1000:
                out.write(("\n".join(lines) + "\n").encode())
                lines = []
        if lines:
            out.write(("\n".join(lines) + "\n").encode())
    return {
        "model": label,
        "table": model._meta.db_table,
        "file": member,
        "fields": names,
        "rows": rows,
        "bytes": out.bytes,
        "sha256": out.sha256.hexdigest(),
    }


def _media_files(media_root: Path) -> Iterator[tuple[str, Path | None]]:
    """(relative POSIX path, path) of every file under the media directory, in name order;
    the path is None for what is not backed up (a link, a socket, a name a restore refuses)."""
    if not media_root.is_dir():
        return
    for folder, dirs, names in os.walk(media_root, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            relative = path.relative_to(media_root).as_posix()
            plain = stat.S_ISREG(path.lstat().st_mode)
            yield relative, path if plain and _safe_path(relative) else None
        for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:
            yield (Path(folder) / name).relative_to(media_root).as_posix(), None


def _write_media(zf: zipfile.ZipFile, media_root: Path) -> tuple[list[dict], list[str]]:
    files, skipped = [], []
    for relative, path in _media_files(media_root):
        if path is None:
            skipped.append(relative)
            continue
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            continue  # removed since it was listed (a workbook cleaned up): not in this backup
        with handle:
            status = os.fstat(handle.fileno())
            head = handle.read(CHUNK)
            # PDFs, images and Office files are compressed already: stored as they are.
            compression = (
                zipfile.ZIP_DEFLATED
                if len(zlib.compress(head[:16384], 1)) < 0.9 * len(head[:16384])
                else zipfile.ZIP_STORED
            )
            info = _info(f"media/{relative}", compression, status.st_mtime)
            with zf.open(info, "w", force_zip64=status.st_size > 1 << 30) as raw:
                out = _Hashing(raw)
                chunk = head
                while chunk:
                    out.write(chunk)
                    chunk = handle.read(CHUNK)
        files.append(
            {
                "path": relative,
                "bytes": out.bytes,
                "sha256": out.sha256.hexdigest(),
                "mtime": status.st_mtime,
            }
        )
    return files, skipped


# ---------------------------------------------------------------------------------------------
# Restore


def _safe_path(name: str) -> bool:
    """A relative POSIX path that stays where it is put: no absolute path, no ``..``, no
    backslash or drive, no empty or ``.`` part, nothing a shell or Windows reads otherwise."""
    if not isinstance(name, str) or not name or len(name) > 1024:
        return False
    if "\\" in name or "\x00" in name or name.startswith("/") or name.endswith("/"):
        return False
    parts = name.split("/")
    if any(part in ("", ".", "..") or any(ord(c) < 32 for c in part) for part in parts):
        return False
    return ":" not in parts[0]


def restore_backup(*, archive: Path, using: str = "default") -> RestoreSummary:
    """Restore a backup into this site, which must be empty (see the module's docstring).

    Raises BackupError, having changed nothing, when the archive is not a Renaksi backup, is
    damaged or altered (a size or checksum that differs from its manifest), names a path outside
    the media directory, is larger than the disk can hold, is of other migrations than this
    database, or when the site is not empty.
    """
    from django.conf import settings

    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError as exc:
        raise BackupError(f"{archive}: no such file") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{archive}: not a Renaksi backup (not a readable zip archive)") from exc
    with zf:
        manifest = _read_manifest(zf, archive)
        _check_members(zf, manifest, archive, media_root)
        _check_target(manifest, media_root, using)
        _verify_tables(zf, manifest, archive)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".renaksi-restore-", dir=media_root.parent))
        try:
            _extract_media(zf, manifest, archive, staging)
            _load(zf, manifest, staging, media_root, using)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    counts = manifest["counts"]
    return RestoreSummary(
        path=archive,
        renaksi_version=manifest["renaksi_version"],
        created_at=manifest["created_at"],
        tables=len(manifest["tables"]),
        rows=counts["rows"],
        files=len(manifest["media"]),
        file_bytes=counts["file_bytes"],
    )


def _malformed(archive: Path, what: str) -> BackupError:
    return BackupError(f"{archive}: not a Renaksi backup or damaged: {what}")


def _read_manifest(zf: zipfile.ZipFile, archive: Path) -> dict:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise BackupError(f"{archive}: not a Renaksi backup (no {MANIFEST})") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _malformed(archive, f"{MANIFEST} is {info.file_size} bytes")
    try:
        with zf.open(info) as handle:
            manifest = json.loads(handle.read(MAX_MANIFEST_BYTES + 1))
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise _malformed(archive, f"{MANIFEST} cannot be read ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: not a Renaksi backup ({MANIFEST} is not one)")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{archive}: backup format {version!r}; this Renaksi {renaksi_version()} reads "
            f"format {FORMAT_VERSION}"
        )
    _check_manifest_shape(manifest, archive)
    return manifest


def _check_manifest_shape(manifest: dict, archive: Path) -> None:
    def ok(value, kind) -> bool:
        return isinstance(value, kind) and not (kind is int and isinstance(value, bool))

    def sha(value) -> bool:
        return (
            isinstance(value, str)
            and len(value) == 64
            and all(c in "0123456789abcdef" for c in value)
        )

    checks = [
        ok(manifest.get("renaksi_version"), str),
        ok(manifest.get("created_at"), str),
        ok(manifest.get("database"), dict),
        ok(manifest.get("tables"), list),
        ok(manifest.get("media"), list),
        ok(manifest.get("counts"), dict),
    ]
    if not all(checks):
        raise _malformed(archive, f"{MANIFEST} lacks its format's entries")
    migrations = manifest["database"].get("migrations")
    if not ok(migrations, list) or not all(
        ok(m, list) and len(m) == 2 and all(ok(x, str) for x in m) for m in migrations
    ):
        raise _malformed(archive, f"{MANIFEST}: migrations")
    for table in manifest["tables"]:
        if not (
            ok(table, dict)
            and ok(table.get("model"), str)
            and ok(table.get("file"), str)
            and ok(table.get("fields"), list)
            and all(ok(x, str) for x in table["fields"])
            and ok(table.get("rows"), int)
            and ok(table.get("bytes"), int)
            and table["rows"] >= 0
            and table["bytes"] >= 0
            and sha(table.get("sha256"))
        ):
            raise _malformed(archive, f"{MANIFEST}: a table entry")
    for entry in manifest["media"]:
        if not (
            ok(entry, dict)
            and ok(entry.get("path"), str)
            and ok(entry.get("bytes"), int)
            and entry["bytes"] >= 0
            and ok(entry.get("mtime"), int | float)
            and sha(entry.get("sha256"))
        ):
            raise _malformed(archive, f"{MANIFEST}: a file entry")
    if not ok(manifest["counts"].get("rows"), int) or not ok(
        manifest["counts"].get("file_bytes"), int
    ):
        raise _malformed(archive, f"{MANIFEST}: counts")


def _check_members(zf: zipfile.ZipFile, manifest: dict, archive: Path, media_root: Path) -> None:
    """Every member is one the manifest lists, of the size it says, under a safe name; and the
    whole fits on the disk."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BackupError(f"{archive}: {len(infos)} members, more than a backup holds")
    expected: dict[str, int] = {MANIFEST: zf.getinfo(MANIFEST).file_size}
    for table in manifest["tables"]:
        if table["file"] != f"database/{table['model']}.jsonl" or not _safe_path(table["file"]):
            raise BackupError(f"{archive}: refused: table file {table['file']!r}")
        expected[table["file"]] = table["bytes"]
    root = media_root.resolve()
    for entry in manifest["media"]:
        path = entry["path"]
        target = (root / path).resolve() if _safe_path(path) else None
        if target is None or not target.is_relative_to(root) or target == root:
            raise BackupError(
                f"{archive}: refused: a file would be written outside the media directory: {path!r}"
            )
        name = f"media/{path}"
        if name in expected:
            raise _malformed(archive, f"{path!r} is listed twice")
        expected[name] = entry["bytes"]
    seen = set()
    for info in infos:
        name = info.filename
        if name in seen:
            raise _malformed(archive, f"{name!r} is in it twice")
        seen.add(name)
        if name not in expected:
            if not _safe_path(name.removeprefix("media/")) or ".." in name.split("/"):
                raise BackupError(
                    f"{archive}: refused: a member would be written outside the media "
                    f"directory: {name!r}"
                )
            raise _malformed(archive, f"{name!r} is not in the manifest")
        if stat.S_ISLNK(info.external_attr >> 16) or info.is_dir():
            raise BackupError(f"{archive}: refused: {name!r} is a link or a folder")
        if info.file_size != expected[name]:
            raise _malformed(
                archive,
                f"{name!r} is {info.file_size} bytes, the manifest says {expected[name]}",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BackupError(
                f"{archive}: refused: {name!r} expands {info.file_size} bytes "
                f"out of {info.compress_size}"
            )
    missing = sorted(set(expected) - seen)
    if missing:
        raise _malformed(archive, f"{len(missing)} listed members are missing ({missing[0]!r})")
    needed = sum(entry["bytes"] for entry in manifest["media"])
    place = media_root if media_root.exists() else media_root.parent
    while not place.exists() and place != place.parent:
        place = place.parent
    free = shutil.disk_usage(place).free
    if needed + FREE_SPACE_MARGIN > free:
        raise BackupError(
            f"{archive}: refused: its files take {needed} bytes, {free} are free on the "
            "media directory's disk"
        )


def _check_target(manifest: dict, media_root: Path, using: str) -> None:
    """The database is at the archive's migrations and empty; no file would be overwritten."""
    mine = applied_migrations(using)
    theirs = manifest["database"]["migrations"]
    if mine != theirs:
        only_theirs = sorted(map(tuple, theirs), key=str)
        only_theirs = [m for m in only_theirs if list(m) not in mine]
        only_mine = [m for m in mine if m not in theirs]
        what = (
            f"the archive has {'.'.join(only_theirs[0])}"
            if only_theirs
            else f"this database has {'.'.join(only_mine[0])}"
        )
        raise BackupError(
            f"the archive (Renaksi {manifest['renaksi_version']}) is of other migrations than "
            f"this database ({what}, {len(only_theirs)} + {len(only_mine)} differ): migrate "
            "an empty database to the archive's migrations first (docs/security.md)"
        )
    models = {m._meta.label_lower: m for m in models_of_database(using)}
    listed = {t["model"]: t for t in manifest["tables"]}
    if set(listed) != set(models):
        other = sorted(set(listed) ^ set(models))
        raise BackupError(f"the archive's tables differ from this site's: {', '.join(other[:5])}")
    for label, table in listed.items():
        names = [f.attname for f in _fields(models[label])]
        if sorted(table["fields"]) != sorted(names):
            raise BackupError(f"the archive's table {label} has other columns than this site's")
    filled = [
        (label, model._base_manager.using(using).count())
        for label, model in models.items()
        if label not in MADE_BY_MIGRATE and model._base_manager.using(using).exists()
    ]
    if filled:
        what = ", ".join(f"{n} in {label}" for label, n in filled[:3])
        raise BackupError(
            f"the site is not empty ({what}{', …' if len(filled) > 3 else ''}): restore only "
            "into a new database, migrated and without data"
        )
    for entry in manifest["media"]:
        if (media_root / entry["path"]).exists():
            raise BackupError(
                f"the media directory already has {entry['path']}: restore only into an empty one"
            )


def _verify_tables(zf: zipfile.ZipFile, manifest: dict, archive: Path) -> None:
    for table in manifest["tables"]:
        digest = hashlib.sha256()
        try:
            with zf.open(table["file"]) as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _malformed(archive, f"{table['file']} cannot be read ({exc})") from exc
        if digest.hexdigest() != table["sha256"]:
            raise BackupError(f"{archive}: refused: {table['file']} differs from its checksum")


def _extract_media(zf: zipfile.ZipFile, manifest: dict, archive: Path, staging: Path) -> None:
    for entry in manifest["media"]:
        target = staging / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with zf.open(f"media/{entry['path']}") as source, target.open("xb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        except (zipfile.BadZipFile, EOFError) as exc:
            raise _malformed(archive, f"media/{entry['path']} cannot be read ({exc})") from exc
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                f"{archive}: refused: media/{entry['path']} differs from its checksum"
            )
        os.utime(target, (entry["mtime"], entry["mtime"]))


def _rows(zf: zipfile.ZipFile, table: dict, fields: list, connection) -> Iterator[tuple]:
    """The table's rows as the database takes them, values in the order of ``fields``."""
    from django.core.exceptions import ValidationError

    names = [f.attname for f in fields]
    decoders = [_decoder(f, connection) for f in fields]
    with zf.open(table["file"]) as handle:
        number = 0
        while line := handle.readline(MAX_ROW_BYTES + 1):
            number += 1
            if len(line) > MAX_ROW_BYTES:
                raise BackupError(f"{table['file']}: row {number} is too large")
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or row.keys() != set(names):
                    raise ValueError("not the table's columns")
                yield tuple(decode(row[name]) for name, decode in zip(names, decoders, strict=True))
            except (ValueError, TypeError, ValidationError) as exc:
                detail = "; ".join(getattr(exc, "messages", [])) or str(exc)
                raise BackupError(f"{table['file']}: row {number}: {detail}") from exc
        if number != table["rows"]:
            raise BackupError(f"{table['file']}: {number} rows, the manifest says {table['rows']}")


def _load(zf: zipfile.ZipFile, manifest: dict, staging: Path, media_root: Path, using: str) -> None:
    """The rows in one transaction, sequences reset, constraints checked, the files moved in;
    on any failure the transaction is rolled back and the files moved in are removed."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import IntegrityError, connections, transaction

    connection = connections[using]
    models = {m._meta.label_lower: m for m in models_of_database(using)}
    moved: list[Path] = []
    made: list[Path] = []
    try:
        with transaction.atomic(using=using):
            for label in ("auth.permission", "contenttypes.contenttype"):
                if label in models:
                    models[label]._base_manager.using(using).all().delete()
            for table in manifest["tables"]:
                _insert_rows(zf, table, models[table["model"]], connection)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
                    cursor.execute(sql)
            try:
                connection.check_constraints(
                    table_names=[m._meta.db_table for m in models.values()]
                )
            except IntegrityError as exc:
                from .setup import one_line

                raise BackupError(
                    f"the archive's rows do not hold together: {one_line(exc)}"
                ) from exc
            ContentType.objects.clear_cache()
            for app_config in global_apps.get_app_configs():  # what the archive's site lacked
                create_contenttypes(app_config, verbosity=0, using=using)
                create_permissions(app_config, verbosity=0, using=using)
            _move_in(manifest, staging, media_root, moved, made)
    except BaseException:
        for path in moved:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        ContentType.objects.clear_cache()
        raise
    ContentType.objects.clear_cache()


def _insert_rows(zf: zipfile.ZipFile, table: dict, model, connection) -> None:
    """INSERT the table's rows as they are (ids, timestamps: no field fills in its own value),
    a thousand at a time."""
    fields = _fields(model)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        batch = []
        for values in _rows(zf, table, fields, connection):
            batch.append(values)
            if len(batch) >= 1000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _move_in(
    manifest: dict, staging: Path, media_root: Path, moved: list[Path], made: list[Path]
) -> None:
    for entry in manifest["media"]:
        target = media_root / entry["path"]
        missing = []
        folder = target.parent
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            folder.mkdir()
            made.append(folder)
        if target.exists():
            raise BackupError(f"the media directory already has {entry['path']}")
        shutil.move(staging / entry["path"], target)
        moved.append(target)
