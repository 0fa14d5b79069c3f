from __future__ import annotations

from datetime import date

from flask import abort, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from registry.core import dates
from registry.core.pdf.report_summary import Bar, Chart, SummaryView, render_summary
from registry.core.report_periods import AGE_BAND_CODES, EARLIEST, LATEST, PARTS, month_of
from registry.core.roles import Role
from registry.core.suppression import Shown
from registry.infra.app_context import (
    db_session,
    registry_zone,
    report_months_in_request,
    report_recount_every,
    today,
)
from registry.models import Qualification, Sex, TrainingCentre
from registry.services import report_tallies, reports
from registry.web import spreadsheets as sheets
from registry.web.access import roles, signed_in_user
from registry.web.candidates.forms import NATIONALITIES
from registry.web.i18n import current_language, format_date, local_year
from registry.web.reports.blueprint import bp
from registry.web.reports.exports import as_csv, as_xlsx
from registry.web.reports.filters import read_filter
from registry.web.reports.labels import (
    AGE_LABELS,
    CHANNEL_LABELS,
    DIMENSION_LABELS,
    HEADLINE,
    INDICATOR_LABELS,
    RETURNEE_LABELS,
    category_label,
    month_label,
    part_labels,
)
from registry.web.reports.tables import report_tables, shown_cell

report_readers = roles(*reports.MAY_SEE_REPORTS)
FILTER_NAMES = ("lang", "year", "part", "from", "to", "centre", "country", "qualification", "sector", "sex",
                "nationality", "returnee", "age")


def _report(args: MultiDict[str, str]) -> tuple[reports.Report, dict[str, list[str]]]:
    wanted, errors = read_filter(db_session(), args)
    found = reports.report(db_session(), signed_in_user(), wanted, registry_zone(), report_recount_every(),
                           report_months_in_request())
    return found, errors


@bp.app_template_filter("report_cell")
def report_cell(value: object) -> str:
    return shown_cell(value)  # type: ignore[arg-type]


def given_filters() -> dict[str, str]:
    return {name: request.args[name] for name in FILTER_NAMES if request.args.get(name)}


@bp.route("/reports.<kind>")
@report_readers
def export(kind: str) -> Response:
    """The page's tables as a file, with the same numbers (suppressed the same way)."""
    if kind not in ("csv", "xlsx"):
        abort(404)
    found, _unread = _report(request.args)
    make = as_xlsx if kind == "xlsx" else as_csv
    return sheets.download(make(report_tables(found)), "report", kind)


