"""Candidates and results of a cohort from a spreadsheet: checked first (a dry run that writes nothing but the
file and its report), imported after, row by row, resumable."""


from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.intake.template import CANDIDATE_KEYS
from registry.errors import Conflict, InvalidInput
from registry.models import (
    Assessment,
    Candidate,
    Cohort,
    CohortImport,
    CompetencyUnit,
    ImportState,
    Job,
    JobKind,
    JobState,
    User,
)
from registry.models.types import utcnow
from registry.services import assessments, candidates, jobs
from registry.services.audit import Change, record_changes

# The language a worker's slip and page start in, from their nationality; staff change it on the candidate's page.
from registry.services.import_checks import (
    EDITABLE_STATES,
    Check,
    RowAction,
    RowPlan,
    check_rows,
    read_content,
    row_error,
    units_of,
)
from registry.services.scope import get_in_scope, require_in_scope


class Decision(StrEnum):
    """What to do with a row that may be someone already registered, or a row above it."""

    EXISTING = "existing"  # the same person as the registered candidate: assess them in this cohort
    NEW = "new"  # a different person: register them
    SKIP = "skip"


def upload(session: Session, actor: User, cohort: Cohort, filename: str, content: bytes, today: date
           ) -> CohortImport:
    """Keep ``content`` for ``cohort`` with its check: what every row would do and every problem by row and column.
    Nothing else is written."""
    require_in_scope(actor, cohort.centre_id)
    digest = hashlib.sha256(content).hexdigest()
    rows = read_content(content)
    check = rows if isinstance(rows, Check) else check_rows(session, actor, cohort, rows, today)
    earlier = session.scalars(select(CohortImport).where(
        CohortImport.cohort_id == cohort.id, CohortImport.file_sha256 == digest,
        CohortImport.state == ImportState.IMPORTED).order_by(CohortImport.id.desc()).limit(1)).first()
    cohort_import = CohortImport(
        cohort_id=cohort.id, centre_id=cohort.centre_id, created_by_id=actor.id, filename=filename[:200],
        file_sha256=digest, content=content, row_count=len(check.plans), rows=[] if isinstance(rows, Check) else rows,
        report=_report(check, earlier), rows_done=[])
    session.add(cohort_import)
    session.flush()
    return cohort_import


def _report(check: Check, earlier: CohortImport | None) -> dict[str, Any]:
    return {
        "errors": check.errors,
        "corrections": check.corrections,
        "duplicates": [_duplicate(plan) for plan in check.plans if plan.action is RowAction.DECIDE],
        "rows": len(check.plans),
        "valid_rows": sum(1 for plan in check.plans if not plan.errors),
        "updates": sum(1 for plan in check.plans if plan.action is RowAction.UPDATE and not plan.errors),
        "already_imported": earlier.id if earlier is not None else None,
    }


def _duplicate(plan: RowPlan) -> dict[str, Any]:
    return {"row": plan.number, "name": plan.details.name_latin, "same_as_row": plan.same_as_row,
            "candidates": [{"id": c.id, "name_latin": c.name_latin, "name_native": c.name_native,
                            "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                            "nationality": c.nationality,
                            "document_last4": c.id_document_last4} for c in plan.matches]}


def get_import(session: Session, actor: User, import_id: int) -> CohortImport:
    return get_in_scope(session, CohortImport, import_id, actor, "centre_id")


Progress = Callable[[int, int], None]


def start_import(session: Session, actor: User, cohort_import: CohortImport, *, decisions: Mapping[int, str],
                 valid_rows_only: bool, now: datetime) -> Job:
    """A job that imports the checked file, or at once the reason it would be refused as a whole (from the check
    kept at upload: the user is told now, not after a wait)."""
    require_in_scope(actor, cohort_import.centre_id)
    report = cohort_import.report
    if not cohort_import.rows:
        errors = report.get("errors") or [{"message": str(_l("The file is empty."))}]
        raise InvalidInput({"file": [errors[0]["message"]]})
    pending = [d for d in report.get("duplicates", []) if decisions.get(int(d["row"])) not in set(Decision)]
    if (report.get("errors") or pending) and not valid_rows_only:
        raise InvalidInput({"file": [_l("Some rows need attention: correct them, decide about the possible "
                                        "duplicates, or import only the valid rows.")]})
    underway = jobs.latest_job(session, cohort_import.cohort_id, JobKind.IMPORT, subject_id=cohort_import.id)
    if underway is not None and underway.state in (JobState.QUEUED, JobState.RUNNING):
        return underway  # sent twice: one import of the file at a time
    cohort = session.get(Cohort, cohort_import.cohort_id)
    assert cohort is not None
    return jobs.create_job(session, actor, JobKind.IMPORT, cohort, subject_id=cohort_import.id, now=now,
                           params={"decisions": {str(row): choice for row, choice in decisions.items()},
                                   "valid_rows_only": valid_rows_only})


