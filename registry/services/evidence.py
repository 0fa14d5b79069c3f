"""Evidence files: checked by content, stored outside static/ under random names, opened only by the centre."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.core.files import FileStore
from registry.core.uploads import EXTENSIONS, sniff_evidence_type
from registry.errors import InvalidInput, NotFound
from registry.models import Assessment, Evidence, User
from registry.services.audit import record_change
from registry.services.scope import get_in_scope, require_in_scope

CHUNK = 64 * 1024


def add_evidence(session: Session, actor: User, assessment: Assessment, upload: BinaryIO, original_name: str,
                 description: str, *, storage: FileStore, max_bytes: int) -> Evidence:
    require_in_scope(actor, assessment.centre_id)
    head = upload.read(16)
    if not head:
        raise InvalidInput({"file": [_l("The file is empty.")]})
    kind = sniff_evidence_type(head)
    if kind is None:
        raise InvalidInput({"file": [_l("Upload a PDF, JPEG or PNG file. This file is something else, "
                                        "whatever its name says.")]})
    stored_name = secrets.token_hex(16) + EXTENSIONS[kind]
    digest = hashlib.sha256(head)

    def chunks() -> Iterator[bytes]:
        # Counted as it is read: a file over the limit stops the write, and nothing of it is kept.
        size = len(head)
        yield head
        while chunk := upload.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise InvalidInput({"file": [_l("The file is larger than %(size)d MB.",
                                                size=max_bytes // (1024 * 1024))]})
            digest.update(chunk)
            yield chunk

    size = storage.write(stored_name, chunks())
    evidence = Evidence(assessment_id=assessment.id, centre_id=assessment.centre_id,
                        description=description.strip()[:200], original_name=Path(original_name).name[:255] or "file",
                        stored_name=stored_name, content_type=kind.value, size=size, sha256=digest.hexdigest(),
                        uploaded_by_id=actor.id)
    session.add(evidence)
    session.flush()
    record_change(session, actor, "evidence.add", evidence,
                  after={"assessment": assessment.id, "name": evidence.original_name, "sha256": evidence.sha256,
                         "size": size}, centre_id=assessment.centre_id)
    return evidence


def open_evidence(session: Session, actor: User, evidence_id: int, *, storage: FileStore) -> tuple[Evidence, bytes]:
    evidence = get_in_scope(session, Evidence, evidence_id, actor, "centre_id")
    content = storage.read(evidence.stored_name)
    if content is None:
        raise NotFound()
    return evidence, content
