"""Where files live, as the services see it: a store that knows files by name (evidence uploads, rendered
documents). This machine's disk is the default (LocalStore); registry/infra/file_store.py keeps them in
S3-compatible object storage instead. A write is whole or nothing: a file being written is never seen half done."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol


class FileStore(Protocol):
    def write(self, name: str, chunks: Iterable[bytes]) -> int:
        """Store ``chunks`` under ``name`` (replacing any file of that name); returns the size. If reading the
        chunks raises, nothing is stored."""

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""

    def delete(self, name: str) -> None:
        """Delete the file if there is one."""

    def names(self) -> Iterator[str]:
        """Every file's name."""

    def check(self) -> None:
        """Raise OSError (or the store's own error) unless a file can be written here now."""


class LocalStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __repr__(self) -> str:
        return f"LocalStore({self.folder})"

    def write(self, name: str, chunks: Iterable[bytes]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / name
        temporary = target.with_name(f".{name}.{secrets.token_hex(4)}.tmp")
        size = 0
        try:
            with temporary.open("xb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    out.write(chunk)
            temporary.replace(target)  # atomic: a reader sees the whole file or none
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return size

    def read(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        (self.folder / name).unlink(missing_ok=True)

    def names(self) -> Iterator[str]:
        if self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    yield path.name

    def check(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".ready-"):
            pass
