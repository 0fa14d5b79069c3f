"""The monthly tallies of models/report_tally.py, counted from the records.

``refresh`` counts again every month marked stale, before a report adds the tallies up. A month is always counted
whole, from the records, in one transaction that holds the report lock: a tally is never adjusted by a difference,
so it cannot drift from the records, and what a concurrent change wrote after the count keeps its mark and is
counted at the next report.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, tzinfo
from itertools import islice
from typing import Any

from sqlalchemy import Select, and_, case, delete, exists, extract, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from registry.core.certificate_lifecycle import CertificateStatus
from registry.core.local_days import start_of_day
from registry.core.outcomes import OutcomeKind
from registry.core.report_periods import AGE_BANDS, UNKNOWN_AGE, month_of, months, next_month
from registry.core.workflow import AssessmentState
from registry.models import (
    Assessment,
    Candidate,
    Certificate,
    ReportItemTally,
    ReportLock,
    ReportStale,
    ReportTally,
    UnitResult,
    VerificationEvent,
)
from registry.models.report_tally import (
    AGE_BAND,
    ANY_NUMBER,
    ANY_TEXT,
    EVERY_GROUPING,
    MEASURES,
    NATIONALITY,
    NO_QUALIFICATION,
    RETURNEE,
    SEX,
)
from registry.models.types import utcnow
from registry.services.row_locks import hold

Key = tuple[int, int, str, str, int, int]  # centre, qualification, sex, nationality, returnee, age band
CHUNK = 1000
DAYS_EXACT = 60  # days from assessment to certificate counted one by one up to here, then by weeks
# Units, days and organisations are kept with no person filter or one: under two or more the few they would
# count are mostly hidden anyway, and keeping them would multiply the rows by ten.
ITEM_GROUPINGS = (0, SEX, NATIONALITY, RETURNEE, AGE_BAND)


def refresh(session: Session, zone: tzinfo, at_most_every: timedelta = timedelta(0),
            most_months: int | None = None) -> int:
    """Count again the months marked stale, unless they were counted less than ``at_most_every`` ago (a report
    read every second while certificates are checked every second would count the current month every time), or
    more than ``most_months`` of them wait (a request leaves a long count, a year's changes or a whole registry's
    after a migration, to the job worker, which counts every minute: jobs/queue.py); the number of months counted."""
    if session.scalar(select(ReportStale.id).limit(1)) is None:
        return 0
    last = session.scalar(select(ReportLock.counted_at).where(ReportLock.id == 1))
    if last is not None and at_most_every and utcnow() - last < at_most_every:
        return 0
    if most_months is not None and len(_stale_months(session, _stale(session), zone)[0]) > most_months:
        return 0
    _lock(session)
    stale = _stale(session)
    if not stale:
        return 0  # another report counted them while this one waited for the lock
    wanted, everything = _stale_months(session, stale, zone)
    if everything:
        session.execute(delete(ReportTally))
        session.execute(delete(ReportItemTally))
    for month in sorted(wanted):
        count_month(session, month, zone)
    ids = [row.id for row in stale]
    for chunk in _chunks(ids):
        session.execute(delete(ReportStale).where(ReportStale.id.in_(chunk)))
    return len(wanted)


def _stale(session: Session) -> list[Any]:
    return list(session.execute(select(ReportStale.id, ReportStale.day, ReportStale.candidate_id,
                                       ReportStale.certificate_id)).all())


def _lock(session: Session) -> None:
    """Hold the report lock until the transaction ends (its row is made again if a restore left it out)."""
    hold(session, update(ReportLock).where(ReportLock.id == 1).values(counted_at=utcnow()), ReportLock, id=1)


def counted_at(session: Session) -> tuple[datetime | None, bool]:
    """When the tallies were last brought up to date, and whether changes since wait to be counted."""
    last = session.scalar(select(ReportLock.counted_at).where(ReportLock.id == 1))
    return last, session.scalar(select(ReportStale.id).limit(1)) is not None


def _chunks(items: list[int]) -> Iterator[list[int]]:
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _stale_months(session: Session, stale: Iterable[Any], zone: tzinfo) -> tuple[set[date], bool]:
    """The months the marks name, and whether one of them marks everything (every month, counted afresh)."""
    days: set[date] = set()
    candidates, certificates, everything = set(), set(), False
    for row in stale:
        if row.day is not None:
            days.add(row.day)
        elif row.candidate_id is not None:
            candidates.add(row.candidate_id)
        elif row.certificate_id is not None:
            certificates.add(row.certificate_id)
        else:
            everything = True
    if everything:
        return set(_every_month(session)), True
    for chunk in _chunks(sorted(certificates)):
        days.update(session.scalars(select(Certificate.issued_on).distinct().where(Certificate.id.in_(chunk))))
    for chunk in _chunks(sorted(candidates)):
        days.update(_days_of_candidates(session, chunk))
    # A day in UTC may be the next or the previous day where the registry is.
    return {month_of(day + timedelta(days=shift)) for day in days for shift in (-1, 0, 1)}, False


def _as_days(values: Iterable[date | datetime | None]) -> set[date]:
    return {value.date() if isinstance(value, datetime) else value for value in values if value is not None}


def _days_of_candidates(session: Session, ids: list[int]) -> set[date]:
    found = _as_days(session.scalars(select(Candidate.created_at).where(Candidate.id.in_(ids))))
    for opened in session.execute(select(Assessment.created_at, Assessment.endorsed_at)
                                  .where(Assessment.candidate_id.in_(ids))):
        found |= _as_days(opened)
    for issued in session.execute(select(Certificate.issued_on, Certificate.status_changed_at,
                                         Certificate.expires_on).where(Certificate.candidate_id.in_(ids))):
        found |= _as_days(issued)
    found |= _as_days(session.scalars(select(VerificationEvent.at).distinct().join(
        Certificate, Certificate.id == VerificationEvent.certificate_id).where(Certificate.candidate_id.in_(ids))))
    return found


def _every_month(session: Session) -> list[date]:
    earliest = [session.scalar(select(func.min(column))) for column in (
        Candidate.created_at, Assessment.created_at, Certificate.issued_on, VerificationEvent.at)]
    latest = [session.scalar(select(func.max(column))) for column in (
        Candidate.created_at, Assessment.endorsed_at, Certificate.issued_on, Certificate.expires_on,
        Certificate.status_changed_at, VerificationEvent.at)]
    first, last = _as_days(earliest), _as_days(latest)
    if not first:
        return []
    return months(min(first) - timedelta(days=1), max(last) + timedelta(days=1))


class _Month:
    """The statements that count one month's records, each grouped by the key of the people they concern."""

    def __init__(self, month: date, zone: tzinfo) -> None:
        self.month = month
        self.first_day, self.next_first = month, next_month(month)
        self.start, self.end = start_of_day(month, zone), start_of_day(next_month(month), zone)

    def key(self, centre: Any, qualification: Any) -> list[Any]:
        born = Candidate.date_of_birth
        month = self.month
        later_in_year = or_(extract("month", born) > month.month,
                            and_(extract("month", born) == month.month, extract("day", born) > 1))
        age = literal(month.year) - extract("year", born) - case((later_in_year, 1), else_=0)
        band = case((born.is_(None), UNKNOWN_AGE),
                    *[(age <= oldest, number) for number, (_, oldest) in AGE_BANDS.items() if oldest is not None],
                    else_=max(AGE_BANDS))
        return [centre, qualification, Candidate.sex, Candidate.nationality, Candidate.returnee, band]

    def within(self, column: Any, days: bool = False) -> Any:
        if days:
            return and_(column >= self.first_day, column < self.next_first)
        return and_(column >= self.start, column < self.end)


