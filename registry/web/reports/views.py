from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.infra.app_context import db_session, registry_zone
from registry.models import Qualification, Sex, TrainingCentre
from registry.services import reports
from registry.web import spreadsheets as sheets
from registry.web.access import roles, signed_in_user
from registry.web.candidates.forms import NATIONALITIES
from registry.web.i18n import country_name
from registry.web.labels import SEX_LABELS
from registry.web.reports.blueprint import bp
from registry.web.reports.exports import as_csv, as_xlsx
from registry.web.reports.filters import read_filter

report_readers = roles(*reports.MAY_SEE_REPORTS)

INDICATOR_LABELS = {
    "registered": _l("Registered"),
    "endorsed": _l("Assessed and endorsed"),
    "qualifications": _l("Full qualifications"),
    "statements": _l("Statements of attainment"),
    "revoked": _l("Revoked"),
    "verifications": _l("Checks by employers"),
}
CHANNEL_LABELS = {
    "qr": _l("Scanned QR code"),
    "number": _l("Typed certificate number"),
    "api": _l("Employers' systems (API)"),
    "upload": _l("Uploaded picture or PDF"),
}
DIMENSION_LABELS = {
    "sex": _l("By sex"),
    "nationality": _l("By nationality"),
    "centre": _l("By centre"),
    "qualification": _l("By qualification"),
}


def _label(dimension: str, category: str) -> str:
    if dimension == "sex":
        return str(SEX_LABELS[Sex(category)])
    if dimension == "nationality":
        return country_name(category)
    return category


@bp.route("/reports.<kind>")
@report_readers
def export(kind: str) -> Response:
    """The page's tables as a file, with the same numbers (suppressed the same way)."""
    if kind not in ("csv", "xlsx"):
        abort(404)
    wanted, _unread = read_filter(db_session(), request.args)
    found = reports.report(db_session(), signed_in_user(), wanted, registry_zone())
    make = as_xlsx if kind == "xlsx" else as_csv
    content = make(found, INDICATOR_LABELS, DIMENSION_LABELS, _label, _("Total"))
    return sheets.download(content, "report", kind)


@bp.route("/reports")
@report_readers
def index() -> str:
    actor = signed_in_user()
    wanted, errors = read_filter(db_session(), request.args)
    found = reports.report(db_session(), actor, wanted, registry_zone())
    every_centre = actor.role in reports.SEES_EVERY_CENTRE
    return render_template(
        "reports/index.html", found=found, errors=errors, given=request.args, every_centre=every_centre,
        indicators=INDICATOR_LABELS, dimensions=DIMENSION_LABELS, channels=CHANNEL_LABELS,
        sexes=[s.value for s in Sex],
        nationalities=NATIONALITIES,
        centres=db_session().scalars(select(TrainingCentre).order_by(TrainingCentre.code)).all()
        if every_centre else [],
        qualifications=db_session().scalars(select(Qualification).order_by(Qualification.code)).all(),
        analyst=actor.role is Role.ANALYST)
