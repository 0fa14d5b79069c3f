from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from registry.core.roles import ALL_ROLES
from registry.infra.app_context import db_session
from registry.services import overview
from registry.web.access import public, roles, signed_in_user
from registry.web.dashboard.blueprint import bp


@bp.route("/")
@public
def home() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.dashboard"))
    return render_template("dashboard/landing.html")


@bp.route("/dashboard")
@roles(*ALL_ROLES)
def dashboard() -> str:
    return render_template("dashboard/dashboard.html", summary=overview.summary_for(db_session(), signed_in_user()))
