"""The qualification catalogue: qualifications, their level mappings and their ordered units."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from registry.core.frameworks import (
    AQRF,
    CQF,
    DSD,
    LAO_TVET,
    NSSA,
    QUALIFICATION_CODE_PATTERN,
    TPQI,
    UNIT_CODE_PATTERN,
    Framework,
    is_isco08,
)
from registry.errors import Conflict, InvalidInput, NotFound
from registry.models import Certificate, CompetencyUnit, Qualification, QualificationStatus, User
from registry.services.audit import changed_fields, record_change

MAX_UNITS = 64  # a statement of attainment's QR code carries the achieved units as a bitmask


@dataclass
class Titles:
    en: str
    th: str
    km: str = ""
    lo: str = ""
    my: str = ""

    def problems(self) -> dict[str, list[object]]:
        errors: dict[str, list[object]] = {}
        for code in ("en", "th"):
            if not getattr(self, code).strip():
                errors[f"title_{code}"] = [_l("This field is required.")]
        return errors

    def apply_to(self, record: Qualification | CompetencyUnit) -> None:
        for code in ("en", "th", "km", "lo", "my"):
            setattr(record, f"title_{code}", getattr(self, code).strip())


@dataclass
class QualificationDetails:
    code: str
    titles: Titles
    sector: str
    aqrf_level: int
    isco08_code: str
    tpqi_level: int | None = None
    dsd_level: int | None = None
    cqf_level: int | None = None
    lao_tvet_level: int | None = None
    nssa_level: int | None = None
    validity_years: int | None = None
    units: list[tuple[str, Titles]] = field(default_factory=list)


LEVEL_FIELDS: tuple[tuple[str, Framework], ...] = (
    ("aqrf_level", AQRF),
    ("tpqi_level", TPQI),
    ("dsd_level", DSD),
    ("cqf_level", CQF),
    ("lao_tvet_level", LAO_TVET),
    ("nssa_level", NSSA),
)
PLAIN_FIELDS = ("sector", "aqrf_level", "isco08_code", "validity_years") + tuple(
    name for name, _ in LEVEL_FIELDS[1:]
)


def _check(session: Session, details: QualificationDetails, qualification: Qualification | None) -> None:
    errors = details.titles.problems()
    if not QUALIFICATION_CODE_PATTERN.match(details.code):
        errors["code"] = [_l("Use 2 to 40 capital letters, digits, dots or dashes.")]
    else:
        taken = session.scalar(select(Qualification.id).where(Qualification.code == details.code))
        if taken is not None and (qualification is None or taken != qualification.id):
            errors["code"] = [_l("Another qualification already has this code.")]
    if qualification is not None and qualification.code != details.code:
        errors["code"] = [_l("A qualification's code cannot change once it exists.")]
    if not details.sector.strip():
        errors["sector"] = [_l("This field is required.")]
    for name, framework in LEVEL_FIELDS:
        level = getattr(details, name)
        if level is not None and level not in framework.levels():
            errors[name] = [
                _l("Choose a level from %(lowest)d to %(highest)d.", lowest=framework.lowest, highest=framework.highest)
            ]
    if not is_isco08(details.isco08_code):
        errors["isco08_code"] = [_l("Give the four-digit ISCO-08 unit group code.")]
    if details.validity_years is not None and not 1 <= details.validity_years <= 50:
        errors["validity_years"] = [_l("Give a validity from 1 to 50 years, or leave it empty.")]
    if errors:
        raise InvalidInput(errors)


def create_qualification(session: Session, actor: User | None, details: QualificationDetails) -> Qualification:
    _check(session, details, None)
    qualification = Qualification(code=details.code)
    _apply(qualification, details)
    session.add(qualification)
    session.flush()
    record_change(session, actor, "qualification.create", qualification, after=qualification.audit_view())
    for code, titles in details.units:
        add_unit(session, actor, qualification, code, titles)
    return qualification


def update_qualification(
    session: Session, actor: User, qualification: Qualification, details: QualificationDetails
) -> Qualification:
    _check(session, details, qualification)
    before = qualification.audit_view()
    _apply(qualification, details)
    session.flush()
    old, new = changed_fields(before, qualification.audit_view())
    if new:
        record_change(session, actor, "qualification.update", qualification, before=old, after=new)
    return qualification


def _apply(qualification: Qualification, details: QualificationDetails) -> None:
    details.titles.apply_to(qualification)
    for name in PLAIN_FIELDS:
        setattr(qualification, name, getattr(details, name))
    qualification.sector = details.sector.strip()


def set_status(session: Session, actor: User, qualification: Qualification, status: QualificationStatus) -> None:
    """Retire a qualification (no new assessments) or bring it back; certificates already issued stay valid."""
    if qualification.status is status:
        return
    before = {"status": qualification.status.value}
    qualification.status = status
    record_change(session, actor, "qualification.status", qualification, before=before, after={"status": status.value})


def _check_unit(session: Session, qualification: Qualification, code: str, titles: Titles,
                unit: CompetencyUnit | None) -> None:
    errors = titles.problems()
    if not UNIT_CODE_PATTERN.match(code):
        errors["code"] = [_l("Use 2 to 40 capital letters, digits, dots or dashes.")]
    elif any(other.code == code and other is not unit for other in qualification.units):
        errors["code"] = [_l("This qualification already has a unit with this code.")]
    if errors:
        raise InvalidInput(errors)


def add_unit(session: Session, actor: User | None, qualification: Qualification, code: str,
             titles: Titles) -> CompetencyUnit:
    _check_unit(session, qualification, code, titles, None)
    if len(qualification.units) >= MAX_UNITS:
        raise Conflict(_l("A qualification can have at most %(count)d units.", count=MAX_UNITS))
    position = (max((unit.position for unit in qualification.units), default=0)) + 1
    unit = CompetencyUnit(code=code, position=position)
    titles.apply_to(unit)
    qualification.units.append(unit)
    session.flush()
    record_change(session, actor, "unit.create", unit, after=unit.audit_view())
    return unit


def update_unit(session: Session, actor: User, unit: CompetencyUnit, code: str, titles: Titles) -> CompetencyUnit:
    _check_unit(session, unit.qualification, code, titles, unit)
    before = unit.audit_view()
    unit.code = code
    titles.apply_to(unit)
    session.flush()
    old, new = changed_fields(before, unit.audit_view())
    if new:
        record_change(session, actor, "unit.update", unit, before=old, after=new)
    return unit


def _refuse_if_certified(session: Session, qualification: Qualification) -> None:
    """A certificate's QR code names its units by their place in this order: once issued, the order is fixed."""
    if session.scalar(select(Certificate.id).where(Certificate.qualification_id == qualification.id).limit(1)):
        raise Conflict(_l("Certificates of this qualification exist: its units can no longer be moved or removed. "
                          "Add new units at the end instead."))