@bp.route("/reports/summary.pdf")
@report_readers
def summary_pdf() -> Response:
    """One page for a donor report: the headline numbers and two charts, in the reader's language."""
    found, _unread = _report(request.args)
    view = SummaryView(
        language=current_language(), title=_("Programme report"), period=period_text(found),
        filters=filters_text(found),
        headline=[(str(INDICATOR_LABELS[key]), shown_cell(found.totals[key])) for key in HEADLINE],
        breakdown=Chart(_("Full qualifications by sex"), _bars(found.tables["sex"], "sex", "qualifications")),
        trend=Chart(_("Certificates issued by month"), [
            Bar(_short_month(date.fromisoformat(month)), shown_cell(issued), issued if isinstance(issued, int) else 0)
            for month, issued in _issued_by_month(found).items()]),
        notes=[_("Counts of people, never names. Any count of 1 to 4 people is shown as “<5”, and so is any number "
                 "from which it could be worked out.")],
        generated=_("Made on %(date)s", date=format_date(today())))
    response = Response(render_summary(view), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="report-summary.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _bars(rows: dict[str, dict[str, Shown | None]], dimension: str, indicator: str) -> list[Bar]:
    return [Bar(category_label(dimension, category), shown_cell(row[indicator]),
                value if isinstance(value := row[indicator], int) else 0) for category, row in rows.items()]


def _issued_by_month(found: reports.Report) -> dict[str, Shown | None]:
    """Full qualifications and statements together, month by month: each shown only where both are."""
    issued: dict[str, Shown | None] = {}
    for month, row in found.by_month.items():
        full, part = row["qualifications"], row["statements"]
        issued[month] = full + part if isinstance(full, int) and isinstance(part, int) else "<5"
    return issued


def _short_month(month: date) -> str:
    year = dates.buddhist_year(month) if current_language() == "th" else month.year
    return f"{month.month:02d}/{year % 100:02d}"


def period_text(found: reports.Report) -> str:
    period = found.wanted.period
    if period is None:
        return _("Every month on record")
    first, last = month_label(period.first), month_label(period.last)
    if period.first <= EARLIEST:
        return _("Every month until %(last)s", last=last)
    if period.last >= LATEST:
        return _("Every month from %(first)s", first=first)
    return first if first == last else _("%(first)s to %(last)s", first=first, last=last)


def filters_text(found: reports.Report) -> str:
    wanted = found.wanted
    parts = []
    if wanted.centre_id is not None:
        centre = db_session().get(TrainingCentre, wanted.centre_id)
        parts.append(f"{_('Centre')}: {centre.code if centre else wanted.centre_id}")
    if wanted.country:
        parts.append(f"{_('Country of the centre')}: {category_label('country', wanted.country)}")
    if wanted.qualification_id is not None:
        qualification = db_session().get(Qualification, wanted.qualification_id)
        parts.append(f"{_('Qualification')}: {qualification.code if qualification else ''}")
    if wanted.sector:
        parts.append(f"{_('Sector')}: {wanted.sector}")
    if wanted.sex:
        parts.append(f"{_('Sex')}: {category_label('sex', wanted.sex)}")
    if wanted.nationality:
        parts.append(f"{_('Nationality')}: {category_label('nationality', wanted.nationality)}")
    if wanted.returnee is not None:
        parts.append(str(RETURNEE_LABELS["yes" if wanted.returnee else "no"]))
    if wanted.age_band is not None:
        parts.append(f"{_('Age')}: {AGE_LABELS[AGE_BAND_CODES[wanted.age_band]]}")
    return " · ".join(parts)


@bp.route("/reports")
@report_readers
def index() -> str:
    actor = signed_in_user()
    found, errors = _report(request.args)
    every_centre = actor.role in reports.SEES_EVERY_CENTRE
    session = db_session()
    first = reports.first_month(session)
    this_year = today().year
    years = list(range(this_year, (first or month_of(today())).year - 1, -1))
    largest_month = max((value for value in _issued_by_month(found).values() if isinstance(value, int)), default=0)
    return render_template(
        "reports/index.html", found=found, errors=errors, given=given_filters(), every_centre=every_centre,
        tables=report_tables(found), indicators=INDICATOR_LABELS, dimensions=DIMENSION_LABELS,
        channels=CHANNEL_LABELS, sexes=[s.value for s in Sex], nationalities=NATIONALITIES,
        years=[(year, local_year(year)) for year in years], parts=[(part, part_labels()[part]) for part in PARTS],
        ages=[(code, AGE_LABELS[code]) for code in AGE_BAND_CODES.values()],
        centres=session.scalars(select(TrainingCentre).order_by(TrainingCentre.code)).all() if every_centre else [],
        countries=sorted(set(session.scalars(select(TrainingCentre.country)))) if every_centre else [],
        sectors=sorted(set(session.scalars(select(Qualification.sector)))),
        qualifications=session.scalars(select(Qualification).order_by(Qualification.code)).all(),
        sex_bars=_bars(found.tables["sex"], "sex", "qualifications"),
        nationality_bars=_bars(found.tables["nationality"], "nationality", "qualifications"),
        month_bars=[(month_label(date.fromisoformat(month)), value) for month, value in
                    _issued_by_month(found).items()],
        largest_month=largest_month, period=period_text(found), filters=filters_text(found),
        counted=report_tallies.counted_at(session),
        analyst=actor.role is Role.ANALYST)