def run_import(session: Session, actor: User, cohort_import: CohortImport, *, today: date, document_key: bytes,
               decisions: Mapping[int, str] | None = None, valid_rows_only: bool = False,
               checkpoint: Progress | None = None, batch: int = 200) -> CohortImport:
    """Write the rows of a checked file. A file with any error, or any possible duplicate without a decision,
    writes nothing unless ``valid_rows_only``. ``checkpoint(done, total)`` is called every ``batch`` rows, after a
    flush: the caller commits there, and an import started again after a crash skips the rows already written."""
    require_in_scope(actor, cohort_import.centre_id)
    if cohort_import.state is ImportState.IMPORTED:
        return cohort_import
    cohort = session.get(Cohort, cohort_import.cohort_id)
    assert cohort is not None
    # The rows as read at upload: the file is not parsed twice.
    check = check_rows(session, actor, cohort, cohort_import.rows, today) if cohort_import.rows \
        else Check([], cohort_import.report.get("errors") or [row_error(0, "", _l("The file is empty."))], [])
    decisions = decisions or {}
    pending = [plan for plan in check.plans if plan.action is RowAction.DECIDE and not plan.errors
               and decisions.get(plan.number) not in set(Decision)]
    if check.file_errors:
        raise InvalidInput({"file": [check.file_errors[0]["message"]]})
    if (check.errors or pending) and not valid_rows_only:
        raise InvalidInput({"file": [_l("Some rows need attention: correct them, decide about the possible "
                                        "duplicates, or import only the valid rows.")]})
    units = {unit.code: unit for unit in units_of(session, cohort)}
    done = set(cohort_import.rows_done or [])
    waiting = {plan.number for plan in pending}
    todo = [plan for plan in check.plans if not plan.errors and plan.number not in waiting]
    cohort_import.state = ImportState.IMPORTING
    counts = {"candidates": cohort_import.created_candidates, "assessments": cohort_import.created_assessments,
              "updated": cohort_import.updated_assessments}
    written = sorted(done)
    remaining = [plan for plan in todo if plan.number not in done]
    for offset in range(0, len(remaining), batch):
        rows = remaining[offset:offset + batch]
        _write_rows(session, actor, cohort, rows, units, decisions, counts, today=today, document_key=document_key)
        written = sorted([*written, *(plan.number for plan in rows)])
        cohort_import.rows_done = written
        cohort_import.created_candidates = counts["candidates"]
        cohort_import.created_assessments = counts["assessments"]
        cohort_import.updated_assessments = counts["updated"]
        if offset + batch >= len(remaining):
            _finish(session, actor, cohort, cohort_import, len(todo))
        session.flush()
        if checkpoint is not None:
            checkpoint(len(done) + offset + len(rows), len(todo))
    if not remaining:
        _finish(session, actor, cohort, cohort_import, len(todo))
    return cohort_import


def _finish(session: Session, actor: User, cohort: Cohort, cohort_import: CohortImport, rows: int) -> None:
    cohort_import.state = ImportState.IMPORTED
    cohort_import.imported_at = utcnow()
    record_changes(session, actor, [Change("cohort.import", Cohort.__tablename__, cohort.id, cohort.centre_id, after={
        "file": cohort_import.filename, "sha256": cohort_import.file_sha256, "rows": rows,
        "created_candidates": cohort_import.created_candidates,
        "created_assessments": cohort_import.created_assessments,
        "updated_assessments": cohort_import.updated_assessments})])


