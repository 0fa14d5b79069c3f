"""Where files live: evidence uploads and rendered documents, on this machine's disk (the default) or in
S3-compatible object storage when REGISTRY_STORAGE_URL is set (`s3://bucket/prefix?endpoint_url=...&region=...`;
credentials from the standard AWS variables or the machine's role), so that app servers keep nothing of their own
and any of them can serve any request.

The store's interface and the local one are registry/core/files.py; this is the object storage one, and the choice
between them.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from registry.core.files import FileStore, LocalStore

SPOOL_BYTES = 8 * 1024 * 1024  # an upload larger than this is spooled to a temporary file before it goes to S3


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
