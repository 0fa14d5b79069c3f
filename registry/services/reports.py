"""Programme reports: how many were registered, assessed, certified and verified, broken down by sex, nationality,
centre and qualification, with small counts suppressed (core/suppression.py). Aggregates only: no report names a
person or shows a certificate's or a document's number.

Who sees what: the registry's administrators and analysts every centre (a centre may be chosen as a filter); a
centre's head their own centre only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import CertificateStatus
from registry.core.local_days import start_of_day
from registry.core.outcomes import OutcomeKind
from registry.core.roles import Role
from registry.core.suppression import Shown, against_unfiltered, breakdown, shown
from registry.errors import Forbidden
from registry.models import Assessment, Candidate, Certificate, Qualification, TrainingCentre, User, VerificationEvent

INDICATORS = ("registered", "endorsed", "qualifications", "statements", "revoked", "verifications")
DIMENSIONS = ("sex", "nationality", "centre", "qualification")
SEES_EVERY_CENTRE = (Role.ADMIN, Role.ANALYST)
MAY_SEE_REPORTS = (*SEES_EVERY_CENTRE, Role.PROVIDER_ADMIN)


@dataclass(frozen=True)
class ReportFilter:
    date_from: date | None = None  # calendar days where the registry is, both included
    date_to: date | None = None
    centre_id: int | None = None
    qualification_id: int | None = None
    sex: str = ""
    nationality: str = ""

    @property
    def narrowed(self) -> bool:
        """Filtered beyond the period and the centre: a count may then be compared with the unfiltered one."""
        return bool(self.sex or self.nationality or self.qualification_id)


def scoped(actor: User, wanted: ReportFilter) -> ReportFilter:
    """The filter the actor may use: a centre's head always their own centre."""
    if actor.role not in MAY_SEE_REPORTS:
        raise Forbidden()
    if actor.role in SEES_EVERY_CENTRE:
        return wanted
    return replace(wanted, centre_id=actor.centre_id)


Grouped = dict[str, dict[str, int]]  # dimension -> category -> count


def _counts(session: Session, base: Callable[[Any], Select[Any]], dimensions: tuple[str, ...]) -> Grouped:
    columns = {"sex": Candidate.sex, "nationality": Candidate.nationality, "centre": TrainingCentre.code,
               "qualification": Qualification.code}
    found: Grouped = {}
    for dimension in dimensions:
        column = columns[dimension]
        found[dimension] = {str(getattr(key, "value", key)): int(count)
                            for key, count in session.execute(base(column).group_by(column))}
    return found


class _Queries:
    """The statements of each indicator, grouped by one column, under one filter."""

    def __init__(self, wanted: ReportFilter, zone: tzinfo) -> None:
        self.wanted = wanted
        self.start = start_of_day(wanted.date_from, zone) if wanted.date_from else None
        self.end = start_of_day(date.fromordinal(wanted.date_to.toordinal() + 1), zone) if wanted.date_to else None

    def _people(self, statement: Select[Any]) -> Select[Any]:
        wanted = self.wanted
        if wanted.sex:
            statement = statement.where(Candidate.sex == wanted.sex)
        if wanted.nationality:
            statement = statement.where(Candidate.nationality == wanted.nationality)
        return statement

    def _between(self, statement: Select[Any], column: Any, days: bool = False) -> Select[Any]:
        if self.start is not None:
            statement = statement.where(column >= (self.wanted.date_from if days else self.start))
        if self.end is not None:
            statement = statement.where(column <= self.wanted.date_to if days else column < self.end)
        return statement

    def registered(self, column: Any) -> Select[Any]:
        statement = select(column, func.count(Candidate.id)).select_from(Candidate) \
            .join(TrainingCentre, TrainingCentre.id == Candidate.centre_id)
        if self.wanted.centre_id is not None:
            statement = statement.where(Candidate.centre_id == self.wanted.centre_id)
        if self.wanted.qualification_id is not None:
            statement = statement.where(Candidate.id.in_(select(Assessment.candidate_id).where(
                Assessment.qualification_id == self.wanted.qualification_id)))
        return self._between(self._people(statement), Candidate.created_at)

    def endorsed(self, column: Any) -> Select[Any]:
        statement = select(column, func.count(Assessment.id)).select_from(Assessment) \
            .join(Candidate, Candidate.id == Assessment.candidate_id) \
            .join(TrainingCentre, TrainingCentre.id == Assessment.centre_id) \
            .join(Qualification, Qualification.id == Assessment.qualification_id) \
            .where(Assessment.endorsed_at.is_not(None))
        return self._between(self._places(self._people(statement), Assessment), Assessment.endorsed_at)

    def _places(self, statement: Select[Any], model: Any) -> Select[Any]:
        if self.wanted.centre_id is not None:
            statement = statement.where(model.centre_id == self.wanted.centre_id)
        if self.wanted.qualification_id is not None:
            statement = statement.where(model.qualification_id == self.wanted.qualification_id)
        return statement

    def _certificates(self, column: Any) -> Select[Any]:
        statement = select(column, func.count(Certificate.id)).select_from(Certificate) \
            .join(Candidate, Candidate.id == Certificate.candidate_id) \
            .join(TrainingCentre, TrainingCentre.id == Certificate.centre_id) \
            .join(Qualification, Qualification.id == Certificate.qualification_id)
        return self._places(self._people(statement), Certificate)

    def qualifications(self, column: Any) -> Select[Any]:
        return self._between(self._certificates(column).where(Certificate.kind == OutcomeKind.QUALIFICATION),
                             Certificate.issued_on, days=True)

    def statements(self, column: Any) -> Select[Any]:
        return self._between(self._certificates(column).where(
            Certificate.kind == OutcomeKind.STATEMENT_OF_ATTAINMENT), Certificate.issued_on, days=True)

    def revoked(self, column: Any) -> Select[Any]:
        return self._between(self._certificates(column).where(Certificate.status == CertificateStatus.REVOKED),
                             Certificate.status_changed_at)

    def verifications(self, column: Any) -> Select[Any]:
        statement = select(column, func.count(VerificationEvent.id)).select_from(VerificationEvent) \
            .join(Certificate, Certificate.id == VerificationEvent.certificate_id) \
            .join(Candidate, Candidate.id == Certificate.candidate_id) \
            .join(TrainingCentre, TrainingCentre.id == Certificate.centre_id) \
            .join(Qualification, Qualification.id == Certificate.qualification_id)
        return self._between(self._places(self._people(statement), Certificate), VerificationEvent.at)


