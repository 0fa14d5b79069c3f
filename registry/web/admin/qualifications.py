from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.infra.app_context import db_session
from registry.models import CompetencyUnit, Qualification, QualificationStatus
from registry.services import catalogue
from registry.services.catalogue import QualificationDetails, Titles
from registry.web.access import roles, signed_in_user
from registry.web.admin.blueprint import bp
from registry.web.admin.forms import QualificationForm, StatusForm, UnitForm
from registry.web.forms import run_service
from registry.web.sent_once import remember, sent_before

admin_only = roles(Role.ADMIN)


def _titles(form: QualificationForm | UnitForm) -> Titles:
    return Titles(en=form.title_en.data or "", th=form.title_th.data or "", km=form.title_km.data or "",
                  lo=form.title_lo.data or "", my=form.title_my.data or "")


def _details(form: QualificationForm) -> QualificationDetails:
    return QualificationDetails(
        code=(form.code.data or "").strip().upper(),
        titles=_titles(form),
        sector=form.sector.data or "",
        aqrf_level=form.aqrf_level.data or 0,
        tpqi_level=form.tpqi_level.data,
        dsd_level=form.dsd_level.data,
        cqf_level=form.cqf_level.data,
        lao_tvet_level=form.lao_tvet_level.data,
        nssa_level=form.nssa_level.data,
        isco08_code=(form.isco08_code.data or "").strip(),
        validity_years=form.validity_years.data,
    )


def _page(qualification: Qualification | None, form: QualificationForm) -> str:
    return render_template("admin/qualification_form.html", form=form, qualification=qualification,
                           unit_form=UnitForm(formdata=None), status_form=StatusForm(formdata=None))


@bp.route("/qualifications")
@admin_only
def qualifications_index() -> str:
    return render_template("admin/qualifications.html", qualifications=catalogue.list_qualifications(db_session()))


@bp.route("/qualifications/new", methods=["GET", "POST"])
@admin_only
def qualification_new() -> Response | str:
    form = QualificationForm()
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        created = run_service(
            form, lambda: catalogue.create_qualification(db_session(), signed_in_user(), _details(form))
        )
        if created is not None:
            flash(_("Qualification %(code)s created. Now add its units.", code=created.code), "success")
            remember(form, url_for("admin.qualification_edit", qualification_id=created.id))
            return redirect(url_for("admin.qualification_edit", qualification_id=created.id))
    return _page(None, form)


@bp.route("/qualifications/<int:qualification_id>", methods=["GET", "POST"])
@admin_only
def qualification_edit(qualification_id: int) -> Response | str:
    qualification = catalogue.get_qualification(db_session(), qualification_id)
    form = QualificationForm(obj=qualification)
    if form.validate_on_submit():
        saved = run_service(form, lambda: catalogue.update_qualification(
            db_session(), signed_in_user(), qualification, _details(form)))
        if saved is not None:
            flash(_("Qualification %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("admin.qualification_edit", qualification_id=qualification_id))
    return _page(qualification, form)


@bp.route("/qualifications/<int:qualification_id>/status", methods=["POST"])
@admin_only
def qualification_status(qualification_id: int) -> Response:
    qualification = catalogue.get_qualification(db_session(), qualification_id)
    if StatusForm().validate_on_submit():
        retired = qualification.status is QualificationStatus.ACTIVE
        catalogue.set_status(db_session(), signed_in_user(), qualification,
                             QualificationStatus.RETIRED if retired else QualificationStatus.ACTIVE)
        flash(_("Qualification retired: no new assessments can start.") if retired
              else _("Qualification active again."), "success")
    return redirect(url_for("admin.qualification_edit", qualification_id=qualification_id))


@bp.route("/qualifications/<int:qualification_id>/units", methods=["POST"])
@admin_only
def unit_new(qualification_id: int) -> Response | tuple[str, int]:
    qualification = catalogue.get_qualification(db_session(), qualification_id)
    unit_form = UnitForm()
    if unit_form.validate_on_submit():
        if (earlier := sent_before(unit_form)) is not None:
            return earlier
        code = (unit_form.code.data or "").strip().upper()
        unit = run_service(unit_form, lambda: catalogue.add_unit(
            db_session(), signed_in_user(), qualification, code, _titles(unit_form)))
        if unit is not None:
            flash(_("Unit %(code)s added.", code=unit.code), "success")
            remember(unit_form, url_for("admin.qualification_edit", qualification_id=qualification_id))
            return redirect(url_for("admin.qualification_edit", qualification_id=qualification_id))
    form = QualificationForm(obj=qualification, formdata=None)
    return render_template("admin/qualification_form.html", form=form, qualification=qualification,
                           unit_form=unit_form, status_form=StatusForm(formdata=None)), 422


def _unit(qualification_id: int, unit_id: int) -> CompetencyUnit:
    return catalogue.get_unit(db_session(), catalogue.get_qualification(db_session(), qualification_id), unit_id)


@bp.route("/qualifications/<int:qualification_id>/units/<int:unit_id>", methods=["GET", "POST"])
@admin_only
def unit_edit(qualification_id: int, unit_id: int) -> Response | str:
    unit = _unit(qualification_id, unit_id)
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        saved = run_service(form, lambda: catalogue.update_unit(
            db_session(), signed_in_user(), unit, (form.code.data or "").strip().upper(), _titles(form)))
        if saved is not None:
            flash(_("Unit %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("admin.qualification_edit", qualification_id=qualification_id))
    return render_template("admin/unit_form.html", form=form, unit=unit, qualification=unit.qualification,
                           delete_form=StatusForm(formdata=None))


@bp.route("/qualifications/<int:qualification_id>/units/<int:unit_id>/move/<direction>", methods=["POST"])
@admin_only
def unit_move(qualification_id: int, unit_id: int, direction: str) -> Response:
    unit = _unit(qualification_id, unit_id)
    if StatusForm().validate_on_submit() and direction in ("up", "down"):
        catalogue.move_unit(db_session(), signed_in_user(), unit, -1 if direction == "up" else 1)
    return redirect(url_for("admin.qualification_edit", qualification_id=qualification_id))


@bp.route("/qualifications/<int:qualification_id>/units/<int:unit_id>/delete", methods=["POST"])
@admin_only
def unit_delete(qualification_id: int, unit_id: int) -> Response:
    unit = _unit(qualification_id, unit_id)
    if StatusForm().validate_on_submit():
        code = unit.code
        catalogue.remove_unit(db_session(), signed_in_user(), unit)
        flash(_("Unit %(code)s removed.", code=code), "success")
    return redirect(url_for("admin.qualification_edit", qualification_id=qualification_id))
