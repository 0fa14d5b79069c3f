from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from registry.core.roles import Role
from registry.extensions import db
from registry.models import AuditEntry
from registry.services.audit_view import shown_entry
from registry.services.scope import restrict_to_scope
from registry.web.access import roles, signed_in_user
from registry.web.admin.blueprint import bp

PAGE_SIZE = 50


@bp.route("/audit")
@roles(Role.ADMIN, Role.PROVIDER_ADMIN)
def audit_log() -> str:
    statement = restrict_to_scope(select(AuditEntry), signed_in_user(), AuditEntry.centre_id)
    page = db.paginate(statement.order_by(AuditEntry.id.desc()), page=request.args.get("page", 1, type=int),
                       per_page=PAGE_SIZE, error_out=False)
    reader = signed_in_user()
    return render_template("admin/audit.html", page=page,
                           entries=[shown_entry(reader, entry) for entry in page.items])
