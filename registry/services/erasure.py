"""A worker's right to erasure (PDPA section 33), and the retention rule that erases evidence nobody needs any more.

Erasure keeps only what the worker's certificates need to stay verifiable as printed: their names, nationality and
sex (counted in reports), their preferred language (their own page), assessments' outcomes, and the certificates.
Everything else goes: the date of birth, phone, identity document's type, last four characters and keyed hash,
evidence files and their names, appeals' and returns' reasons, the rows of spreadsheets that carried them, and the
same details in audit entries. An audit entry redacted so can no longer give its own hash: the erasure's own entry
lists each redacted entry with its hash, so the chain still verifies (core/audit_chain.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.orm import Session

from registry.core.files import FileStore
from registry.core.names import fold_latin
from registry.core.roles import Role
from registry.errors import Conflict, Forbidden
from registry.models import (
    Appeal,
    Assessment,
    AuditEntry,
    Candidate,
    Certificate,
    Cohort,
    CohortImport,
    Evidence,
    ImportState,
    TrainingCentre,
    User,
)
from registry.models.types import utcnow
from registry.services.audit import ERASURE_ACTION, Change, record_change, record_changes
from registry.services.candidates import get_candidate

MAY_ERASE = (Role.ADMIN, Role.PROVIDER_ADMIN)
ERASED = "[erased]"
# Keys of audit entries' fields that hold a worker's details beyond their name.
PERSONAL_KEYS = frozenset({"date_of_birth", "phone", "id_document", "name", "original_name", "description",
                           "reason", "return_reason", "decision_reason", "document_last4"})


@dataclass(frozen=True)
class Erasure:
    evidence_files: int
    audit_entries: int
    imports: int


def _needles(candidate: Candidate, evidence: Iterable[Evidence]) -> list[str]:
    """Strings that, found in a stored text, are this worker's details."""
    found = [item.original_name for item in evidence if len(item.original_name) >= 4]
    if candidate.date_of_birth is not None:
        found.append(candidate.date_of_birth.isoformat())
    if len(candidate.phone) >= 6:
        found.append(candidate.phone)
    if candidate.id_document_type is not None and candidate.id_document_last4:
        found.append(f"…{candidate.id_document_last4}")
    return found