def _key(row: Any) -> Key:
    return (int(row[0]), int(row[1]), str(getattr(row[2], "value", row[2])), str(row[3]), int(bool(row[4])),
            int(row[5]))


def count_month(session: Session, month: date, zone: tzinfo) -> None:
    """Replace one month's tallies with counts of the records."""
    counts: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    items: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    m = _Month(month, zone)

    def add(statement: Select[Any], measure: Any) -> None:
        for row in session.execute(statement):
            name = measure(row) if callable(measure) else measure
            if name:
                counts[_key(row)][name] += int(row[-1])

    key = m.key(Candidate.centre_id, literal(NO_QUALIFICATION))
    add(select(*key, func.count()).where(m.within(Candidate.created_at)).group_by(*key), "registered")

    key = m.key(Assessment.centre_id, Assessment.qualification_id)
    people = Candidate.id == Assessment.candidate_id
    add(select(*key, Assessment.state, func.count()).join(Candidate, people)
        .where(m.within(Assessment.created_at)).group_by(*key, Assessment.state),
        lambda row: f"opened_{AssessmentState(row[6]).value}")
    add(select(*key, func.count()).join(Candidate, people).where(m.within(Assessment.endorsed_at))
        .group_by(*key), "endorsed")
    for row in session.execute(
            select(*key, UnitResult.unit_id, UnitResult.outcome, func.count())
            .join(Candidate, people).join(UnitResult, UnitResult.assessment_id == Assessment.id)
            .where(m.within(Assessment.endorsed_at)).group_by(*key, UnitResult.unit_id, UnitResult.outcome)):
        items[_key(row)][f"unit:{row[6]}:{getattr(row[7], 'value', row[7])}"] += int(row[8])

    key = m.key(Certificate.centre_id, Certificate.qualification_id)
    holder = Candidate.id == Certificate.candidate_id
    # A certificate issued again for the same award (a corrected name) is not a second award.
    first_issue = Certificate.supersedes_id.is_(None)
    kinds = {OutcomeKind.QUALIFICATION.value: "qualifications",
             OutcomeKind.STATEMENT_OF_ATTAINMENT.value: "statements"}
    add(select(*key, Certificate.kind, func.count()).join(Candidate, holder)
        .where(m.within(Certificate.issued_on, days=True), first_issue).group_by(*key, Certificate.kind),
        lambda row: kinds.get(str(getattr(row[6], "value", row[6]))))
    checked = exists().where(VerificationEvent.certificate_id == Certificate.id)
    add(select(*key, func.count()).join(Candidate, holder)
        .where(m.within(Certificate.issued_on, days=True), first_issue, checked).group_by(*key), "checked")
    statuses = {CertificateStatus.REVOKED.value: "revoked", CertificateStatus.SUSPENDED.value: "suspended"}
    add(select(*key, Certificate.status, func.count()).join(Candidate, holder)
        .where(m.within(Certificate.status_changed_at), Certificate.status.in_(
            [CertificateStatus.REVOKED, CertificateStatus.SUSPENDED])).group_by(*key, Certificate.status),
        lambda row: statuses[str(getattr(row[6], "value", row[6]))])
    add(select(*key, func.count()).join(Candidate, holder)
        .where(m.within(Certificate.expires_on, days=True), Certificate.status.not_in(
            [CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED])).group_by(*key), "validity_ends")
    for row in session.execute(
            select(*key, Certificate.issued_on, Certificate.assessed_on, func.count()).join(Candidate, holder)
            .where(m.within(Certificate.issued_on, days=True), first_issue)
            .group_by(*key, Certificate.issued_on, Certificate.assessed_on)):
        items[_key(row)][f"days:{_days_item((row[6] - row[7]).days)}"] += int(row[8])

    checks = Certificate.id == VerificationEvent.certificate_id
    channels = {"qr", "number", "api", "upload"}
    add(select(*key, VerificationEvent.channel, func.count()).select_from(VerificationEvent)
        .join(Certificate, checks).join(Candidate, holder).where(m.within(VerificationEvent.at))
        .group_by(*key, VerificationEvent.channel),
        lambda row: f"checks_{row[6]}" if row[6] in channels else None)
    for row in session.execute(
            select(*key, VerificationEvent.organisation, func.count()).select_from(VerificationEvent)
            .join(Certificate, checks).join(Candidate, holder)
            .where(m.within(VerificationEvent.at), VerificationEvent.organisation != "")
            .group_by(*key, VerificationEvent.organisation)):
        name = organisation_key(str(row[6]))
        if name:
            items[_key(row)][f"org:{name}"] += int(row[7])

    session.execute(delete(ReportTally).where(ReportTally.month == month))
    session.execute(delete(ReportItemTally).where(ReportItemTally.month == month))
    _insert(session, ReportTally.__table__, [
        {**_key_row(EVERY_GROUPING, month, key), **values} for key, values in counts.items() if any(values.values())])
    _roll_up_in_the_database(session, month)
    _insert(session, ReportItemTally.__table__, [
        {**_key_row(grouping, month, key), "kind": item.split(":", 1)[0], "item": item.split(":", 1)[1],
         "count": count}
        for (grouping, key), values in _rolled_up(items, ITEM_GROUPINGS).items() for item, count in values.items()])


