"""The verification service called directly: codes, typed numbers, statuses, the directory cache and the check log.

Key compromise at the Bangkok midnight boundary is tested in test_date_rules.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import cbor2
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from registry.core import cose
from registry.core.certificate_numbers import SYMBOLS, check_character, compose_number
from registry.core.outcomes import OutcomeKind
from registry.core.qr_payload import decode_claims, encode_claims
from registry.core.roles import Role
from registry.models import Certificate, CertificateStatus, TrainingCentre, User, VerificationEvent
from registry.services import certificates, issuer_keys, verification
from registry.services.verification import Channel, Naming, Verdict, VerificationResult
from tests.factories import ISSUE_CONTEXT as CONTEXT
from tests.factories import ISSUER_SECRET as SECRET
from tests.factories import TODAY, make_centre, make_endorsed_assessment, make_qualification

BASE_URL = "https://registry.example/v/"


# Helpers ---------------------------------------------------------------------------------------------------------

def _certificate(session: Session, certificate_id: int) -> Certificate:
    certificate = session.get(Certificate, certificate_id)
    assert certificate is not None
    return certificate


def _issued(session: Session, **endorsed: Any) -> Certificate:
    """A certificate issued on TODAY and committed; ``endorsed`` goes to the assessment (achieved, validity)."""
    head, assessment = make_endorsed_assessment(session, **endorsed)
    [certificate] = certificates.issue_certificates(session, head, [assessment], CONTEXT).certificates
    session.commit()
    return certificate


def _head(session: Session, certificate: Certificate) -> User:
    """The head of the certificate's centre, who changes its status."""
    return session.scalars(select(User).where(User.centre_id == certificate.centre_id,
                                              User.role == Role.PROVIDER_ADMIN)).one()


def _centre(session: Session, certificate: Certificate) -> TrainingCentre:
    centre = session.get(TrainingCentre, certificate.centre_id)
    assert centre is not None
    return centre


def _parts(code: str) -> tuple[bytes, bytes, bytes]:
    """The protected header, payload and signature of a code."""
    protected, _, payload, signature = cbor2.loads(cose.from_code(code)).value
    return protected, payload, signature


def _assembled(protected: bytes, payload: bytes, signature: bytes, *, tagged: bool = True) -> str:
    """A code holding these parts, canonically encoded, so that only what was changed in them is wrong."""
    body = [protected, {}, payload, signature]
    return cose.to_code(cbor2.dumps(cbor2.CBORTag(18, body) if tagged else body, canonical=True))


def _signed(session: Session, centre: TrainingCentre, payload: bytes) -> str:
    """``payload`` signed by the centre's current key, as the registry itself would sign it."""
    key, private = issuer_keys.current_key(session, centre, SECRET)
    session.commit()
    return cose.to_code(cose.sign1(payload, key.kid, private))


def _checked(session: Session, text: str, today: date = TODAY) -> tuple[Verdict, str]:
    result = verification.verify_code(session, text, today)
    return result.verdict, result.problem


def _verdicts(session: Session, certificate: Certificate, today: date = TODAY) -> tuple[Verdict, Verdict]:
    """What the certificate's QR code and its typed number answer."""
    return (verification.verify_code(session, certificate.qr_code, today).verdict,
            verification.verify_number(session, certificate.number, today).verdict)


def _unknown_number(certificate: Certificate) -> str:
    """A well-formed number, check character included, of the certificate's centre that was never issued."""
    country, centre_code, year, _, _ = certificate.number.split("-")
    return compose_number(country, centre_code, int(year), 99_999)


def _result_with_facts(session: Session, certificate: Certificate) -> VerificationResult:
    result = verification.verify_code(session, certificate.qr_code, TODAY)
    assert result.facts is not None
    return result


def _not_found(session: Session, certificate: Certificate) -> VerificationResult:
    result = verification.verify_number(session, _unknown_number(certificate), TODAY)
    assert result.facts is None
    return result