def _redact(value: Any, needles: list[str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _redact(v, needles, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, needles, key) for v in value]
    if key in PERSONAL_KEYS and value not in (None, ""):
        return ERASED
    if isinstance(value, str) and any(needle in value for needle in needles):
        return ERASED
    return value


def erase_candidate(session: Session, actor: User, candidate_id: int, *, storage: FileStore) -> Erasure:
    if actor.role not in MAY_ERASE:
        raise Forbidden()
    candidate = get_candidate(session, actor, candidate_id)
    if candidate.erased_at is not None:
        raise Conflict(_l("This worker's data was already erased."))
    assessment_ids = list(session.scalars(select(Assessment.id).where(Assessment.candidate_id == candidate.id)))
    evidence = list(session.scalars(select(Evidence).where(Evidence.assessment_id.in_(assessment_ids))))
    needles = _needles(candidate, evidence)
    redacted = _redact_audit(session, candidate, assessment_ids, evidence, needles)
    imports = _scrub_imports(session, candidate, [needle for needle in needles if not needle.startswith("…")])
    stored = [item.stored_name for item in evidence]
    session.execute(delete(Evidence).where(Evidence.id.in_([item.id for item in evidence])))
    session.execute(update(Appeal).where(Appeal.assessment_id.in_(assessment_ids))
                    .values(reason=ERASED, decision_reason=""))
    session.execute(update(Assessment).where(Assessment.id.in_(assessment_ids), Assessment.return_reason != "")
                    .values(return_reason=ERASED))
    for item in evidence:
        session.expunge(item)
    candidate.date_of_birth = None
    candidate.phone = ""
    candidate.id_document_type = None
    candidate.id_document_last4 = None
    candidate.id_document_digest = None
    candidate.erased_at = utcnow()
    entry = record_change(session, actor, ERASURE_ACTION, candidate, centre_id=candidate.centre_id, after={
        "erased": ["date_of_birth", "phone", "id_document", "evidence", "appeal_reasons"],
        "evidence_files": len(stored), "imports": imports, "redacted": redacted})
    if redacted:
        session.execute(update(AuditEntry).where(AuditEntry.id.in_([int(i) for i in redacted]))
                        .values(erased_by=entry.id))
    session.flush()
    for name in stored:
        storage.delete(name)
    return Erasure(evidence_files=len(stored), audit_entries=len(redacted), imports=imports)


def _redact_audit(session: Session, candidate: Candidate, assessment_ids: list[int], evidence: list[Evidence],
                  needles: list[str]) -> dict[str, str]:
    """Redact the worker's details in audit entries about them (or quoting them); returns {entry id: its hash}
    for the entries already chained, which the erasure's entry vouches for."""
    about = [
        (AuditEntry.entity_type == Candidate.__tablename__) & (AuditEntry.entity_id == str(candidate.id)),
        (AuditEntry.entity_type == Assessment.__tablename__) & AuditEntry.entity_id.in_(
            [str(i) for i in assessment_ids]),
        (AuditEntry.entity_type == Evidence.__tablename__) & AuditEntry.entity_id.in_(
            [str(item.id) for item in evidence]),
    ]
    quoting = [cast(column, String).contains(needle, autoescape=True)
               for needle in needles for column in (AuditEntry.before, AuditEntry.after)]
    entries = session.execute(select(AuditEntry.id, AuditEntry.hash, AuditEntry.before, AuditEntry.after)
                              .where(AuditEntry.centre_id == candidate.centre_id, or_(*about, *quoting))).all()
    vouched: dict[str, str] = {}
    table = AuditEntry.__table__
    for entry_id, own_hash, before, after in entries:
        new_before, new_after = _redact(before, needles), _redact(after, needles)
        if (new_before, new_after) == (before, after):
            continue
        # A statement, not the ORM: audit entries are otherwise never changed (models/audit.py refuses it).
        session.execute(update(table).where(table.c.id == entry_id).values(before=new_before, after=new_after))
        if own_hash is not None:
            vouched[str(entry_id)] = own_hash
    return vouched


def _birth_date_as_typed(born: date | None) -> list[str]:
    """The ways a spreadsheet may have had the date of birth (core/intake reads all of these)."""
    if born is None:
        return []
    day, month = born.day, born.month
    return [born.isoformat(), *(f"{d}{sep}{m}{sep}{year}" for sep in "/.-" for year in (born.year, born.year + 543)
                                for d, m in ((f"{day:02d}", f"{month:02d}"), (str(day), str(month))))]


def _scrub_imports(session: Session, candidate: Candidate, needles: list[str]) -> int:
    """Spreadsheets uploaded for the worker's centre that carried their row (their name and birth date, or their
    phone): the file and its rows go (they are read once, when imported), and the worker leaves the lists of
    possible duplicates."""
    name = fold_latin(candidate.name_latin)
    needles = [*needles, *_birth_date_as_typed(candidate.date_of_birth)]
    scrubbed = 0
    imports = session.scalars(select(CohortImport).join(Cohort, Cohort.id == CohortImport.cohort_id)
                              .where(Cohort.centre_id == candidate.centre_id)).all()
    for cohort_import in imports:
        rows_text = json.dumps(cohort_import.rows, ensure_ascii=False, default=str)
        carried = bool(needles) and any(needle in rows_text for needle in needles) and name in fold_latin(rows_text)
        report = _without_candidate(cohort_import.report, candidate.id)
        if not carried and report == cohort_import.report:
            continue
        scrubbed += 1
        cohort_import.report = report
        if carried:
            cohort_import.content = b""
            cohort_import.rows = []
            if cohort_import.state is ImportState.CHECKED:
                cohort_import.state = ImportState.FAILED
                cohort_import.failure = str(_l("A worker in this file asked for their data to be erased: upload "
                                               "the file again without them."))
    return scrubbed


def _without_candidate(report: dict[str, Any], candidate_id: int) -> dict[str, Any]:
    duplicates = report.get("duplicates") or []
    changed = [{**duplicate, "candidates": [c if c.get("id") != candidate_id else {"id": candidate_id,
                                                                                    "erased": True}
                                            for c in duplicate.get("candidates", [])]}
               for duplicate in duplicates]
    return {**report, "duplicates": changed} if changed != duplicates else report


# --- Retention ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Retention:
    evidence_files: int
    import_files: int


def apply_retention(session: Session, *, today: date, now: datetime, storage: FileStore, evidence_years: int,
                    import_days: int) -> Retention:
    """Evidence of an assessment whose certificate was issued ``evidence_years`` ago or more is deleted (the
    certificate is the record from then on); spreadsheets' files and rows ``import_days`` after they were imported
    (the import's report stays). Run by the job worker once a day, and by ``flask registry retention``."""
    cutoff = _years_before(today, evidence_years)
    certified = select(Certificate.assessment_id).where(Certificate.issued_on <= cutoff)
    old = session.execute(select(Evidence.id, Evidence.stored_name, Evidence.centre_id, Evidence.assessment_id)
                          .where(Evidence.assessment_id.in_(certified))).all()
    if old:
        session.execute(delete(Evidence).where(Evidence.id.in_([row.id for row in old])))
        by_centre = Counter(row.centre_id for row in old)
        record_changes(session, None, [
            Change("evidence.retention", TrainingCentre.__tablename__, centre_id, centre_id,
                   after={"evidence_files": count, "certified_on_or_before": cutoff.isoformat()})
            for centre_id, count in sorted(by_centre.items())])
    finished = now - timedelta(days=import_days)
    stale_imports = session.execute(
        update(CohortImport).where(CohortImport.state.in_([ImportState.IMPORTED, ImportState.FAILED]),
                                   CohortImport.created_at <= finished, CohortImport.content != b"")
        .values(content=b"", rows=[]))
    session.flush()
    for row in old:
        storage.delete(row.stored_name)
    return Retention(evidence_files=len(old), import_files=int(getattr(stale_imports, "rowcount", 0) or 0))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
