"""Programme reports: how many were registered, assessed, certified and verified, broken down by sex, nationality,
returnee, age band, centre, country, qualification, sector and month, with small counts suppressed
(core/suppression.py). Aggregates only: no report names a person or shows a certificate's or a document's number.

The numbers are sums of the monthly tallies (services/report_tallies.py, brought up to date first), so a report
counts whole months of the registry's calendar.

Who sees what: the registry's administrators and analysts every centre (a centre may be chosen as a filter); a
centre's head their own centre only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from registry.core.report_periods import AGE_BAND_CODES, EARLIEST, LATEST, Period, months
from registry.core.roles import Role
from registry.core.suppression import SMALL, Shown, against_unfiltered, breakdown, is_small, shown
from registry.core.workflow import AssessmentState
from registry.errors import Forbidden
from registry.models import CompetencyUnit, Qualification, ReportItemTally, ReportTally, TrainingCentre, User
from registry.models.report_tally import AGE_BAND, NATIONALITY, NO_QUALIFICATION, RETURNEE, SEX
from registry.services import report_tallies

# What the tables count, each a sum of tally columns.
INDICATORS: dict[str, tuple[str, ...]] = {
    "registered": ("registered",),
    "opened": tuple(f"opened_{state.value}" for state in AssessmentState),
    "endorsed": ("endorsed",),
    "qualifications": ("qualifications",),
    "statements": ("statements",),
    "revoked": ("revoked",),
    "suspended": ("suspended",),
    "validity_ends": ("validity_ends",),
    "verifications": ("checks_qr", "checks_number", "checks_api", "checks_upload"),
    "checked": ("checked",),
}
STATES = tuple(state.value for state in AssessmentState)
CHANNELS = ("qr", "number", "api", "upload")
PERSON_DIMENSIONS = {"sex": SEX, "nationality": NATIONALITY, "returnee": RETURNEE, "age_band": AGE_BAND}
DIMENSIONS = ("sex", "nationality", "returnee", "age_band", "centre", "country", "qualification", "sector")
SEES_EVERY_CENTRE = (Role.ADMIN, Role.ANALYST)
MAY_SEE_REPORTS = (*SEES_EVERY_CENTRE, Role.PROVIDER_ADMIN)


@dataclass(frozen=True)
class ReportFilter:
    period: Period | None = None  # None: every month
    centre_id: int | None = None
    country: str = ""  # of the centre
    qualification_id: int | None = None
    sector: str = ""
    sex: str = ""
    nationality: str = ""
    returnee: bool | None = None
    age_band: int | None = None

    @property
    def narrowed(self) -> bool:
        """Filtered beyond the period and the place: a count may then be compared with the unfiltered one."""
        return bool(self.sex or self.nationality or self.qualification_id or self.sector
                    or self.returnee is not None or self.age_band is not None)

    @property
    def by_qualification(self) -> bool:
        """Registrations belong to no qualification: under these filters they are not counted."""
        return bool(self.qualification_id or self.sector)

    def widened(self) -> ReportFilter:
        return replace(self, qualification_id=None, sector="", sex="", nationality="", returnee=None, age_band=None)


def scoped(actor: User, wanted: ReportFilter) -> ReportFilter:
    """The filter the actor may use: a centre's head always their own centre."""
    if actor.role not in MAY_SEE_REPORTS:
        raise Forbidden()
    if actor.role in SEES_EVERY_CENTRE:
        return wanted
    return replace(wanted, centre_id=actor.centre_id)


Counts = dict[str, int]  # indicator -> count


