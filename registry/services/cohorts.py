"""Cohorts: candidates assessed together against one qualification, with their results grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.models import Assessment, Candidate, Cohort, CompetencyUnit, Qualification, UnitResult, User
from registry.services import assessments
from registry.services.audit import record_change
from registry.services.scope import get_in_scope, require_in_scope, restrict_to_scope

MAX_COHORT_SIZE = 40


@dataclass
class Grid:
    cohort: Cohort
    assessments: list[Assessment]
    units: list[CompetencyUnit]
    results: dict[tuple[int, int], UnitResult]


def create_cohort(session: Session, actor: User, name: str, qualification: Qualification | None,
                  assessment_date: date | None, assessor_ids: Sequence[int], candidate_ids: Sequence[int]) -> Cohort:
    require_in_scope(actor, actor.centre_id)
    errors: dict[str, list[object]] = {}
    if not name.strip():
        errors["name"] = [_l("This field is required.")]
    if qualification is None:
        errors["qualification_id"] = [_l("Choose one of the options.")]
    if assessment_date is None:
        errors["assessment_date"] = [_l("Give a date as YYYY-MM-DD.")]
    assessors = list(session.scalars(select(User).where(User.id.in_(assessor_ids), User.role == Role.ASSESSOR,
                                                        User.centre_id == actor.centre_id, User.active.is_(True))))
    if not assessors or len(assessors) != len(set(assessor_ids)):
        errors["assessor_ids"] = [_l("Choose at least one assessor of your centre.")]
    candidates = list(session.scalars(select(Candidate).where(Candidate.id.in_(candidate_ids),
                                                              Candidate.centre_id == actor.centre_id)))
    if len(candidates) != len(set(candidate_ids)):
        errors["candidate_ids"] = [_l("Choose candidates of your centre.")]
    elif len(candidates) > MAX_COHORT_SIZE:
        # Larger cohorts come from a spreadsheet: a list of 500 names is no way to pick people.
        errors["candidate_ids"] = [_l("Choose at most %(count)d candidates here, or add them from a spreadsheet.",
                                      count=MAX_COHORT_SIZE)]
    if errors:
        raise InvalidInput(errors)
    assert qualification is not None and assessment_date is not None and actor.centre_id is not None
    cohort = Cohort(centre_id=actor.centre_id, qualification=qualification, name=name.strip(),
                    assessment_date=assessment_date, assessors=assessors)
    session.add(cohort)
    session.flush()
    record_change(session, actor, "cohort.create", cohort, after=cohort.audit_view(), centre_id=cohort.centre_id)
    for candidate in sorted(candidates, key=lambda c: c.name_latin_folded):
        assessments.open_assessment(session, actor, candidate, qualification, cohort_id=cohort.id)
    return cohort


def get_cohort(session: Session, actor: User, cohort_id: int) -> Cohort:
    return get_in_scope(session, Cohort, cohort_id, actor, "centre_id")


def list_cohorts(session: Session, actor: User) -> list[Cohort]:
    statement = restrict_to_scope(select(Cohort), actor, Cohort.centre_id)
    return list(session.scalars(statement.order_by(Cohort.assessment_date.desc(), Cohort.id.desc())))


def load_grid(session: Session, actor: User, cohort: Cohort) -> Grid:
    """Everything the results grid shows, in three queries whatever the cohort's size."""
    require_in_scope(actor, cohort.centre_id)
    rows = list(session.scalars(select(Assessment).where(Assessment.cohort_id == cohort.id).order_by(Assessment.id)))
    units = list(session.scalars(select(CompetencyUnit).where(
        CompetencyUnit.qualification_id == cohort.qualification_id).order_by(CompetencyUnit.position)))
    results = {
        (result.assessment_id, result.unit_id): result
        for result in session.scalars(select(UnitResult).where(UnitResult.assessment_id.in_([a.id for a in rows])))
    } if rows else {}
    return Grid(cohort=cohort, assessments=rows, units=units, results=results)


def export_rows(session: Session, actor: User, cohort: Cohort) -> tuple[list[CompetencyUnit], list[list[object]]]:
    """The cohort's candidates and results in the import template's columns, ready to edit and upload again.

    Identity document numbers are not kept (only their last four characters), so their columns stay empty: an
    upload matches the candidates again by name, date of birth and nationality."""
    grid = load_grid(session, actor, cohort)
    consents = {candidate.id: sorted({consent.purpose.value for consent in candidate.consents
                                                if consent.withdrawn_at is None})
                for candidate in session.scalars(select(Candidate).where(Candidate.id.in_(
                    [a.candidate_id for a in grid.assessments])).options(selectinload(Candidate.consents)))}
    rows: list[list[object]] = []
    for assessment in grid.assessments:
        candidate = assessment.candidate
        results = [grid.results.get((assessment.id, unit.id)) for unit in grid.units]
        given = [result for result in results if result is not None]
        rows.append([
            candidate.name_latin, candidate.name_native or None, candidate.sex.value, candidate.nationality,
            candidate.date_of_birth, None, None, candidate.phone or None,
            " ".join(consents.get(candidate.id, [])),
            given[0].method.value if given else None, max(r.assessed_on for r in given) if given else None,
            *[result.outcome.value if result is not None else None for result in results],
        ])
    return grid.units, rows


def default_assessor_ids(session: Session, actor: User) -> list[int]:
    """Who assesses a cohort opened without naming its assessors (over the API): the assessor opening it, or every
    active assessor of the centre."""
    if actor.role is Role.ASSESSOR:
        return [actor.id]
    return list(session.scalars(select(User.id).where(User.centre_id == actor.centre_id, User.role == Role.ASSESSOR,
                                                      User.active.is_(True))))
