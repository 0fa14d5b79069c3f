"""Monthly tallies behind the programme reports, and the marks that say which months must be counted again.

A report over a million certificates cannot count them at every request; it adds up these tallies instead
(services/report_tallies.py keeps them). A tally row holds one calendar month's counts for one centre, one
qualification and one group of people; ``grouping`` says which of the person columns the row keeps (the others are
rolled up into it and hold their "any" value), so that a report grouped by sex alone reads the small rows kept by
sex alone.

Every change that could alter a count writes a ``report_stale`` row in the same transaction (the listener below for
the ORM, services for their bulk statements): the next report counts those months again from the records first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Integer, PrimaryKeyConstraint, SmallInteger, String, event, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, UOWTransaction, attributes, mapped_column

from registry.models.assessment import Assessment, UnitResult
from registry.models.base import Base
from registry.models.candidate import Candidate
from registry.models.certificate import Certificate
from registry.models.types import UTCDateTime, utcnow
from registry.models.verification_event import VerificationEvent

# Person columns a row may keep, as bits of ``grouping``; a rolled-up column holds ANY.
SEX, NATIONALITY, RETURNEE, AGE_BAND = 1, 2, 4, 8
EVERY_GROUPING = SEX | NATIONALITY | RETURNEE | AGE_BAND
ANY_TEXT, ANY_NUMBER, NO_QUALIFICATION = "", -1, 0

MEASURES = (
    "registered",
    "opened_draft", "opened_evidence", "opened_assessed", "opened_submitted", "opened_endorsed", "opened_appealed",
    "endorsed", "qualifications", "statements", "revoked", "suspended", "validity_ends",
    "checks_qr", "checks_number", "checks_api", "checks_upload", "checked",
)


class _Key:
    grouping: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of a month of the registry's calendar
    centre_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    qualification_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # NO_QUALIFICATION for registrations
    sex: Mapped[str] = mapped_column(String(12), primary_key=True)
    nationality: Mapped[str] = mapped_column(String(2), primary_key=True)
    returnee: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    age_band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)


class ReportTally(_Key, Base):
    __tablename__ = "report_tally"

    registered: Mapped[int] = mapped_column(Integer, default=0)
    opened_draft: Mapped[int] = mapped_column(Integer, default=0)
    opened_evidence: Mapped[int] = mapped_column(Integer, default=0)
    opened_assessed: Mapped[int] = mapped_column(Integer, default=0)
    opened_submitted: Mapped[int] = mapped_column(Integer, default=0)
    opened_endorsed: Mapped[int] = mapped_column(Integer, default=0)
    opened_appealed: Mapped[int] = mapped_column(Integer, default=0)
    endorsed: Mapped[int] = mapped_column(Integer, default=0)
    qualifications: Mapped[int] = mapped_column(Integer, default=0)
    statements: Mapped[int] = mapped_column(Integer, default=0)
    revoked: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[int] = mapped_column(Integer, default=0)
    validity_ends: Mapped[int] = mapped_column(Integer, default=0)
    checks_qr: Mapped[int] = mapped_column(Integer, default=0)
    checks_number: Mapped[int] = mapped_column(Integer, default=0)
    checks_api: Mapped[int] = mapped_column(Integer, default=0)
    checks_upload: Mapped[int] = mapped_column(Integer, default=0)
    checked: Mapped[int] = mapped_column(Integer, default=0)


class ReportItemTally(_Key, Base):
    """Counts of one item within a month and group, by kind: a unit's outcomes (``unit``, ``<id>:<outcome>``),
    days from assessment to certificate (``days``, ``<n>``), a verifying organisation as it named itself (``org``,
    the name folded). Each kind's rows lie together, so that a report reads only the kind it wants."""

    __tablename__ = "report_item_tally"
    __table_args__ = (PrimaryKeyConstraint("kind", "grouping", "month", "centre_id", "qualification_id", "sex",
                                           "nationality", "returnee", "age_band", "item",
                                           name="pk_report_item_tally"),)

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    item: Mapped[str] = mapped_column(String(220), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ReportStale(Base):
    """A day whose month must be counted again (``day``, a calendar day in UTC or the registry's own: the months
    either side of it are counted again too), a candidate whose every month must (their sex or age changed), a
    certificate whose month of issue must (it was checked). All three empty: every month."""

    __tablename__ = "report_stale"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date | None] = mapped_column(Date)
    candidate_id: Mapped[int | None] = mapped_column(Integer)
    certificate_id: Mapped[int | None] = mapped_column(Integer)


class ReportLock(Base):
    """One row, updated by whoever brings the tallies up to date: on PostgreSQL a row lock and on SQLite the write
    lock, so that two reports never count the same month at once."""

    __tablename__ = "report_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def mark_stale(bind: Session | Connection, days: Iterable[date | datetime | None] = (),
               candidate_ids: Iterable[int] = (), certificate_ids: Iterable[int] = ()) -> None:
    rows: list[dict[str, Any]] = [{"day": day, "candidate_id": None, "certificate_id": None}
                                  for day in {_as_day(d) for d in days if d is not None}]
    rows += [{"day": None, "candidate_id": i, "certificate_id": None} for i in set(candidate_ids)]
    rows += [{"day": None, "candidate_id": None, "certificate_id": i} for i in set(certificate_ids)]
    if rows:
        bind.execute(insert(ReportStale), rows)


def mark_everything_stale(bind: Session | Connection) -> None:
    bind.execute(insert(ReportStale), [{"day": None, "candidate_id": None, "certificate_id": None}])


def _as_day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


# What each record is counted by: a change to any of these moves it between months or groups.
_DAYS = {
    Candidate: ("created_at",),
    Assessment: ("created_at", "endorsed_at"),
    Certificate: ("issued_on", "status_changed_at", "expires_on"),
    VerificationEvent: ("at",),
}
_PERSON = ("sex", "nationality", "returnee", "date_of_birth", "centre_id")


def _values(record: object, name: str) -> list[Any]:
    history = attributes.get_history(record, name)
    return [*history.added, *history.unchanged, *history.deleted]


@event.listens_for(Session, "before_flush")
def _mark_changed_months(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    days: list[date | datetime | None] = []
    candidates: list[int] = []
    certificates: list[int] = []
    for record in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(record, UnitResult):
            record = record.assessment  # an endorsed assessment's results are counted by its month of endorsement
            if record is None:
                continue
        names = _DAYS.get(type(record))
        if names is None:
            continue
        if record in session.dirty and not session.is_modified(record):
            continue
        for name in names:
            days += _values(record, name) or [utcnow()]
        if isinstance(record, Candidate) and record not in session.new and record.id is not None and any(
                attributes.get_history(record, name).has_changes() for name in _PERSON):
            candidates.append(record.id)
        if isinstance(record, VerificationEvent):
            certificates.append(record.certificate_id)
    if days or candidates or certificates:
        mark_stale(session, days, candidates, certificates)