def move_unit(session: Session, actor: User, unit: CompetencyUnit, offset: int) -> None:
    """Swap a unit with its neighbour above (-1) or below (+1)."""
    _refuse_if_certified(session, unit.qualification)
    units = list(unit.qualification.units)
    index = units.index(unit)
    other_index = index + offset
    if offset not in (-1, 1) or not 0 <= other_index < len(units):
        return
    other = units[other_index]
    first, second = unit.position, other.position
    unit.position = -1  # positions are unique per qualification, so swap through a free value
    session.flush()
    other.position = first
    session.flush()
    unit.position = second
    session.flush()
    session.expire(unit.qualification, ["units"])
    record_change(session, actor, "unit.move", unit, before={"position": first}, after={"position": second})


def remove_unit(session: Session, actor: User, unit: CompetencyUnit) -> None:
    qualification = unit.qualification
    _refuse_if_certified(session, qualification)
    before = unit.audit_view()
    record_change(session, actor, "unit.delete", unit, before=before)
    qualification.units.remove(unit)
    session.flush()


def list_qualifications(session: Session, *, include_retired: bool = True) -> list[Qualification]:
    statement = select(Qualification).options(selectinload(Qualification.units)).order_by(Qualification.code)
    if not include_retired:
        statement = statement.where(Qualification.status == QualificationStatus.ACTIVE)
    return list(session.scalars(statement))


def get_qualification(session: Session, qualification_id: int) -> Qualification:
    qualification = session.get(Qualification, qualification_id)
    if qualification is None:
        raise NotFound()
    return qualification


def get_unit(session: Session, qualification: Qualification, unit_id: int) -> CompetencyUnit:
    unit = session.get(CompetencyUnit, unit_id)
    if unit is None or unit.qualification_id != qualification.id:
        raise NotFound()
    return unit


def get_qualification_by_code(session: Session, code: str) -> Qualification:
    qualification = session.scalar(select(Qualification).where(Qualification.code == code))
    if qualification is None:
        raise NotFound()
    return qualification
