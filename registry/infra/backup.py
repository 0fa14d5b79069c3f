"""Backups an operator can restore: `flask registry backup DIR` and `flask registry restore DIR`.

A backup is a folder: the database (SQLite through its online backup, which copies a consistent state while the
app keeps serving; PostgreSQL through `pg_dump` in its custom format), the evidence files and the rendered
documents, and `manifest.json` naming every file with its size and SHA-256, the kind of database and the schema's
migration. Restoring checks all of that first and refuses a damaged, incomplete or mismatched backup before it
touches anything; then the database is replaced in one step (SQLite's backup into the live file; `pg_restore` in
a single transaction) and the files are written back to their store (a folder, or object storage), each whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from registry.core.files import FileStore

FORMAT = 1
MANIFEST = "manifest.json"
FOLDERS = ("evidence", "documents")


class BackupError(Exception):
    """A backup that cannot be made, or one that must not be restored (the message says which file and why)."""


@dataclass(frozen=True)
class Made:
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _kind(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return "sqlite"
    if url.get_backend_name() == "postgresql":
        return "postgresql"
    raise BackupError(f"backups know SQLite and PostgreSQL, not {url.get_backend_name()}")


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore, the password in the environment (never on a command line)."""
    options = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432),
               "--username", url.username or "postgres", "--dbname", url.database or ""]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return options, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        # The command is pg_dump or pg_restore with options built here, never text from a request.
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def _files_under(root: Path) -> Iterable[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def make_backup(database_url: str, stores: dict[str, FileStore], target: Path, migration: str | None) -> Made:
    url = make_url(database_url)
    kind = _kind(url)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: choose a new folder for each backup")
    target.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        database_file = target / "database.sqlite3"
        source = sqlite3.connect(url.database or "")
        copy = sqlite3.connect(database_file)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        database_file = target / "database.pgdump"
        options, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database_file),
              *options], env)
    for name in FOLDERS:
        store, folder = stores[name], target / name
        folder.mkdir()
        for file_name in store.names():
            content = store.read(file_name)
            if content is not None:  # deleted since it was listed
                (folder / file_name).write_bytes(content)
    listed = [path for path in _files_under(target) if path.name != MANIFEST]
    manifest = {
        "format": FORMAT, "made_at": datetime.now(UTC).isoformat(timespec="seconds"), "database": kind,
        "migration": migration, "database_file": database_file.name,
        "files": {path.relative_to(target).as_posix(): {"size": path.stat().st_size, "sha256": _sha256(path)}
                  for path in listed},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return Made(files=len(listed), bytes=sum(path.stat().st_size for path in listed))


def check_backup(source: Path, database_url: str, known_migrations: set[str]) -> dict[str, Any]:
    """The backup's manifest, once every file it names is there with its size and checksum, nothing else is there,
    and it was made of the same kind of database with a migration this code knows; else BackupError."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} holds no {MANIFEST}: not a backup of the registry")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        files: dict[str, dict[str, Any]] = manifest["files"]
        kind, database_file = manifest["database"], manifest["database_file"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{MANIFEST} is damaged: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"backup format {manifest.get('format')} is not {FORMAT}")
    wanted = _kind(make_url(database_url))
    if kind != wanted:
        raise BackupError(f"the backup is of a {kind} database; this registry runs on {wanted}")
    if manifest.get("migration") not in known_migrations:
        raise BackupError(f"the backup's schema ({manifest.get('migration')}) is not one this version knows: "
                          f"restore it with the version that made it")
    if database_file not in files:
        raise BackupError(f"the manifest does not list the database file {database_file}")
    for name, expected in sorted(files.items()):
        found = source / name
        if not found.is_file():
            raise BackupError(f"{name} is missing from the backup")
        if found.stat().st_size != expected.get("size") or _sha256(found) != expected.get("sha256"):
            raise BackupError(f"{name} is damaged: its checksum is not the one recorded when it was made")
    extra = [p.relative_to(source).as_posix() for p in _files_under(source) if p.name != MANIFEST
             and p.relative_to(source).as_posix() not in files]
    if extra:
        raise BackupError(f"the backup holds files its manifest does not list: {', '.join(extra[:5])}")
    return manifest


def restore_backup(source: Path, database_url: str, stores: dict[str, FileStore], known_migrations: set[str]
                   ) -> int:
    """Replace the database and the folders with the backup's, after checking it whole; returns the files restored.
    Stop the app's processes first: requests served during a restore would see it half done."""
    manifest = check_backup(source, database_url, known_migrations)
    url = make_url(database_url)
    dump = source / manifest["database_file"]
    if manifest["database"] == "sqlite":
        backup = sqlite3.connect(dump)
        live = sqlite3.connect(url.database or "")
        try:
            with live:
                backup.backup(live)
        finally:
            live.close()
            backup.close()
    else:
        options, env = _libpq(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              *options, str(dump)], env)
    for name in FOLDERS:
        _replace_files(source / name, stores[name])
    return len(manifest["files"])


def _replace_files(backup_folder: Path, store: FileStore) -> None:
    """The store's files made the backup's: each written whole, then those the backup does not have deleted."""
    wanted = {path.name: path for path in _files_under(backup_folder)}
    for file_name, path in wanted.items():
        store.write(file_name, [path.read_bytes()])
    for file_name in list(store.names()):
        if file_name not in wanted:
            store.delete(file_name)
