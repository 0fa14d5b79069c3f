"""What a verifier is shown: the verification view of a certificate and nothing more."""

from __future__ import annotations

import time
from typing import Any

from registry.core.names import masked
from registry.models import Qualification
from registry.services.verification import CertificateFacts, Reader, VerificationResult, records_session


def verification_resource(reader: Reader, result: VerificationResult, full_name: bool = True) -> dict[str, Any]:
    facts = result.facts
    body: dict[str, Any] = {"status": result.verdict.value, "certificate": None,
                            "checked_at": result.checked_at.isoformat()}
    if facts is not None:
        body["certificate"] = certificate_for_verifier(reader, facts, full_name)
    if result.problem and result.verdict.value in ("invalid", "not_found"):
        body["problem"] = result.problem
    return body


CATALOGUE_FRESH_FOR = 60.0  # seconds: titles are display only, and the catalogue changes rarely
_catalogue: dict[tuple[int, str], tuple[float, dict[str, Any], dict[str, dict[str, str]]]] = {}


def _qualification_view(reader: Reader, facts: CertificateFacts
                        ) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """A qualification's public description and unit titles, kept a minute: every check needs them."""
    key = (facts.qualification_id, facts.qualification_code)
    cached = _catalogue.get(key)
    if cached is not None and time.monotonic() - cached[0] < CATALOGUE_FRESH_FOR:
        return cached[1], cached[2]
    with records_session(reader) as session:
        qualification = session.get(Qualification, facts.qualification_id)
        assert qualification is not None
        view = {"code": qualification.code, "title": qualification.title_en, "titles": qualification.titles(),
                "levels": qualification.levels(), "isco08": qualification.isco08_code}
        titles = {unit.code: unit.titles() for unit in qualification.units}
    _catalogue[key] = (time.monotonic(), view, titles)
    return view, titles


def certificate_for_verifier(reader: Reader, facts: CertificateFacts, full_name: bool = True) -> dict[str, Any]:
    """What a check answers; a number typed without the holder's year of birth gets the name masked (a guessed
    number must not give away who holds it; the QR code carries the name already)."""
    qualification_view, titles = _qualification_view(reader, facts)
    if facts.holder_withheld:
        # The holder withdrew consent to online verification: the verdict and the qualification, nothing more.
        return {"number": facts.number, "kind": facts.kind.value, "holder_name": None,
                "qualification": qualification_view, "units": [], "units_not_achieved": [], "provider": None,
                "issued_on": None, "expires_on": None, "withheld": True}
    return {
        "number": facts.number,
        "kind": facts.kind.value,
        "holder_name": facts.holder_name_latin if full_name else masked(facts.holder_name_latin),
        "qualification": qualification_view,
        "units": [_unit(code, titles) for code in facts.unit_codes],
        # A statement of attainment: the qualification's units it does not cover (kind and levels stay the
        # qualification's own, so a client must read these before it presents the levels as awarded).
        "units_not_achieved": [_unit(code, titles) for code in titles if code not in facts.unit_codes],
        "provider": {"code": facts.centre_code, "name": facts.centre_name_en, "name_th": facts.centre_name_th},
        "issued_on": facts.issued_on.isoformat(),
        "expires_on": facts.expires_on.isoformat() if facts.expires_on else None,
    }


def _unit(code: str, titles: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {"code": code, "title": titles.get(code, {}).get("en", ""), "titles": titles.get(code, {})}
