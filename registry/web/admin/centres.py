from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.errors import NotFound
from registry.infra.app_context import db_session
from registry.models import AccreditationStatus, TrainingCentre
from registry.services import centres
from registry.services.centres import CentreDetails
from registry.web.access import roles, signed_in_user
from registry.web.admin.blueprint import bp
from registry.web.admin.forms import CentreForm
from registry.web.forms import run_service
from registry.web.sent_once import remember, sent_before


def _details(form: CentreForm) -> CentreDetails:
    return CentreDetails(
        code=(form.code.data or "").strip().upper(),
        name_en=(form.name_en.data or "").strip(),
        name_th=(form.name_th.data or "").strip(),
        name_home=(form.name_home.data or "").strip(),
        country=form.country.data or "",
        accreditation_status=AccreditationStatus(form.accreditation_status.data),
        accredited_from=form.accredited_from.data,
        accredited_until=form.accredited_until.data,
        contact_phone=(form.contact_phone.data or "").strip(),
        contact_email=(form.contact_email.data or "").strip(),
    )


@bp.route("/centres")
@roles(Role.ADMIN)
def centres_index() -> str:
    return render_template("admin/centres.html", centres=centres.list_centres(db_session()))


@bp.route("/centres/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def centre_new() -> Response | str:
    form = CentreForm()
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        centre = run_service(form, lambda: centres.create_centre(db_session(), signed_in_user(), _details(form)))
        if centre is not None:
            flash(_("Centre %(code)s created.", code=centre.code), "success")
            remember(form, url_for("admin.centres_index"))
            return redirect(url_for("admin.centres_index"))
    return render_template("admin/centre_form.html", form=form, centre=None)


@bp.route("/centres/<int:centre_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def centre_edit(centre_id: int) -> Response | str:
    centre = db_session().get(TrainingCentre, centre_id)
    if centre is None:
        raise NotFound()
    form = CentreForm(obj=centre)
    if form.validate_on_submit():
        saved = run_service(form, lambda: centres.update_centre(db_session(), signed_in_user(), centre, _details(form)))
        if saved is not None:
            flash(_("Centre %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("admin.centres_index"))
    return render_template("admin/centre_form.html", form=form, centre=centre)
