"""Evidence files: checked by content, stored outside static/ under random names, opened only by the centre."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from registry.core.uploads import EXTENSIONS, sniff_evidence_type
from registry.errors import InvalidInput, NotFound
from registry.models import Assessment, Evidence, User
from registry.services.audit import record_change
from registry.services.scope import get_in_scope, require_in_scope

CHUNK = 64 * 1024


def add_evidence(session: Session, actor: User, assessment: Assessment, upload: BinaryIO, original_name: str,
                 description: str, *, storage: Path, max_bytes: int) -> Evidence:
    require_in_scope(actor, assessment.centre_id)
    head = upload.read(16)
    if not head:
        raise InvalidInput({"file": [_l("The file is empty.")]})
    kind = sniff_evidence_type(head)
    if kind is None:
        raise InvalidInput({"file": [_l("Upload a PDF, JPEG or PNG file. This file is something else, "
                                        "whatever its name says.")]})
    storage.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + EXTENSIONS[kind]
    target = storage / stored_name
    digest = hashlib.sha256(head)
    size = len(head)
    try:
        with target.open("xb") as out:
            out.write(head)
            while chunk := upload.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise InvalidInput({"file": [_l("The file is larger than %(size)d MB.",
                                                    size=max_bytes // (1024 * 1024))]})
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
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


def open_evidence(session: Session, actor: User, evidence_id: int, *, storage: Path) -> tuple[Evidence, Path]:
    evidence = get_in_scope(session, Evidence, evidence_id, actor, "centre_id")
    path = storage / evidence.stored_name
    if not path.is_file():
        raise NotFound()
    return evidence, path
