"""What a verifier is shown: the verification view of a certificate and nothing more."""

from __future__ import annotations

import time
from typing import Any

from registry.models import Certificate
from registry.services.verification import VerificationResult


def verification_resource(result: VerificationResult) -> dict[str, Any]:
    certificate = result.certificate
    body: dict[str, Any] = {"status": result.verdict.value, "certificate": None,
                            "checked_at": result.checked_at.isoformat()}
    if certificate is not None:
        body["certificate"] = certificate_for_verifier(certificate)
    if result.problem and result.verdict.value in ("invalid", "not_found"):
        body["problem"] = result.problem
    return body


CATALOGUE_FRESH_FOR = 60.0  # seconds: titles are display only, and the catalogue changes rarely
_catalogue: dict[tuple[int, str], tuple[float, dict[str, Any], dict[str, dict[str, str]]]] = {}


def _qualification_view(certificate: Certificate) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """A qualification's public description and unit titles, kept a minute: every check needs them."""
    qualification = certificate.qualification  # loaded with the certificate
    key = (qualification.id, qualification.code)
    cached = _catalogue.get(key)
    if cached is not None and time.monotonic() - cached[0] < CATALOGUE_FRESH_FOR:
        return cached[1], cached[2]
    view = {"code": qualification.code, "title": qualification.title_en, "titles": qualification.titles(),
            "levels": qualification.levels(), "isco08": qualification.isco08_code}
    titles = {unit.code: unit.titles() for unit in qualification.units}
    _catalogue[key] = (time.monotonic(), view, titles)
    return view, titles


def certificate_for_verifier(certificate: Certificate) -> dict[str, Any]:
    qualification_view, titles = _qualification_view(certificate)
    return {
        "number": certificate.number,
        "kind": certificate.kind.value,
        "holder_name": certificate.holder_name_latin,
        "qualification": qualification_view,
        "units": [{"code": code, "title": titles.get(code, {}).get("en", ""), "titles": titles.get(code, {})}
                  for code in certificate.unit_codes],
        "provider": {"code": certificate.centre.code, "name": certificate.centre.name_en,
                     "name_th": certificate.centre.name_th},
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
    }
