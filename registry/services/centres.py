"""Training centres and their accreditation, managed by the registry operator."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.countries import CENTRE_COUNTRIES
from registry.core.frameworks import CENTRE_CODE_PATTERN
from registry.errors import InvalidInput
from registry.models import AccreditationStatus, TrainingCentre, User
from registry.services.audit import changed_fields, record_change
from registry.services.candidates import PHONE_PATTERN

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


@dataclass
class CentreDetails:
    code: str
    name_en: str
    name_th: str
    name_home: str
    country: str
    accreditation_status: AccreditationStatus
    accredited_from: date | None = None
    accredited_until: date | None = None
    contact_phone: str = ""  # given to employers told that one of the centre's certificates is revoked or suspended
    contact_email: str = ""


def _check(session: Session, details: CentreDetails, centre: TrainingCentre | None) -> None:
    errors: dict[str, list[object]] = {}
    if not CENTRE_CODE_PATTERN.match(details.code):
        errors["code"] = [_l("Use 2 to 8 capital letters or digits.")]
    else:
        taken = session.scalar(select(TrainingCentre.id).where(TrainingCentre.code == details.code))
        if taken is not None and (centre is None or taken != centre.id):
            errors["code"] = [_l("Another centre already has this code.")]
    if centre is not None and centre.code != details.code:
        # The code is printed in every certificate number the centre has issued.
        errors["code"] = [_l("A centre's code cannot change once it exists.")]
    if details.country not in CENTRE_COUNTRIES:
        errors["country"] = [_l("Choose Cambodia, Lao PDR, Myanmar or Thailand.")]
    if not details.name_en.strip():
        errors["name_en"] = [_l("This field is required.")]
    if not details.name_th.strip():
        errors["name_th"] = [_l("This field is required.")]
    if details.contact_phone and not PHONE_PATTERN.match(details.contact_phone):
        errors["contact_phone"] = [_l("Give a phone number of digits, with an optional + and country code.")]
    if details.contact_email and not EMAIL_PATTERN.match(details.contact_email):
        errors["contact_email"] = [_l("Give an e-mail address such as name@example.org.")]
    if details.accredited_from and details.accredited_until and details.accredited_until < details.accredited_from:
        errors["accredited_until"] = [_l("The end of accreditation must not be before its start.")]
    if details.accreditation_status is AccreditationStatus.ACCREDITED and details.accredited_from is None:
        errors["accredited_from"] = [_l("Give the date from which the centre is accredited.")]
    if errors:
        raise InvalidInput(errors)


def create_centre(session: Session, actor: User | None, details: CentreDetails) -> TrainingCentre:
    _check(session, details, None)
    centre = TrainingCentre(**vars(details))
    session.add(centre)
    session.flush()
    record_change(session, actor, "centre.create", centre, after=centre.audit_view(), centre_id=centre.id)
    return centre


def update_centre(session: Session, actor: User, centre: TrainingCentre, details: CentreDetails) -> TrainingCentre:
    _check(session, details, centre)
    before = centre.audit_view()
    for name, value in vars(details).items():
        setattr(centre, name, value)
    session.flush()
    old, new = changed_fields(before, centre.audit_view())
    if new:
        record_change(session, actor, "centre.update", centre, before=old, after=new, centre_id=centre.id)
    return centre


def list_centres(session: Session) -> list[TrainingCentre]:
    return list(session.scalars(select(TrainingCentre).order_by(TrainingCentre.code)))


def find_centre(session: Session, code: str) -> TrainingCentre | None:
    return session.scalar(select(TrainingCentre).where(TrainingCentre.code == code.strip().upper()))
