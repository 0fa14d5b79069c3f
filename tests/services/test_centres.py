from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.models import AccreditationStatus
from registry.services import centres
from registry.services.centres import CentreDetails
from tests.factories import make_centre, make_user


def _details(**changes: object) -> CentreDetails:
    values: dict[str, object] = {
        "code": "VTE", "name_en": "Vientiane Skills", "name_th": "ศูนย์เวียงจันทน์", "name_home": "ສູນວຽງຈັນ",
        "country": "LA", "accreditation_status": AccreditationStatus.PROVISIONAL,
    }
    values.update(changes)
    return CentreDetails(**values)  # type: ignore[arg-type]


def test_accreditation_window_decides_accredited_on_a_day(session: Session) -> None:
    centre = centres.create_centre(session, None, _details(
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_from=date(2026, 1, 1), accredited_until=date(2026, 12, 31)))
    assert centre.is_accredited_on(date(2026, 6, 1))
    assert not centre.is_accredited_on(date(2027, 1, 1))
    assert not centre.is_accredited_on(date(2025, 12, 31))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "x"}, "code"),
        ({"country": "FR"}, "country"),
        ({"name_th": ""}, "name_th"),
        ({"accredited_from": date(2026, 2, 1), "accredited_until": date(2026, 1, 1)}, "accredited_until"),
        ({"accreditation_status": AccreditationStatus.ACCREDITED}, "accredited_from"),
    ],
)
def test_invalid_centre_names_the_field(session: Session, changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        centres.create_centre(session, None, _details(**changes))
    assert field in caught.value.errors


def test_centre_code_cannot_change(session: Session) -> None:
    centre = make_centre(session, "OLD")
    admin = make_user(session, Role.ADMIN)
    with pytest.raises(InvalidInput):
        centres.update_centre(session, admin, centre, _details(code="NEW"))
