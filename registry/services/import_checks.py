"""The check of a spreadsheet uploaded to a cohort: what every row would do and every problem by row and column,
by the code that checks a candidate typed into the form and a result typed into the grid
(candidates.problems_with, assessments.cell_problems): one place per rule. Writes nothing."""


from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.documents import DocumentType, document_last_four, normalise_document_number
from registry.core.intake.rows import HeaderProblem, Issue, Row, RowProblem, read_rows
from registry.core.intake.workbook import FileProblem, UnreadableFile, read_sheet
from registry.core.names import fold_latin
from registry.core.outcomes import AssessmentMethod, UnitOutcome
from registry.core.workflow import TRANSITIONS, Action, AssessmentState
from registry.models import (
    Assessment,
    Candidate,
    Cohort,
    CompetencyUnit,
    Sex,
    User,
)
from registry.services import assessments, candidates
from registry.services.candidates import CandidateDetails, IdentityDocument

# The language a worker's slip and page start in, from their nationality; staff change it on the candidate's page.
LANGUAGE_OF_NATIONALITY = {"KH": "km", "LA": "lo", "MM": "my", "TH": "th"}
EDITABLE_STATES = (AssessmentState.DRAFT, AssessmentState.EVIDENCE, AssessmentState.ASSESSED)
LOOKUP_CHUNK = 500


class RowAction(StrEnum):
    CREATE = "create"  # a new candidate and assessment
    UPDATE = "update"  # the candidate is in this cohort already: their results are updated
    DECIDE = "decide"  # a possible duplicate: waits for a decision


def check_choices(unit_codes: Iterable[str]) -> dict[str, list[str]]:
    """The values each choice column takes, as the template's drop-down lists offer them."""
    outcomes = [outcome.value for outcome in UnitOutcome]
    return {
        "sex": [sex.value for sex in Sex],
        "id_document_type": [kind.value for kind in DocumentType],
        "method": [method.value for method in AssessmentMethod],
        **{code: outcomes for code in unit_codes},
    }


def _row_problem_message(problem: str) -> object:
    messages: dict[str, object] = {
        RowProblem.REQUIRED: _l("This field is required."),
        RowProblem.DATE_FORMAT: _l("Not a date: write it as DD/MM/YYYY or YYYY-MM-DD."),
        RowProblem.DATE_IMPOSSIBLE: _l("No such day in the calendar."),
        RowProblem.CHOICE: _l("Not one of the values of the column's list."),
        RowProblem.TOO_LONG: _l("Use at most %(max)d characters.", max=200),
        HeaderProblem.UNKNOWN_COLUMN: _l("Unknown column: row 1 must hold the template's column keys."),
        HeaderProblem.MISSING_COLUMN: _l("A required column is missing."),
        HeaderProblem.DUPLICATE_COLUMN: _l("This column appears twice."),
        HeaderProblem.NO_DATA: _l("The file has no rows of data: fill them in from row 3."),
    }
    return messages.get(problem, problem)


def file_problem_message(problem: FileProblem) -> object:
    messages = {
        FileProblem.EMPTY: _l("The file is empty."),
        FileProblem.TYPE: _l("This is not an XLSX or CSV file. Save it from Excel as \"Excel Workbook (.xlsx)\" "
                             "or \"CSV UTF-8\" and upload it again."),
        FileProblem.BOMB: _l("The file expands to far more than any spreadsheet: it was refused."),
        FileProblem.ENTITIES: _l("The file holds XML entities that spreadsheets never use: it was refused."),
        FileProblem.ENCODING: _l("The file's text encoding could not be recognised, so nothing was read. Save it "
                                 "from Excel as \"CSV UTF-8\" or as \"Excel Workbook (.xlsx)\" and upload it again."),
        FileProblem.TOO_MANY_ROWS: _l("The file has more than %(max)d rows. Split it into smaller files.",
                                      max=5000),
        FileProblem.TOO_MANY_COLUMNS: _l("The file has too many columns: use the template of this qualification."),
        FileProblem.NO_VISIBLE_SHEET: _l("The workbook has no visible sheet."),
        FileProblem.UNREADABLE: _l("The file could not be read: it may be damaged. Save it again from Excel."),
    }
    return messages[problem]


def _correction_message(why: str) -> object:
    messages: dict[str, object] = {
        "tidied": _l("Invisible characters removed"),
        "zawgyi": _l("Converted from Zawgyi to Unicode Burmese"),
        "buddhist_era": _l("Buddhist-era year converted"),
        "excel_serial": _l("Excel date number converted"),
    }
    return messages.get(why, why)


