from __future__ import annotations

from flask import render_template

from registry.core.roles import ALL_ROLES
from registry.infra.app_context import db_session
from registry.services import catalogue
from registry.web.access import roles
from registry.web.catalogue.blueprint import bp


@bp.route("/catalogue")
@roles(*ALL_ROLES)
def index() -> str:
    return render_template("catalogue/index.html", qualifications=catalogue.list_qualifications(db_session()))


@bp.route("/catalogue/<int:qualification_id>")
@roles(*ALL_ROLES)
def show(qualification_id: int) -> str:
    qualification = catalogue.get_qualification(db_session(), qualification_id)
    return render_template("catalogue/show.html", qualification=qualification)
