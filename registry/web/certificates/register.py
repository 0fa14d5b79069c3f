"""The register of certificates at /certificates: a search form (GET, so a search can be kept as a link) and a
page of results, newest first."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, SubmitField

from registry.core.certificate_lifecycle import CertificateStatus, effective_status
from registry.core.roles import Role
from registry.extensions import db
from registry.infra.app_context import db_session, today
from registry.models import Cohort
from registry.services import catalogue, certificate_register
from registry.services.certificate_register import RegisterQuery
from registry.services.scope import restrict_to_scope
from registry.web.access import roles, signed_in_user
from registry.web.certificates.blueprint import bp
from registry.web.forms import RegistryForm, SelectChoice, max_length, optional
from registry.web.i18n import current_language
from registry.web.labels import CERTIFICATE_STATUS_LABELS

PAGE_SIZE = 50
staff_and_registry = roles(Role.ADMIN, Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)


class RegisterSearchForm(RegistryForm):
    class Meta:
        csrf = False  # a search changes nothing: a GET that can be bookmarked and shared

    q = StringField(_l("Certificate number or holder's name"), validators=[optional(), max_length(100)],
                    description=_l("A whole number, a part of one, or a name in any script."))
    cohort = SelectField(_l("Cohort"), validators=[optional()])
    status = SelectField(_l("Status"), validators=[optional()])
    qualification = SelectField(_l("Qualification"), validators=[optional()])
    issued_from = DateField(_l("Issued from"), validators=[optional()])
    issued_to = DateField(_l("Issued until"), validators=[optional()])
    submit = SubmitField(_l("Search"))


def _choices(form: RegisterSearchForm) -> None:
    actor = signed_in_user()
    any_choice = SelectChoice("", _l("Any"))
    cohorts = db_session().scalars(restrict_to_scope(select(Cohort), actor, Cohort.centre_id)
                                   .order_by(Cohort.assessment_date.desc(), Cohort.id.desc()).limit(200))
    form.cohort.choices = [any_choice, *[SelectChoice(str(c.id), f"{c.name} · {c.qualification.code}")
                                         for c in cohorts]]
    form.status.choices = [any_choice, *[SelectChoice(status, CERTIFICATE_STATUS_LABELS[CertificateStatus(status)])
                                         for status in certificate_register.STATUSES]]
    form.qualification.choices = [any_choice, *[
        SelectChoice(str(q.id), f"{q.code} · {q.title_in(current_language())}")
        for q in catalogue.list_qualifications(db_session(), include_retired=True)]]


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@bp.route("/certificates")
@staff_and_registry
def register() -> str:
    form = RegisterSearchForm(formdata=request.args)
    _choices(form)
    valid = form.validate()
    query = RegisterQuery(
        text=(form.q.data or "")[:100], cohort_id=_number(form.cohort.data), status=form.status.data or "",
        qualification_id=_number(form.qualification.data),
        issued_from=form.issued_from.data if not form.issued_from.errors else None,
        issued_to=form.issued_to.data if not form.issued_to.errors else None)
    page = db.paginate(certificate_register.register_query(signed_in_user(), query, today()),
                       page=_number(request.args.get("page")) or 1, per_page=PAGE_SIZE, error_out=False)
    return render_template("certificates/register.html", form=form, page=page, valid=valid,
                           statuses={c.id: effective_status(c, today()).value for c in page.items})