def _key_row(grouping: int, month: date, key: Key) -> dict[str, Any]:
    centre, qualification, sex, nationality, returnee, band = key
    return {"grouping": grouping, "month": month, "centre_id": centre, "qualification_id": qualification,
            "sex": sex, "nationality": nationality, "returnee": returnee, "age_band": band}


def _roll_up_in_the_database(session: Session, month: date) -> None:
    """Every other grouping of the month, summed from its full rows by the database."""
    table = ReportTally.__table__
    person = {SEX: table.c.sex, NATIONALITY: table.c.nationality, RETURNEE: table.c.returnee,
              AGE_BAND: table.c.age_band}
    rolled_up_value = {SEX: ANY_TEXT, NATIONALITY: ANY_TEXT, RETURNEE: ANY_NUMBER, AGE_BAND: ANY_NUMBER}
    for grouping in range(EVERY_GROUPING):
        kept = [column for bit, column in person.items() if grouping & bit]
        values = [literal(grouping).label("grouping"), table.c.month, table.c.centre_id, table.c.qualification_id]
        for bit, column in person.items():
            values.append(column if grouping & bit else literal(rolled_up_value[bit]).label(column.name))
        values += [func.sum(table.c[name]).label(name) for name in MEASURES]
        source = select(*values).where(table.c.grouping == EVERY_GROUPING, table.c.month == month).group_by(
            table.c.month, table.c.centre_id, table.c.qualification_id, *kept)
        session.execute(insert(table).from_select([value.name for value in values], source))


