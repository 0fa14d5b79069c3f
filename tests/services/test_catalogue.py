from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.models import QualificationStatus
from registry.services import catalogue, demo
from registry.services.catalogue import QualificationDetails, Titles
from tests.factories import DOCUMENT_KEY, make_qualification, make_user


def _details(**changes: object) -> QualificationDetails:
    values: dict[str, object] = {
        "code": "NEW-Q-1", "titles": Titles(en="Cook", th="พ่อครัว"), "sector": "Hospitality",
        "aqrf_level": 3, "isco08_code": "5120",
    }
    values.update(changes)
    return QualificationDetails(**values)  # type: ignore[arg-type]


def test_qualification_keeps_its_units_in_order(session: Session) -> None:
    qualification = make_qualification(session, units=3)
    assert [unit.position for unit in qualification.units] == [1, 2, 3]
    admin = make_user(session, Role.ADMIN)
    first, second = qualification.units[0], qualification.units[1]
    catalogue.move_unit(session, admin, second, -1)
    session.refresh(qualification)
    assert [unit.code for unit in qualification.units][:2] == [second.code, first.code]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "bad code"}, "code"),
        ({"aqrf_level": 9}, "aqrf_level"),
        ({"dsd_level": 4}, "dsd_level"),
        ({"nssa_level": 5}, "nssa_level"),
        ({"isco08_code": "91"}, "isco08_code"),
        ({"validity_years": 0}, "validity_years"),
        ({"titles": Titles(en="Cook", th="")}, "title_th"),
        ({"sector": "  "}, "sector"),
    ],
)
def test_invalid_qualification_names_the_field(session: Session, changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        catalogue.create_qualification(session, None, _details(**changes))
    assert field in caught.value.errors


def test_unit_codes_are_unique_within_a_qualification(session: Session) -> None:
    qualification = make_qualification(session, units=1)
    with pytest.raises(InvalidInput):
        catalogue.add_unit(session, None, qualification, qualification.units[0].code, Titles(en="x", th="x"))


def test_retired_qualification_is_left_out_of_active_listing(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    qualification = make_qualification(session)
    catalogue.set_status(session, admin, qualification, QualificationStatus.RETIRED)
    assert qualification not in catalogue.list_qualifications(session, include_retired=False)
    assert qualification in catalogue.list_qualifications(session)


def test_title_falls_back_to_english(session: Session) -> None:
    qualification = catalogue.create_qualification(session, None, _details())
    assert qualification.title_in("th") == "พ่อครัว"
    assert qualification.title_in("km") == "Cook"


def test_seed_demo_is_idempotent_and_matches_the_domain(session: Session) -> None:
    demo.seed_demo(session, DOCUMENT_KEY)
    demo.seed_demo(session, DOCUMENT_KEY)
    [room_attendant] = [q for q in catalogue.list_qualifications(session) if q.code == "DEMO-HK-RA-2"]
    assert room_attendant.aqrf_level == 2 and room_attendant.dsd_level == 1
    assert room_attendant.isco08_code == "9112"
    assert [unit.code for unit in room_attendant.units] == [
        "D1.HHK.CL3.01", "D1.HHK.CL3.03", "D1.HHK.CL3.05", "D1.HOT.CL1.04"]
    assert {login.role for login in demo.DEMO_LOGINS} == set(Role)
    for login in demo.DEMO_LOGINS:
        assert demo.demo_user(session, login.username) is not None
