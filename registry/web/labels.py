"""Translated names for the registry's codes (roles, statuses), used by templates and forms."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from registry.core.roles import Role
from registry.models import AccreditationStatus, QualificationStatus

ROLE_LABELS = {
    Role.ADMIN: _l("Registry administrator"),
    Role.PROVIDER_ADMIN: _l("Centre head"),
    Role.ASSESSOR: _l("Assessor"),
    Role.MODERATOR: _l("Moderator"),
}

ACCREDITATION_LABELS = {
    AccreditationStatus.ACCREDITED: _l("Accredited"),
    AccreditationStatus.PROVISIONAL: _l("Provisionally accredited"),
    AccreditationStatus.SUSPENDED: _l("Accreditation suspended"),
    AccreditationStatus.WITHDRAWN: _l("Accreditation withdrawn"),
    AccreditationStatus.NONE: _l("Not accredited"),
}

QUALIFICATION_STATUS_LABELS = {
    QualificationStatus.ACTIVE: _l("Active"),
    QualificationStatus.RETIRED: _l("Retired"),
}

FRAMEWORK_LABELS = {
    "aqrf": _l("AQRF level"),
    "tpqi": _l("TPQI level"),
    "dsd": _l("DSD skill standard level"),
    "cqf": _l("Cambodia (CQF) level"),
    "lao_tvet": _l("Lao PDR TVET level"),
    "nssa": _l("Myanmar NSSA level"),
}

ACTION_LABELS = {
    "centre.create": _l("Centre created"),
    "centre.update": _l("Centre changed"),
    "user.create": _l("User created"),
    "user.update": _l("User changed"),
    "user.password_reset": _l("Password reset"),
    "user.password_change": _l("Password changed"),
    "api_token.create": _l("API token created"),
    "api_token.revoke": _l("API token revoked"),
    "qualification.create": _l("Qualification created"),
    "qualification.update": _l("Qualification changed"),
    "qualification.status": _l("Qualification status changed"),
    "unit.create": _l("Unit added"),
    "unit.update": _l("Unit changed"),
    "unit.move": _l("Unit moved"),
    "unit.delete": _l("Unit removed"),
}


def init_labels(app: Flask) -> None:
    app.jinja_env.filters["role_label"] = lambda role: ROLE_LABELS[Role(role)]
    app.jinja_env.filters["accreditation_label"] = lambda status: ACCREDITATION_LABELS[AccreditationStatus(status)]
    app.jinja_env.filters["qualification_status_label"] = (
        lambda status: QUALIFICATION_STATUS_LABELS[QualificationStatus(status)]
    )
    app.jinja_env.filters["action_label"] = lambda action: ACTION_LABELS.get(action, action)
    app.jinja_env.globals["FRAMEWORK_LABELS"] = FRAMEWORK_LABELS