def _write_rows(session: Session, actor: User, cohort: Cohort, plans: Sequence[RowPlan],
                units: Mapping[str, CompetencyUnit], decisions: Mapping[int, str], counts: dict[str, int], *,
                today: date, document_key: bytes) -> None:
    """One batch of rows, in a constant number of queries: new candidates registered together, their assessments
    opened together, results saved together (per assessment day)."""
    chosen: list[tuple[RowPlan, Assessment | Candidate | None]] = []
    for plan in plans:
        decision = decisions.get(plan.number)
        if plan.action is RowAction.DECIDE and (decision == Decision.SKIP or (
                decision == Decision.EXISTING and not plan.matches)):
            continue  # left out, or the same person as an earlier row of the file, written from that row
        if plan.action is RowAction.DECIDE and decision == Decision.EXISTING:
            chosen.append((plan, plan.matches[0]))
        else:
            chosen.append((plan, plan.assessment))
    created = candidates.register_candidates(session, actor, [plan.details for plan, known in chosen if known is None],
                                             document_key=document_key, today=today)
    counts["candidates"] += len(created)
    fresh = iter(created)
    people = [(plan, next(fresh) if known is None else known) for plan, known in chosen]
    in_cohort = {a.candidate_id: a for a in session.scalars(select(Assessment).where(
        Assessment.cohort_id == cohort.id,
        Assessment.candidate_id.in_([c.id for _, c in people if isinstance(c, Candidate)])))}
    to_open = [c for _, c in people if isinstance(c, Candidate) and c.id not in in_cohort]
    opened = assessments.open_assessments(session, actor, to_open, cohort.qualification, cohort_id=cohort.id) \
        if to_open else []
    counts["assessments"] += len(opened)
    in_cohort.update({a.candidate_id: a for a in opened})
    by_day: dict[date, dict[tuple[int, int], assessments.ResultEntry]] = {}
    rows_by_day: dict[date, list[Assessment]] = {}
    for plan, person in people:
        assessment = person if isinstance(person, Assessment) else in_cohort[person.id]
        if plan.action is RowAction.UPDATE:
            counts["updated"] += 1
        if not plan.entries or plan.assessed_on is None:
            continue
        if assessment.state not in EDITABLE_STATES:
            raise Conflict(_l("The results of this candidate were submitted already: they cannot be changed by an "
                              "import."))
        by_day.setdefault(plan.assessed_on, {}).update(
            {(assessment.id, units[code].id): entry for code, entry in plan.entries.items()})
        rows_by_day.setdefault(plan.assessed_on, []).append(assessment)
    for day, entries in by_day.items():
        assessments.save_results(session, actor, rows_by_day[day], list(units.values()), entries, day, today)


def rejected_rows(session: Session, cohort_import: CohortImport) -> tuple[list[CompetencyUnit], list[list[object]]]:
    """The rows of the file that were not imported, as uploaded, each with what to correct: ready to fix and
    upload again."""
    cohort = session.get(Cohort, cohort_import.cohort_id)
    assert cohort is not None
    units = units_of(session, cohort)
    messages: dict[int, list[str]] = {}
    for error in cohort_import.report.get("errors", []):
        prefix = f"{error['column']}: " if error["column"] else ""
        messages.setdefault(int(error["row"]), []).append(prefix + error["message"])
    sheet_rows = cohort_import.rows
    keys = [str(cell) if cell is not None else "" for cell in sheet_rows[0]] if sheet_rows else []
    order = [*CANDIDATE_KEYS, *(unit.code for unit in units)]
    done = set(cohort_import.rows_done or [])
    imported = cohort_import.state is ImportState.IMPORTED
    rows = []
    for number, cells in enumerate(sheet_rows[2:], start=3):
        if all(cell in (None, "") for cell in cells):
            continue
        problems = messages.get(number)
        if not problems and imported and number not in done:
            problems = [str(_l("Not imported: a possible duplicate that was skipped or had no decision."))]
        if not problems:
            continue
        by_key = {key: cells[index] for index, key in enumerate(keys) if key and index < len(cells)}
        rows.append([by_key.get(key) for key in order] + ["; ".join(problems)])
    return units, rows


def refuse(session: Session, cohort_import: CohortImport, error: InvalidInput) -> None:
    """Mark the import failed with the reason the whole file was refused (nothing of it was written)."""
    _fail(session, cohort_import, next((m for ms in error.errors.values() for m in ms), str(error.message)))


def _fail(session: Session, cohort_import: CohortImport, reason: str) -> None:
    cohort_import.state = ImportState.FAILED
    cohort_import.failure = reason[:500]
    session.flush()


def job_state(cohort_import: CohortImport) -> str:
    """The import as the API's job states name it."""
    return {ImportState.CHECKED: "done", ImportState.IMPORTING: "running", ImportState.IMPORTED: "done",
            ImportState.FAILED: "failed"}[cohort_import.state]