class _Sums:
    """Sums of the tallies under one filter, grouped by one dimension at a time."""

    def __init__(self, session: Session, wanted: ReportFilter) -> None:
        self.session = session
        self.wanted = wanted
        self.bits = sum(bit for name, bit in PERSON_DIMENSIONS.items()
                        if getattr(wanted, name) not in ("", None))

    def _where(self, statement: Select[Any], model: Any, grouping: int) -> Select[Any]:
        wanted = self.wanted
        statement = statement.where(model.grouping == grouping)
        if wanted.period is not None:
            statement = statement.where(model.month >= wanted.period.first, model.month <= wanted.period.last)
        if wanted.centre_id is not None:
            statement = statement.where(model.centre_id == wanted.centre_id)
        if wanted.country:
            statement = statement.where(model.centre_id.in_(
                select(TrainingCentre.id).where(TrainingCentre.country == wanted.country)))
        if wanted.qualification_id is not None:
            statement = statement.where(model.qualification_id == wanted.qualification_id)
        if wanted.sector:
            statement = statement.where(model.qualification_id.in_(
                select(Qualification.id).where(Qualification.sector == wanted.sector)))
        if wanted.sex:
            statement = statement.where(model.sex == wanted.sex)
        if wanted.nationality:
            statement = statement.where(model.nationality == wanted.nationality)
        if wanted.returnee is not None:
            statement = statement.where(model.returnee == int(wanted.returnee))
        if wanted.age_band is not None:
            statement = statement.where(model.age_band == wanted.age_band)
        return statement

    def measures(self, dimension: str | None = None) -> dict[str, dict[str, int]]:
        """Category -> tally column -> sum; the category is "" without a dimension."""
        grouping = self.bits | PERSON_DIMENSIONS.get(dimension or "", 0)
        columns = [func.coalesce(func.sum(getattr(ReportTally, name)), 0) for name in _MEASURES]
        category, statement = self._category(dimension, ReportTally)
        statement = self._where(statement.add_columns(*columns), ReportTally, grouping)
        if category is not None:
            statement = statement.group_by(category)
        found: dict[str, dict[str, int]] = {}
        for row in self.session.execute(statement):
            key = "" if category is None else row[0]
            if key is None:
                continue  # registrations, under a dimension of qualifications
            values = row[1:] if category is not None else row
            found[_category_name(dimension, key)] = dict(zip(_MEASURES, map(int, values), strict=True))
        return found

    @staticmethod
    def _category(dimension: str | None, model: Any) -> tuple[Any, Select[Any]]:
        if dimension is None:
            return None, select()
        if dimension in ("centre", "country"):
            column = TrainingCentre.code if dimension == "centre" else TrainingCentre.country
            return column, select(column).select_from(model).join(TrainingCentre,
                                                                  TrainingCentre.id == model.centre_id)
        if dimension in ("qualification", "sector"):
            column = Qualification.code if dimension == "qualification" else Qualification.sector
            return column, select(column).select_from(model).outerjoin(
                Qualification, Qualification.id == model.qualification_id)
        column = getattr(model, dimension)
        return column, select(column).select_from(model)

    def items(self, kind: str) -> dict[str, int]:
        statement: Any = select(ReportItemTally.item, func.sum(ReportItemTally.count))
        statement = self._where(statement.where(ReportItemTally.kind == kind), ReportItemTally, self.bits)
        return {str(item): int(count) for item, count in self.session.execute(
            statement.group_by(ReportItemTally.item))}


_MEASURES = tuple(name for names in INDICATORS.values() for name in names)


def _category_name(dimension: str | None, key: Any) -> str:
    if dimension == "age_band":
        return AGE_BAND_CODES[int(key)]
    if dimension == "returnee":
        return "yes" if key else "no"
    if isinstance(key, date):
        return key.isoformat()
    return str(key)


def _indicators(measures: Mapping[str, int], wanted: ReportFilter) -> dict[str, int | None]:
    found: dict[str, int | None] = {name: sum(measures.get(m, 0) for m in names) for name, names in INDICATORS.items()}
    if wanted.by_qualification:
        found["registered"] = None
    return found


@dataclass(frozen=True)
class UnitRate:
    code: str
    title: str
    assessed: Shown  # results of competent or not yet competent
    competent: Shown
    not_yet_competent: Shown
    credit_transfer: Shown
    pass_rate: float | str | None  # competent / assessed, or SMALL when a count behind it is hidden


@dataclass(frozen=True)
class Report:
    wanted: ReportFilter
    totals: dict[str, Shown | None]  # indicator -> total (None: not counted under these filters)
    tables: dict[str, dict[str, dict[str, Shown | None]]]  # dimension -> category -> indicator -> count
    by_month: dict[str, dict[str, Shown | None]]  # first day of a month (ISO) -> indicator -> count
    by_state: dict[str, Shown]  # assessments opened in the period, by the state they are in now
    by_channel: dict[str, Shown]  # how employers checked: the QR page, a typed number, the API, an upload
    checked: Shown  # certificates issued in the period and checked at least once
    units: list[UnitRate] = field(default_factory=list)
    median_days: int | str | None = None  # from assessment to certificate; SMALL under 5 certificates
    organisations: Shown | None = 0  # organisations that named themselves when checking
    items_counted: bool = True  # units, days and organisations: not counted under two or more person filters