def _raw(session: Session, wanted: ReportFilter, zone: tzinfo) -> dict[str, tuple[Grouped, int]]:
    queries = _Queries(wanted, zone)
    found: dict[str, tuple[Grouped, int]] = {}
    for indicator in INDICATORS:
        dimensions = DIMENSIONS if indicator != "registered" else ("sex", "nationality", "centre")
        grouped = _counts(session, getattr(queries, indicator), dimensions)
        found[indicator] = (grouped, sum(grouped["sex"].values()))
    return found


@dataclass(frozen=True)
class Report:
    wanted: ReportFilter
    totals: dict[str, Shown]  # indicator -> total
    tables: dict[str, dict[str, dict[str, Shown]]]  # dimension -> category -> indicator -> count
    by_channel: dict[str, Shown]  # how employers checked: the QR page, a typed number, the API, an upload
    checked: Shown  # certificates issued in the period and checked at least once


def _channels(session: Session, wanted: ReportFilter, zone: tzinfo) -> dict[str, int]:
    queries = _Queries(wanted, zone)
    column = VerificationEvent.channel
    return {str(channel): int(count) for channel, count in session.execute(queries.verifications(column)
                                                                             .group_by(column))}


def _checked(session: Session, wanted: ReportFilter, zone: tzinfo) -> int:
    queries = _Queries(wanted, zone)
    issued = queries._between(queries._certificates(Certificate.id), Certificate.issued_on, days=True)
    ever = issued.with_only_columns(func.count(func.distinct(Certificate.id))).where(
        Certificate.id.in_(select(VerificationEvent.certificate_id)))
    return int(session.scalar(ever) or 0)


def report(session: Session, actor: User, wanted: ReportFilter, zone: tzinfo) -> Report:
    wanted = scoped(actor, wanted)
    raw = _raw(session, wanted, zone)
    # Counts without the person filters, to hide a filtered count that leaves out only a few people.
    wide = _raw(session, replace(wanted, sex="", nationality="", qualification_id=None), zone) \
        if wanted.narrowed else raw
    totals: dict[str, Shown] = {}
    tables: dict[str, dict[str, dict[str, Shown]]] = {dimension: {} for dimension in DIMENSIONS}
    for indicator, (grouped, total) in raw.items():
        wide_grouped, wide_total = wide[indicator]
        _, shown_total = breakdown({}, total)
        totals[indicator] = against_unfiltered(shown_total, total, wide_total)
        for dimension, cells in grouped.items():
            shown_cells, _ = breakdown(cells, total)
            for category, value in shown_cells.items():
                value = against_unfiltered(value, cells[category], wide_grouped[dimension].get(category, 0))
                tables[dimension].setdefault(category, {})[indicator] = value
    for dimension, rows in tables.items():
        for indicator, (grouped, _) in raw.items():
            if dimension in grouped:  # counted by this dimension, and none in some of its categories
                for row in rows.values():
                    row.setdefault(indicator, 0)
    channels = _channels(session, wanted, zone)
    shown_channels, _ = breakdown(channels, sum(channels.values()))
    checked = _checked(session, wanted, zone)
    wide_checked = _checked(session, replace(wanted, sex="", nationality="", qualification_id=None), zone) \
        if wanted.narrowed else checked
    return Report(wanted, totals, {d: dict(sorted(rows.items())) for d, rows in tables.items()},
                  dict(sorted(shown_channels.items())), against_unfiltered(shown(checked), checked, wide_checked))


def as_json(found: Report) -> dict[str, Any]:
    """The report as GET /api/v1/reports/summary answers it."""
    wanted = found.wanted
    return {
        "filters": {"from": wanted.date_from.isoformat() if wanted.date_from else None,
                    "to": wanted.date_to.isoformat() if wanted.date_to else None,
                    "centre_id": wanted.centre_id, "qualification_id": wanted.qualification_id,
                    "sex": wanted.sex or None, "nationality": wanted.nationality or None},
        "totals": found.totals,
        "verifications_by_channel": found.by_channel,
        "certificates_checked_at_least_once": found.checked,
        "by": {dimension: {category: counts for category, counts in rows.items()}
               for dimension, rows in found.tables.items()},
    }
