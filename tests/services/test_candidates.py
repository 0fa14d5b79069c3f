from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from registry.core.documents import DocumentType
from registry.core.files import LocalStore
from registry.core.roles import Role
from registry.errors import InvalidInput, NotFound, PossibleDuplicate, StaleRecord
from registry.services import candidates, evidence
from registry.services.candidates import IdentityDocument
from tests.factories import DOCUMENT_KEY, TODAY, candidate_details, make_assessment, make_centre, make_user


@pytest.fixture
def assessor(session: Session):  # type: ignore[no-untyped-def]
    return make_user(session, Role.ASSESSOR, make_centre(session, "CAND"))


def _register(session: Session, actor, **changes: object):  # type: ignore[no-untyped-def]
    return candidates.register_candidate(session, actor, candidate_details(**changes), document_key=DOCUMENT_KEY,
                                         today=TODAY)


def test_registration_keeps_only_last_four_and_a_keyed_hash(session: Session, assessor) -> None:  # type: ignore[no-untyped-def]
    person = _register(session, assessor, id_document=IdentityDocument(DocumentType.PASSPORT, "N 0123-4567"))
    assert person.id_document_last4 == "4567"
    assert person.id_document_digest and "01234567" not in person.id_document_digest
    assert person.script == "Khmr"
    assert [consent.purpose.value for consent in person.consents] == ["assessment", "certification", "verification"]
    assert person.consents[0].notice_version == candidates.CONSENT_NOTICE_VERSION


def test_burmese_name_without_surname_is_accepted(session: Session, assessor) -> None:  # type: ignore[no-untyped-def]
    person = _register(session, assessor, name_latin="Zaw Min Htun", name_native="ဇော်မင်းထွန်း", nationality="MM")
    assert person.script == "Mymr"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name_latin": ""}, "name_latin"),
        ({"name_latin": "x" * 201}, "name_latin"),
        ({"name_latin": "សុខ"}, "name_latin"),
        ({"name_native": "សុខ Sreyneang"}, "name_native"),
        ({"name_native": "ສົມພອນ ဇော်"}, "name_native"),
        ({"name_native": "សុខ 2"}, "name_native"),
        ({"date_of_birth": date(2030, 1, 1)}, "date_of_birth"),
        ({"date_of_birth": date(2020, 1, 1)}, "date_of_birth"),
        ({"date_of_birth": None}, "date_of_birth"),
        ({"nationality": "XX"}, "nationality"),
        ({"sex": "unknown"}, "sex"),
        ({"phone": "call me"}, "phone"),
        ({"consent_purposes": ["contact"]}, "consent_purposes"),
        ({"id_document": IdentityDocument(DocumentType.PINK_CARD, "12")}, "id_document_number"),
    ],
)
def test_bad_input_names_the_field(session: Session, assessor, changes: dict[str, object], field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        _register(session, assessor, **changes)
    assert field in caught.value.errors


def test_likely_duplicate_is_flagged_before_saving(session: Session, assessor) -> None:  # type: ignore[no-untyped-def]
    first = _register(session, assessor, id_document=IdentityDocument(DocumentType.PASSPORT, "N01234567"))
    with pytest.raises(PossibleDuplicate) as by_document:
        _register(session, assessor, name_latin="Someone Else",
                  id_document=IdentityDocument(DocumentType.PASSPORT, "n0123 4567"))
    assert by_document.value.matches == [first]
    with pytest.raises(PossibleDuplicate):
        _register(session, assessor, name_latin="sok sreyneang", name_native="")
    confirmed = candidates.register_candidate(session, assessor, candidate_details(), document_key=DOCUMENT_KEY,
                                              today=TODAY, confirm_duplicate=True)
    assert confirmed.id != first.id


@pytest.mark.parametrize("query", ["sok", "SREYNEANG", "ស្រីនាង", "345678", "4567"])
def test_search_finds_by_name_in_any_script_phone_or_document(session: Session, assessor, query: str) -> None:  # type: ignore[no-untyped-def]
    person = _register(session, assessor, id_document=IdentityDocument(DocumentType.NATIONAL_ID, "KH994567"))
    _register(session, assessor, name_latin="Zaw Min Htun", name_native="ဇော်မင်းထွန်း", phone="", nationality="MM")
    assert candidates.search_candidates(session, assessor, query) == [person]


def test_search_ignores_latin_accents(session: Session, assessor) -> None:  # type: ignore[no-untyped-def]
    person = _register(session, assessor, name_latin="Nguyễn Thị Hoa", name_native="")
    assert candidates.search_candidates(session, assessor, "nguyen thi") == [person]


def test_other_centre_cannot_see_the_candidate(session: Session, assessor) -> None:  # type: ignore[no-untyped-def]
    person = _register(session, assessor)
    outsider = make_user(session, Role.ASSESSOR, make_centre(session, "OUT"))
    with pytest.raises(NotFound):
        candidates.get_candidate(session, outsider, person.id)
    assert candidates.search_candidates(session, outsider, "sok") == []


def test_edit_with_an_old_version_is_a_conflict(session: Session, assessor) -> None:  # type: ignore[no-untyped-def]
    person = _register(session, assessor)
    seen = person.version
    candidates.update_candidate(session, assessor, person, candidate_details(phone="+66 81 000 0000"),
                                document_key=DOCUMENT_KEY, today=TODAY, expected_version=seen)
    with pytest.raises(StaleRecord):
        candidates.update_candidate(session, assessor, person, candidate_details(phone="+66 81 111 1111"),
                                    document_key=DOCUMENT_KEY, today=TODAY, expected_version=seen)


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
PDF = b"%PDF-1.7\n" + b"x" * 100


def test_evidence_is_checked_by_content_and_stored_under_a_random_name(session: Session, assessor,  # type: ignore[no-untyped-def]
                                                                        tmp_path: Path) -> None:
    assessment = make_assessment(session, assessor)
    stored = evidence.add_evidence(session, assessor, assessment, io.BytesIO(PDF), "../../etc/portfolio.pdf",
                                   "Portfolio", storage=LocalStore(tmp_path), max_bytes=1000)
    assert stored.content_type == "application/pdf" and stored.original_name == "portfolio.pdf"
    assert (tmp_path / stored.stored_name).read_bytes() == PDF and "portfolio" not in stored.stored_name
    import hashlib

    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    with pytest.raises(InvalidInput, match="Some fields"):
        evidence.add_evidence(session, assessor, assessment, io.BytesIO(b"MZ\x90\0 not a pdf"), "photo.png", "",
                              storage=LocalStore(tmp_path), max_bytes=1000)
    with pytest.raises(InvalidInput) as too_big:
        evidence.add_evidence(session, assessor, assessment, io.BytesIO(PNG * 20), "big.png", "",
                              storage=LocalStore(tmp_path), max_bytes=1000)
    assert "file" in too_big.value.errors
    assert len(list(tmp_path.iterdir())) == 1
    outsider = make_user(session, Role.ASSESSOR, make_centre(session, "EVO"))
    with pytest.raises(NotFound):
        evidence.open_evidence(session, outsider, stored.id, storage=LocalStore(tmp_path))