def _table(rows: dict[str, dict[str, int]], totals: Mapping[str, int | None],
           wider: list[tuple[ReportFilter, dict[str, dict[str, int]]]], wanted: ReportFilter,
           of_qualifications: bool = False) -> dict[str, dict[str, Shown | None]]:
    """One breakdown, every indicator suppressed down its column and against the same cell under wider filters."""
    table: dict[str, dict[str, Shown | None]] = {category: {} for category in sorted(rows)}
    counted = {category: _indicators(measures, wanted) for category, measures in rows.items()}
    wide_counted = [{category: _indicators(measures, widened) for category, measures in wide_rows.items()}
                    for widened, wide_rows in wider]
    for indicator in INDICATORS:
        total = totals[indicator]
        if total is None or (of_qualifications and indicator == "registered"):
            for category in table:
                table[category][indicator] = None
            continue
        cells = {category: counts[indicator] or 0 for category, counts in counted.items()}
        shown_cells, _ = breakdown(cells, total)
        for category, value in shown_cells.items():
            for wide in wide_counted:
                value = against_unfiltered(value, cells[category], (wide.get(category) or {}).get(indicator) or 0)
            table[category][indicator] = value
    return table


def _every_month_shown(rows: dict[str, dict[str, Shown | None]], wanted: ReportFilter,
                       totals: Mapping[str, int | None]) -> dict[str, dict[str, Shown | None]]:
    """The months of the period (or from the first to the last counted) with none left out: a trend shows its
    quiet months too."""
    counted = [date.fromisoformat(month) for month in rows]
    period = wanted.period
    first = period.first if period and period.first > EARLIEST else min(counted, default=None)
    last = period.last if period and period.last < LATEST else max(counted, default=None)
    if first is None or last is None:
        return rows
    empty = {indicator: (None if total is None else 0) for indicator, total in totals.items()}
    return {month.isoformat(): rows.get(month.isoformat(), dict(empty)) for month in months(first, last)}


def wider_filters(wanted: ReportFilter) -> list[ReportFilter]:
    """The filter with each narrowing filter taken away in turn, and with all of them: a count that grows by 1 to 4
    people under any of these would give those people away."""
    found = [replace(wanted, **{name: empty}) for name, empty in (  # type: ignore[arg-type]
        ("sex", ""), ("nationality", ""), ("qualification_id", None), ("sector", ""), ("returnee", None),
        ("age_band", None)) if getattr(wanted, name) not in ("", None)]
    if len(found) > 1:
        found.append(wanted.widened())
    return found


def report(session: Session, actor: User, wanted: ReportFilter, zone: tzinfo,
           recount_every: timedelta = timedelta(0), most_months: int | None = None) -> Report:
    wanted = scoped(actor, wanted)
    report_tallies.refresh(session, zone, recount_every, most_months)
    sums = _Sums(session, wanted)
    wider = [(widened, _Sums(session, widened)) for widened in wider_filters(wanted)]
    measures = sums.measures().get("", {})
    raw_totals = _indicators(measures, wanted)
    wide_totals = [_indicators(wide.measures().get("", {}), widened) for widened, wide in wider]
    totals: dict[str, Shown | None] = {}
    for indicator, total in raw_totals.items():
        value: Shown | None = None if total is None else shown(total)
        for wide_total in wide_totals:
            if total is not None and value is not None:
                value = against_unfiltered(value, total, wide_total[indicator] or 0)
        totals[indicator] = value
    tables = {}
    for dimension in [*DIMENSIONS, "month"]:
        rows = sums.measures(dimension)
        wide_rows = [(widened, wide.measures(dimension)) for widened, wide in wider]
        tables[dimension] = _table(rows, raw_totals, wide_rows, wanted, dimension in ("qualification", "sector"))
    by_month = _every_month_shown(tables.pop("month"), wanted, raw_totals)
    states = {state: measures.get(f"opened_{state}", 0) for state in STATES}
    shown_states, _ = breakdown(states, sum(states.values()))
    channels = {channel: measures.get(f"checks_{channel}", 0) for channel in CHANNELS}
    shown_channels, _ = breakdown(channels, sum(channels.values()))
    checked = totals["checked"] if totals["checked"] is not None else 0
    if sums.bits not in report_tallies.ITEM_GROUPINGS:
        return Report(wanted, totals, tables, by_month, shown_states, shown_channels, checked, [], None, None,
                      items_counted=False)
    return Report(wanted, totals, tables, by_month, shown_states, shown_channels, checked,
                  _units(session, sums), _median_days(sums), shown(len(sums.items("org"))))