@pytest.fixture
def lasting_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory, once read, stays cached for the whole test however slow the machine."""
    verification.forget_cached_directory()
    monkeypatch.setattr(verification, "DIRECTORY_FRESH_FOR", 3600.0)


# A valid code and its copies -------------------------------------------------------------------------------------

def test_an_issued_code_answers_valid_with_the_facts_of_its_record(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    result = verification.verify_code(session, certificate.qr_code, TODAY)
    assert (result.verdict, result.problem) == (Verdict.VALID, "")
    facts = result.facts
    assert facts is not None
    assert (facts.id, facts.number, facts.kind, facts.status) == (
        certificate.id, certificate.number, OutcomeKind.QUALIFICATION, CertificateStatus.VALID)
    assert facts.holder_name_latin == certificate.holder_name_latin
    assert facts.qualification_code == certificate.qualification.code
    assert (facts.centre_code, facts.centre_name_en) == (certificate.centre.code, certificate.centre.name_en)
    assert (facts.issued_on, facts.expires_on) == (TODAY, None)
    assert (facts.kid, facts.qr_code) == (certificate.kid, certificate.qr_code)
    assert facts.unit_codes == [unit.code for unit in certificate.qualification.units]
    assert result.checked_at.tzinfo is not None


def test_a_statement_of_attainment_answers_only_its_achieved_units(session: Session) -> None:
    certificate = _issued(session, achieved=2)
    facts = verification.verify_code(session, certificate.qr_code, TODAY).facts
    assert facts is not None and facts.kind is OutcomeKind.STATEMENT_OF_ATTAINMENT
    assert facts.unit_codes == [unit.code for unit in certificate.qualification.units[:2]]


def test_clean_code_forgives_case_spaces_and_the_url_before_the_code() -> None:
    assert verification.clean_code("  abcd efgh\nij2k\t ") == "ABCDEFGHIJ2K"
    assert verification.clean_code("https://anywhere.example/x/v/abc/v/de fg") == "DEFG"


@pytest.mark.parametrize("copy", [
    pytest.param(str.lower, id="lower-case"),
    pytest.param(lambda code: " ".join(code[i:i + 4] for i in range(0, len(code), 4)), id="spaced"),
    pytest.param(lambda code: f"\n {code[:30]}\n{code[30:].lower()} \n", id="broken-lines"),
    pytest.param(lambda code: BASE_URL + code, id="verify-url"),
    pytest.param(lambda code: "http://other-host.example/v/" + code.lower(), id="other-host-url-lower-case"),
])
def test_a_copied_code_answers_as_the_code_itself(session: Session, certificate_id: int,
                                                  copy: Callable[[str], str]) -> None:
    certificate = _certificate(session, certificate_id)
    result = verification.verify_code(session, copy(certificate.qr_code), TODAY)
    assert result.verdict is Verdict.VALID
    assert result.facts is not None and result.facts.number == certificate.number


# Codes that are not what the registry issued ---------------------------------------------------------------------

@pytest.mark.parametrize("change", [
    pytest.param(lambda session: {"holder_name_latin": "SOK Sreyneang Jr"}, id="name"),
    pytest.param(lambda session: {"qualification_id": make_qualification(session).id}, id="qualification"),
    pytest.param(lambda session: {"issued_on": TODAY - timedelta(days=1)}, id="issue-date"),
    pytest.param(lambda session: {"expires_on": date(2099, 1, 1)}, id="expiry-date"),
    pytest.param(lambda session: {"status_index": 999_999}, id="status-position"),
])
def test_the_code_of_a_record_altered_after_issue_answers_does_not_match_record(
        session: Session, certificate_id: int, change: Callable[[Session], dict[str, Any]]) -> None:
    code = _certificate(session, certificate_id).qr_code
    session.execute(update(Certificate).where(Certificate.id == certificate_id).values(**change(session)))
    session.commit()
    assert _checked(session, code) == (Verdict.INVALID, "does_not_match_record")


@pytest.mark.parametrize("change", [
    pytest.param({"unit_codes": ["U.X.1", "U.X.2", "U.X.3"]}, id="more-units"),
    pytest.param({"kind": OutcomeKind.QUALIFICATION}, id="statement-made-full-award"),
    pytest.param({"units_mask": 0b111}, id="mask"),
])
def test_a_statement_whose_units_or_kind_were_altered_answers_does_not_match_record(
        session: Session, change: dict[str, Any]) -> None:
    certificate = _issued(session, achieved=2)
    session.execute(update(Certificate).where(Certificate.id == certificate.id).values(**change))
    session.commit()
    assert _checked(session, certificate.qr_code) == (Verdict.INVALID, "does_not_match_record")


def test_a_code_resigned_by_another_key_of_the_same_centre_answers_does_not_match_record(
        session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    centre = _centre(session, certificate)
    issuer_keys.create_key(session, None, centre, SECRET)  # the record's key retires; the centre signs with a new one
    _, payload, _ = _parts(certificate.qr_code)
    resigned = _signed(session, centre, payload)
    assert resigned != certificate.qr_code and _parts(resigned)[1] == payload
    # The signature verifies (the problem is not "signature" nor "unknown_kid"): the record holds another code.
    assert _checked(session, resigned) == (Verdict.INVALID, "does_not_match_record")


def test_a_code_with_a_tampered_signature_answers_invalid_signature(session: Session, certificate_id: int) -> None:
    protected, payload, signature = _parts(_certificate(session, certificate_id).qr_code)
    tampered = _assembled(protected, payload, signature[:-1] + bytes([signature[-1] ^ 1]))
    assert _checked(session, tampered) == (Verdict.INVALID, "signature")


def test_a_code_with_an_altered_payload_answers_invalid_signature(session: Session, certificate_id: int) -> None:
    protected, payload, signature = _parts(_certificate(session, certificate_id).qr_code)
    claims = decode_claims(payload)
    altered = encode_claims(replace(claims, expires_on=date(2099, 1, 1)))
    assert _checked(session, _assembled(protected, altered, signature)) == (Verdict.INVALID, "signature")


def test_a_code_naming_an_unknown_kid_answers_invalid_unknown_kid(session: Session, certificate_id: int) -> None:
    _, payload, signature = _parts(_certificate(session, certificate_id).qr_code)
    unknown = cbor2.dumps({1: -8, 4: b"ZZZZZZZZ"}, canonical=True)  # 8 characters: no issued kid has so many
    assert _checked(session, _assembled(unknown, payload, signature)) == (Verdict.INVALID, "unknown_kid")


def test_a_code_signed_by_another_centres_key_answers_wrong_centre_key(session: Session, certificate_id: int) -> None:
    _, payload, _ = _parts(_certificate(session, certificate_id).qr_code)
    other_centre = make_centre(session)
    assert _checked(session, _signed(session, other_centre, payload)) == (Verdict.INVALID, "wrong_centre_key")


def test_a_signed_code_whose_number_was_never_issued_answers_not_found(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    _, payload, _ = _parts(certificate.qr_code)
    claims = replace(decode_claims(payload), number=_unknown_number(certificate))
    code = _signed(session, _centre(session, certificate), encode_claims(claims))
    result = verification.verify_code(session, code, TODAY)
    assert (result.verdict, result.problem, result.facts) == (Verdict.NOT_FOUND, "unknown_number", None)


def test_a_code_with_bytes_after_the_message_answers_invalid_trailing(session: Session, certificate_id: int) -> None:
    raw = cose.from_code(_certificate(session, certificate_id).qr_code)
    assert _checked(session, cose.to_code(raw + b"\x00")) == (Verdict.INVALID, "trailing")


def test_an_untagged_message_answers_invalid_structure(session: Session, certificate_id: int) -> None:
    protected, payload, signature = _parts(_certificate(session, certificate_id).qr_code)
    assert _checked(session, _assembled(protected, payload, signature, tagged=False)) == (Verdict.INVALID, "structure")


@pytest.mark.parametrize("text", ["", "HELLO-WORLD", "0189", "TH-BSH-2026-00001-A"])
def test_text_that_is_no_base32_code_answers_invalid_structure(session: Session, text: str) -> None:
    assert _checked(session, text) == (Verdict.INVALID, "structure")


def test_oversized_text_answers_invalid_structure_before_it_is_read(session: Session, certificate_id: int) -> None:
    assert _checked(session, "A" * (verification.MAX_CODE_TEXT + 1)) == (Verdict.INVALID, "structure")
    # The limit is on the text as received: padding a good code past it is refused too.
    padded = _certificate(session, certificate_id).qr_code.ljust(verification.MAX_CODE_TEXT + 1)
    assert _checked(session, padded) == (Verdict.INVALID, "structure")


# Statuses --------------------------------------------------------------------------------------------------------

def test_code_and_number_of_a_suspended_certificate_answer_suspended(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    certificates.suspend(session, _head(session, certificate), certificate, "Under investigation", today=TODAY)
    session.commit()
    assert _verdicts(session, certificate) == (Verdict.SUSPENDED, Verdict.SUSPENDED)


def test_code_and_number_of_a_reinstated_certificate_answer_valid_again(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    head = _head(session, certificate)
    certificates.suspend(session, head, certificate, "Under investigation", today=TODAY)
    certificates.reinstate(session, head, certificate, today=TODAY)
    session.commit()
    assert _verdicts(session, certificate) == (Verdict.VALID, Verdict.VALID)


def test_code_and_number_of_a_revoked_certificate_answer_revoked(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    certificates.revoke(session, _head(session, certificate), certificate, "issued_in_error", today=TODAY)
    session.commit()
    result = verification.verify_code(session, certificate.qr_code, TODAY)
    assert result.verdict is Verdict.REVOKED and result.facts is not None  # the page still shows what was revoked
    assert _verdicts(session, certificate) == (Verdict.REVOKED, Verdict.REVOKED)


def test_code_and_number_of_a_reissued_certificate_answer_superseded(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    successor = certificates.reissue(session, _head(session, certificate), certificate, CONTEXT).certificates[0]
    session.commit()
    assert _verdicts(session, certificate) == (Verdict.SUPERSEDED, Verdict.SUPERSEDED)
    assert _verdicts(session, successor) == (Verdict.VALID, Verdict.VALID)


def test_a_certificate_is_valid_on_its_expiry_date_and_expired_the_day_after(session: Session) -> None:
    certificate = _issued(session, validity=1)
    expires_on = certificate.expires_on
    assert expires_on is not None and expires_on > TODAY
    assert _verdicts(session, certificate, TODAY) == (Verdict.VALID, Verdict.VALID)
    assert _verdicts(session, certificate, expires_on) == (Verdict.VALID, Verdict.VALID)
    assert _verdicts(session, certificate, expires_on + timedelta(days=1)) == (Verdict.EXPIRED, Verdict.EXPIRED)


def test_a_revoked_certificate_past_its_expiry_still_answers_revoked(session: Session) -> None:
    certificate = _issued(session, validity=1)
    assert certificate.expires_on is not None
    certificates.revoke(session, _head(session, certificate), certificate, "issued_in_error", today=TODAY)
    session.commit()
    later = certificate.expires_on + timedelta(days=1)
    assert _verdicts(session, certificate, later) == (Verdict.REVOKED, Verdict.REVOKED)


# Typed numbers ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    pytest.param(lambda number: number, id="as-printed"),
    pytest.param(str.lower, id="lower-case"),
    pytest.param(lambda number: " " + number.lower().replace("-", " ") + " ", id="lower-case-spaced"),
    pytest.param(lambda number: number.replace("-00", "-OO", 1), id="letter-o-for-zero"),
])
def test_a_typed_number_answers_valid_with_the_facts_of_its_record(session: Session, certificate_id: int,
                                                                    typed: Callable[[str], str]) -> None:
    number = _certificate(session, certificate_id).number
    result = verification.verify_number(session, typed(number), TODAY)
    assert (result.verdict, result.problem) == (Verdict.VALID, "")
    assert result.facts is not None and result.facts.number == number


def test_a_number_with_a_wrong_check_character_is_a_typing_slip_not_a_forgery(session: Session,
                                                                             certificate_id: int) -> None:
    number = _certificate(session, certificate_id).number
    wrong = next(symbol for symbol in SYMBOLS if symbol != check_character(number[:-2]))
    result = verification.verify_number(session, number[:-1] + wrong, TODAY)
    assert (result.verdict, result.problem, result.facts) == (Verdict.NOT_FOUND, "check", None)


def test_a_well_formed_number_never_issued_answers_not_found(session: Session, certificate_id: int) -> None:
    result = verification.verify_number(session, _unknown_number(_certificate(session, certificate_id)), TODAY)
    assert (result.verdict, result.problem, result.facts) == (Verdict.NOT_FOUND, "unknown_number", None)


@pytest.mark.parametrize("text", ["", "hello", "TH-BSH-26-1-A", "TH BSH 2026 00001", "x" * 10_000])
def test_a_malformed_number_answers_not_found_format(session: Session, text: str) -> None:
    result = verification.verify_number(session, text, TODAY)
    assert (result.verdict, result.problem, result.facts) == (Verdict.NOT_FOUND, "format", None)


def test_verify_any_checks_a_number_as_a_number_and_anything_else_as_a_code(session: Session,
                                                                            certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    for text in (certificate.number, certificate.number.lower().replace("-", " "), certificate.qr_code,
                 BASE_URL + certificate.qr_code):
        result = verification.verify_any(session, text, TODAY)
        assert result.verdict is Verdict.VALID and result.facts is not None, text[:30]
        assert result.facts.id == certificate.id
    # Read as a code, a number would be a structure error; read as a number, a code would be a format error.
    unknown = verification.verify_any(session, _unknown_number(certificate), TODAY)
    assert (unknown.verdict, unknown.problem) == (Verdict.NOT_FOUND, "unknown_number")
    garbage = verification.verify_any(session, "https://example.org/menu?table=4", TODAY)
    assert (garbage.verdict, garbage.problem) == (Verdict.INVALID, "structure")


# The directory cache ---------------------------------------------------------------------------------------------

@pytest.mark.usefixtures("lasting_directory")
def test_a_code_signed_by_a_key_made_after_the_directory_was_read_is_found_on_the_next_check(
        session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    assert _checked(session, certificate.qr_code) == (Verdict.VALID, "")  # the directory is read now
    issuer_keys.create_key(session, None, _centre(session, certificate), SECRET)
    successor = certificates.reissue(session, _head(session, certificate), certificate, CONTEXT).certificates[0]
    session.commit()
    assert successor.kid != certificate.kid
    assert successor.kid not in verification.directory(session).keys  # still the directory read before
    assert _checked(session, successor.qr_code) == (Verdict.VALID, "")
    assert successor.kid in verification.directory(session).keys


@pytest.mark.usefixtures("lasting_directory")
def test_a_certificate_of_a_centre_made_after_the_directory_was_read_is_found(session: Session) -> None:
    verification.directory(session)
    certificate = _issued(session)
    assert certificate.centre_id not in verification.directory(session).centres
    assert _verdicts(session, certificate) == (Verdict.VALID, Verdict.VALID)


@pytest.mark.usefixtures("lasting_directory")
def test_forget_cached_directory_makes_the_next_read_fresh(session: Session) -> None:
    verification.directory(session)
    centre = make_centre(session)
    session.commit()
    assert centre.id not in verification.directory(session).centres
    verification.forget_cached_directory()
    assert verification.directory(session).centres[centre.id] == (centre.code, centre.name_en, centre.name_th)


@pytest.mark.usefixtures("lasting_directory")
def test_a_fresh_directory_is_read_on_request(session: Session) -> None:
    verification.directory(session)
    qualification = make_qualification(session)
    session.commit()
    assert qualification.id not in verification.directory(session).qualifications
    assert verification.directory(session, fresh=True).qualifications[qualification.id] == qualification.code


def test_a_directory_older_than_its_freshness_is_read_again(session: Session,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    verification.directory(session)
    monkeypatch.setattr(verification, "DIRECTORY_FRESH_FOR", 0.0)
    centre = make_centre(session)
    session.commit()
    assert centre.id in verification.directory(session).centres


# The check log ---------------------------------------------------------------------------------------------------

def test_check_rows_log_only_checks_of_real_certificates(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    found = _result_with_facts(session, certificate)
    rows = verification.check_rows([found, _not_found(session, certificate), found], Channel.API, "client A")
    row = {"certificate_id": certificate.id, "at": found.checked_at, "channel": "api", "organisation": ""}
    assert rows == [row]  # one client's repeated checks of one certificate: logged once
    assert verification.check_rows([found], Channel.API, "client B") == [row]
    assert verification.check_rows([], Channel.QR) == []


def test_a_page_check_is_logged_unnamed_and_a_check_of_nothing_is_not(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    found = _result_with_facts(session, certificate)
    event = verification.record_page_check(session, found, Channel.QR)
    assert event is not None and event.id is not None
    assert (event.certificate_id, event.at, event.channel, event.organisation) == (
        certificate.id, found.checked_at, "qr", "")
    assert verification.record_page_check(session, _not_found(session, certificate), Channel.NUMBER) is None
    assert session.scalar(select(func.count()).select_from(VerificationEvent)) == 1


def _page_event(session: Session, certificate_id: int) -> VerificationEvent:
    result = _result_with_facts(session, _certificate(session, certificate_id))
    event = verification.record_page_check(session, result, Channel.QR, client=uuid.uuid4().hex)  # a new client
    assert event is not None
    session.commit()
    return event


def test_the_verifier_names_themselves_once_with_spaces_tidied(session: Session, certificate_id: int) -> None:
    event = _page_event(session, certificate_id)
    assert verification.name_the_verifier(session, event.id, "  Siam \t Riverside\n Hotel  ") is Naming.NAMED
    assert verification.name_the_verifier(session, event.id, "Someone Else") is Naming.ALREADY
    session.commit()
    session.expire_all()
    assert _stored_organisation(session, event.id) == "Siam Riverside Hotel"


def test_the_verifiers_note_is_plain_text_without_controls_or_direction_overrides(
        session: Session, certificate_id: int) -> None:
    event = _page_event(session, certificate_id)
    assert verification.name_the_verifier(session, event.id, "\u202eletoH\u202c\x00 Siam\u200b Hotel") is Naming.NAMED
    assert verification.name_the_verifier(session, _page_event(session, certificate_id).id, "\u200b\n") \
        is Naming.EMPTY
    session.commit()
    session.expire_all()
    assert _stored_organisation(session, event.id) == "letoH Siam Hotel"


def test_the_worker_hides_a_check_of_their_own_certificate_only(session: Session, certificate_id: int) -> None:
    certificate = session.get(Certificate, certificate_id)
    assert certificate is not None
    event = _page_event(session, certificate_id)
    other = _issued(session)
    assert not verification.hide_check_note(session, other, event.id)
    assert verification.hide_check_note(session, certificate, event.id)
    assert not verification.hide_check_note(session, certificate, event.id)  # hidden once
    assert event.id not in [e.id for e in verification.checks_shown_to_holder(session, certificate)]


def test_the_verifiers_name_is_cut_to_its_maximum_length(session: Session, certificate_id: int) -> None:
    event = _page_event(session, certificate_id)
    assert verification.name_the_verifier(session, event.id, "Hotel " + "x" * 400) is Naming.NAMED
    session.commit()
    session.expire_all()
    stored = _stored_organisation(session, event.id)
    assert len(stored) == verification.ORGANISATION_MAX and stored.startswith("Hotel xxx")


def test_a_blank_name_or_an_unknown_check_names_nobody(session: Session, certificate_id: int) -> None:
    event = _page_event(session, certificate_id)
    assert verification.name_the_verifier(session, event.id, " \t\n ") is Naming.EMPTY
    assert verification.name_the_verifier(session, event.id + 1000, "Siam Riverside Hotel") is Naming.ALREADY
    assert _stored_organisation(session, event.id) == ""
    assert verification.name_the_verifier(session, event.id, "Siam Riverside Hotel") is Naming.NAMED  # still free


def _stored_organisation(session: Session, event_id: int) -> str:
    return session.scalars(select(VerificationEvent.organisation).where(VerificationEvent.id == event_id)).one()


# The records behind a result -------------------------------------------------------------------------------------

def test_certificate_of_a_result_is_its_record_and_of_nothing_is_none(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    assert verification.certificate_of(session, _result_with_facts(session, certificate)) is certificate
    assert verification.certificate_of(session, _not_found(session, certificate)) is None


def test_successor_of_a_superseded_certificate_is_the_new_one(session: Session, certificate_id: int) -> None:
    certificate = _certificate(session, certificate_id)
    assert verification.successor_of(session, certificate) is None
    successor = certificates.reissue(session, _head(session, certificate), certificate, CONTEXT).certificates[0]
    session.commit()
    found = verification.certificate_of(session, verification.verify_code(session, certificate.qr_code, TODAY))
    assert found is certificate and verification.successor_of(session, found) is successor
    assert verification.successor_of(session, successor) is None
