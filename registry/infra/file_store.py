"""Where files live: evidence uploads and rendered documents, on this machine's disk (the default) or in
S3-compatible object storage when REGISTRY_STORAGE_URL is set (`s3://bucket/prefix?endpoint_url=...&region=...`;
credentials from the standard AWS variables or the machine's role), so that app servers keep nothing of their own
and any of them can serve any request.

A store knows files by name only; the services choose the names (random ones for evidence, the certificate's for
its documents). A write is whole or nothing: a file being written is never seen half done.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

SPOOL_BYTES = 8 * 1024 * 1024  # an upload larger than this is spooled to a temporary file before it goes to S3


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


class S3Store:
    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def __repr__(self) -> str:
        return f"S3Store(s3://{self.bucket}/{self.prefix})"

    def write(self, name: str, chunks: Iterable[bytes]) -> int:
        size = 0
        # Read whole before sending: an upload refused halfway (too large) sends nothing.
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            for chunk in chunks:
                size += len(chunk)
                spool.write(chunk)
            spool.seek(0)
            self.client.upload_fileobj(spool, self.bucket, self.prefix + name)
        return size

    def read(self, name: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)
        except self.client.exceptions.NoSuchKey:
            return None
        return bytes(answer["Body"].read())

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + name)

    def names(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield str(item["Key"])[len(self.prefix):]

    def check(self) -> None:
        probe = f".ready-{secrets.token_hex(4)}"
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + probe, Body=b"")
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + probe)


def s3_client(url: str) -> tuple[Any, str, str]:
    """A boto3 client, the bucket and the key prefix named by ``url``."""
    import boto3
    from botocore.config import Config

    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("REGISTRY_STORAGE_URL must look like s3://bucket/prefix?endpoint_url=...")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    client = boto3.client(
        "s3", endpoint_url=options.get("endpoint_url"), region_name=options.get("region", "us-east-1"),
        # Short timeouts and few retries: a store that does not answer makes a clear 503, not a hung worker.
        config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"},
                      s3={"addressing_style": options.get("addressing_style", "path")}))
    prefix = parts.path.strip("/")
    return client, parts.netloc, f"{prefix}/" if prefix else ""


def file_stores(storage_url: str, evidence_folder: Path, documents_folder: Path) -> dict[str, FileStore]:
    """The evidence and documents stores the configuration names."""
    if not storage_url:
        return {"evidence": LocalStore(evidence_folder), "documents": LocalStore(documents_folder)}
    client, bucket, prefix = s3_client(storage_url)
    return {"evidence": S3Store(client, bucket, prefix + "evidence/"),
            "documents": S3Store(client, bucket, prefix + "documents/")}