# Field names of the services' errors, as the spreadsheet's column keys.
FIELD_COLUMNS = {"consent_purposes": "consent", "consent_language": "consent", "preferred_language": "nationality"}


@dataclass
class RowPlan:
    """What importing one row would do."""

    number: int
    action: RowAction
    details: CandidateDetails
    entries: dict[str, assessments.ResultEntry]  # by unit code; only the units given
    assessed_on: date | None
    errors: list[dict[str, str]] = field(default_factory=list)
    matches: list[Candidate] = field(default_factory=list)  # registered candidates it may be
    same_as_row: int | None = None  # an earlier row it may be
    assessment: Assessment | None = None  # for UPDATE: the candidate's assessment in this cohort


@dataclass
class Check:
    plans: list[RowPlan]
    file_errors: list[dict[str, str]]
    corrections: list[dict[str, str]]

    @property
    def errors(self) -> list[dict[str, str]]:
        return self.file_errors + [error for plan in self.plans for error in plan.errors]


def row_error(row: int, column: str, message: object, read: str = "") -> dict[str, str]:
    return {"row": str(row), "column": column, "message": str(message), "read": read}


def _issue(issue: Issue) -> dict[str, str]:
    return row_error(issue.row, issue.column, _row_problem_message(issue.problem), issue.read)


def read_content(content: bytes) -> list[list[object]] | Check:
    """The sheet's rows as JSON-storable values (dates in ISO form, which read_date reads back the same), or a
    Check holding why the file cannot be read."""
    try:
        sheet = read_sheet(content)
    except UnreadableFile as error:
        return Check([], [row_error(0, "", file_problem_message(error.problem))], [])
    return [[value.isoformat() if isinstance(value, date | datetime) else value for value in row]
            for row in sheet.rows]


def check_rows(session: Session, actor: User, cohort: Cohort, rows: Sequence[Sequence[object]], today: date
               ) -> Check:
    """Check a sheet's ``rows`` for ``cohort`` without writing anything."""
    units = units_of(session, cohort)
    codes = [unit.code for unit in units]
    read = read_rows(rows, codes, check_choices(codes))
    if read.header_issues:
        return Check([], [_issue(issue) for issue in read.header_issues], [])
    plans = [_plan(row, codes, today) for row in read.rows]
    if actor.role not in TRANSITIONS[Action.RECORD_RESULTS].roles:
        for plan in plans:
            if plan.entries:
                plan.errors.append(row_error(plan.number, next(iter(plan.entries)), _l(
                    "Only an assessor can record results: leave the unit columns empty to register the candidates, "
                    "or ask an assessor to upload the file.")))
    _find_duplicates(session, cohort, plans)
    corrections = [{"row": str(row.number), "column": c.column, "read": c.read, "value": c.value,
                    "why": str(_correction_message(c.why))} for row in read.rows for c in row.corrections]
    return Check(plans, [], corrections)


def units_of(session: Session, cohort: Cohort) -> list[CompetencyUnit]:
    return list(session.scalars(select(CompetencyUnit).where(
        CompetencyUnit.qualification_id == cohort.qualification_id).order_by(CompetencyUnit.position)))


def _text(row: Row, key: str) -> str:
    value = row.values.get(key)
    return value if isinstance(value, str) else ""


def _plan(row: Row, unit_codes: Sequence[str], today: date) -> RowPlan:
    errors = [_issue(issue) for issue in row.issues]
    bad_columns = {issue.column for issue in row.issues}
    nationality = _text(row, "nationality").upper()
    language = LANGUAGE_OF_NATIONALITY.get(nationality, "en")
    document = None
    number = normalise_document_number(_text(row, "id_document_number"))
    kind = _text(row, "id_document_type")
    if number and not kind and "id_document_type" not in bad_columns:
        errors.append(row_error(row.number, "id_document_type", _l("Choose which document the number belongs to.")))
    elif kind and not number and "id_document_number" not in bad_columns:
        errors.append(row_error(row.number, "id_document_number", _l("This field is required.")))
    elif kind and number and "id_document_type" not in bad_columns:
        document = IdentityDocument(DocumentType(kind), number)
    born = row.values.get("date_of_birth")
    details = CandidateDetails(
        name_latin=_text(row, "name_latin"), name_native=_text(row, "name_native"), nationality=nationality,
        sex=_text(row, "sex"), date_of_birth=born if isinstance(born, date) else None, id_document=document,
        phone=_text(row, "phone"), preferred_language=language,
        consent_purposes=_text(row, "consent").replace(",", " ").lower().split(), consent_language=language)
    for name, problems in candidates.problems_with(details, today).items():
        column = FIELD_COLUMNS.get(name, name)
        if column not in bad_columns:  # a date already said to be unreadable is not also "required"
            errors += [row_error(row.number, column, problem) for problem in problems[:1]]
            bad_columns.add(column)
    method = _text(row, "method")
    entries = {code: assessments.ResultEntry(_text(row, code), method) for code in unit_codes if _text(row, code)}
    for code, entry in entries.items():
        problems = assessments.cell_problems(entry)
        if problems and code not in bad_columns and "method" not in bad_columns:
            column = "method" if entry.outcome and not entry.method else code
            errors.append(row_error(row.number, column, problems[0]))
            bad_columns.add(column)
    assessed = row.values.get("assessed_on")
    assessed_on = assessed if isinstance(assessed, date) else None
    if entries and "assessed_on" not in bad_columns:
        errors += [row_error(row.number, "assessed_on", problem)
                   for problem in assessments.assessed_on_problems(assessed_on, today)]
    return RowPlan(row.number, RowAction.CREATE, details, entries, assessed_on, errors)


