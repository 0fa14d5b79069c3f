"""The audit log, searchable by who, what, which record and when; entries written out as fields, not JSON."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, SubmitField

from registry.core.roles import Role
from registry.extensions import db
from registry.infra.app_context import db_session, registry_zone
from registry.models import AuditEntry
from registry.services.audit_view import AuditSearch, audit_query, readable, shown_entry
from registry.services.scope import restrict_to_scope
from registry.web.access import roles, signed_in_user
from registry.web.admin.blueprint import bp
from registry.web.forms import RegistryForm, SelectChoice, max_length, optional
from registry.web.labels import ACTION_LABELS

PAGE_SIZE = 50


class AuditSearchForm(RegistryForm):
    class Meta:
        csrf = False  # a search changes nothing: a GET that can be kept as a link

    user = StringField(_l("User name"), validators=[optional(), max_length(64)])
    action = SelectField(_l("What happened"), validators=[optional()])
    record = StringField(_l("Record"), validators=[optional(), max_length(60)],
                         description=_l("A kind of record, or a kind and its number: certificate 12"))
    date_from = DateField(_l("From"), validators=[optional()])
    date_to = DateField(_l("Until"), validators=[optional()])
    submit = SubmitField(_l("Search"))


@bp.route("/audit")
@roles(Role.ADMIN, Role.PROVIDER_ADMIN)
def audit_log() -> str:
    reader = signed_in_user()
    form = AuditSearchForm(formdata=request.args)
    recorded = db_session().scalars(restrict_to_scope(select(AuditEntry.action).distinct(), reader,
                                                      AuditEntry.centre_id))
    form.action.choices = [SelectChoice("", _l("Any")), *[
        SelectChoice(action, ACTION_LABELS.get(action, action)) for action in sorted(recorded)]]
    valid = form.validate()
    search = AuditSearch(user=(form.user.data or "")[:64], action=form.action.data or "",
                         record=(form.record.data or "")[:60],
                         date_from=form.date_from.data if not form.date_from.errors else None,
                         date_to=form.date_to.data if not form.date_to.errors else None)
    page = db.paginate(audit_query(reader, search, registry_zone()), page=request.args.get("page", 1, type=int),
                       per_page=PAGE_SIZE, error_out=False)
    return render_template("admin/audit.html", page=page, form=form, valid=valid, readable=readable,
                           entries=[shown_entry(reader, entry) for entry in page.items])