def _days_item(days: int) -> int:
    """Days from assessment to certificate as kept: one by one up to DAYS_EXACT, then by weeks, then by 30 days
    from 182 (a median that far out is read in months)."""
    days = max(days, 0)
    if days <= DAYS_EXACT:
        return days
    return days - days % 7 if days < 182 else days - days % 30


def organisation_key(name: str) -> str:
    """An organisation as people name it, folded so that "ACME Co." and "acme co." count once."""
    folded = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return folded[:200]


def _rolled_up(counts: dict[Key, Any], groupings: Iterable[int]) -> dict[tuple[int, Key], dict[str, int]]:
    """The given groupings of the person columns, each summed from the full rows."""
    found: dict[tuple[int, Key], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for grouping in groupings:
        for (centre, qualification, sex, nationality, returnee, band), values in counts.items():
            kept = (centre, qualification, sex if grouping & SEX else ANY_TEXT,
                    nationality if grouping & NATIONALITY else ANY_TEXT,
                    returnee if grouping & RETURNEE else ANY_NUMBER, band if grouping & AGE_BAND else ANY_NUMBER)
            into = found[(grouping, kept)]
            for name, value in values.items():
                into[name] += value
    return found


def _insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for first in range(0, len(rows), 5000):
        session.execute(insert(table), rows[first:first + 5000])