def _identity(details: CandidateDetails) -> tuple[str, date | None, str]:
    return fold_latin(details.name_latin), details.date_of_birth, details.nationality


def _document(details: CandidateDetails) -> tuple[str, str] | None:
    if details.id_document is None:
        return None
    return details.id_document.type.value, document_last_four(details.id_document.number)


def _find_duplicates(session: Session, cohort: Cohort, plans: list[RowPlan]) -> None:
    """Rows that may be the same person as an earlier row, or as a candidate of the centre (same name, date of birth
    and nationality, or same document's last four): flagged for a decision. A candidate already in this cohort is
    the same row uploaded again: their results are updated, nobody is doubled."""
    seen: dict[object, int] = {}
    for plan in plans:
        keys: list[object] = [_identity(plan.details)]
        if (document := _document(plan.details)) is not None:
            keys.append(document)
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            plan.same_as_row = earlier
            plan.action = RowAction.DECIDE
        for key in keys:
            seen.setdefault(key, plan.number)
    registered = _registered_like(session, cohort.centre_id, plans)
    in_cohort = {assessment.candidate_id: assessment for assessment in session.scalars(
        select(Assessment).where(Assessment.cohort_id == cohort.id))}
    for plan in plans:
        document = _document(plan.details)
        matches = [candidate for candidate in registered
                   if (candidate.name_latin_folded, candidate.date_of_birth, candidate.nationality)
                   == _identity(plan.details)
                   or (document is not None and candidate.id_document_type is not None
                       and (candidate.id_document_type.value, candidate.id_document_last4) == document)]
        own = [candidate for candidate in matches if candidate.id in in_cohort]
        if own and plan.same_as_row is None:
            plan.action = RowAction.UPDATE
            plan.assessment = in_cohort[own[0].id]
            plan.matches = own
            _keep_submitted_results(plan, plan.assessment)
        elif matches:
            plan.action = RowAction.DECIDE
            plan.matches = matches


def _keep_submitted_results(plan: RowPlan, assessment: Assessment) -> None:
    """An exported cohort uploaded again after its results were submitted: unchanged results are nothing to do,
    changed ones an error (a submitted assessment is changed through its return, not by a file)."""
    if assessment.state in EDITABLE_STATES or not plan.entries:
        return
    saved = {code: outcome.value for code, outcome in assessment.outcomes_by_unit_code().items()}
    if {code: entry.outcome for code, entry in plan.entries.items()} == saved:
        plan.entries = {}
        return
    plan.errors.append(row_error(plan.number, "", _l("The results of this candidate were submitted already: they "
                                                  "cannot be changed by an import.")))


def _registered_like(session: Session, centre_id: int, plans: Sequence[RowPlan]) -> list[Candidate]:
    names = sorted({fold_latin(plan.details.name_latin) for plan in plans if plan.details.name_latin})
    last_fours = sorted({document[1] for plan in plans if (document := _document(plan.details)) is not None})
    found: dict[int, Candidate] = {}
    for column, values in ((Candidate.name_latin_folded, names), (Candidate.id_document_last4, last_fours)):
        for start in range(0, len(values), LOOKUP_CHUNK):
            chunk = values[start:start + LOOKUP_CHUNK]
            for candidate in session.scalars(select(Candidate).where(Candidate.centre_id == centre_id,
                                                                     column.in_(chunk))):
                found[candidate.id] = candidate
    return list(found.values())