def _units(session: Session, sums: _Sums) -> list[UnitRate]:
    counted: dict[int, dict[str, int]] = {}
    for item, count in sums.items("unit").items():
        unit, outcome = item.split(":", 1)
        counted.setdefault(int(unit), {})[outcome] = count
    if not counted:
        return []
    units = {unit.id: unit for unit in session.scalars(select(CompetencyUnit).where(
        CompetencyUnit.id.in_(list(counted))))}
    found = []
    for unit_id, outcomes in sorted(counted.items(), key=lambda item: units[item[0]].code):
        cells = {name: outcomes.get(name, 0) for name in ("competent", "not_yet_competent", "credit_transfer")}
        assessed = cells["competent"] + cells["not_yet_competent"]
        shown_cells, _ = breakdown(cells, sum(cells.values()))
        hidden = SMALL in (shown_cells["competent"], shown_cells["not_yet_competent"]) or is_small(assessed)
        rate = None if not assessed else (SMALL if hidden else round(cells["competent"] / assessed, 3))
        record = units[unit_id]
        found.append(UnitRate(record.code, record.title_en, shown(assessed), shown_cells["competent"],
                              shown_cells["not_yet_competent"], shown_cells["credit_transfer"], rate))
    return found


def _median_days(sums: _Sums) -> int | str | None:
    days = sorted((int(item), count) for item, count in sums.items("days").items())
    total = sum(count for _, count in days)
    if not total:
        return None
    if is_small(total):
        return SMALL
    middle, seen = (total + 1) // 2, 0
    for value, count in days:
        seen += count
        if seen >= middle:
            return value
    raise AssertionError("the middle is within the total")  # pragma: no cover


def first_month(session: Session) -> date | None:
    """The earliest month counted, for the choice of years."""
    return session.scalar(select(ReportTally.month).where(ReportTally.grouping == 0).order_by(ReportTally.month)
                          .limit(1))


def as_json(found: Report) -> dict[str, Any]:
    """The report as GET /api/v1/reports/summary answers it."""
    wanted = found.wanted
    period = wanted.period
    return {
        "filters": {"from": period.first.isoformat() if period and period.first > EARLIEST else None,
                    "to": period.until.isoformat() if period and period.last < LATEST else None,
                    "centre_id": wanted.centre_id, "country": wanted.country or None,
                    "qualification_id": wanted.qualification_id, "sector": wanted.sector or None,
                    "sex": wanted.sex or None, "nationality": wanted.nationality or None,
                    "returnee": wanted.returnee,
                    "age_band": AGE_BAND_CODES[wanted.age_band] if wanted.age_band else None},
        "totals": found.totals,
        "assessments_by_state": found.by_state,
        "verifications_by_channel": found.by_channel,
        "certificates_checked_at_least_once": found.checked,
        "verifying_organisations": found.organisations,
        "median_days_assessment_to_certificate": found.median_days,
        "pass_rate_by_unit": [{"unit": unit.code, "assessed": unit.assessed, "competent": unit.competent,
                               "not_yet_competent": unit.not_yet_competent,
                               "credit_transfer": unit.credit_transfer, "pass_rate": unit.pass_rate}
                              for unit in found.units],
        "by": {dimension: {category: counts for category, counts in rows.items()}
               for dimension, rows in found.tables.items()},
        "by_month": found.by_month,
    }


__all__ = ["NO_QUALIFICATION", "Report", "ReportFilter", "as_json", "report", "scoped"]
