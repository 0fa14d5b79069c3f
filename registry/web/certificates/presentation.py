"""Shared by the staff pages, the holder's page and the API: the resource, the documents, the translations."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

from flask import Response as FlaskResponse
from flask import current_app, make_response
from flask_babel import force_locale
from flask_babel import gettext as _

from registry.core.certificate_status import effective_status
from registry.core.languages import LANGUAGE_CODES
from registry.core.qr_image import qr_png
from registry.extensions import db
from registry.infra.app_context import base_url, master_secret, today
from registry.models import Certificate
from registry.services import certificate_documents

VC_JWT = "application/vc+jwt"


def document_labels() -> dict[str, dict[str, str]]:
    """The few words printed on a certificate, in every language (it carries English, Thai and the holder's)."""
    labels = {}
    for code in LANGUAGE_CODES:
        with force_locale(code):
            labels[code] = {
                "qualification": _("Certificate of competence"),
                "statement_of_attainment": _("Statement of attainment"),
                "verify": _("Check this certificate: scan the QR code with a phone camera, or type its number at"),
            }
    return labels


def certificate_resource(certificate: Certificate, holder_token: str | None = None) -> dict[str, Any]:
    qualification = certificate.qualification
    titles = {unit.code: unit.titles() for unit in qualification.units}
    return {
        "number": certificate.number,
        "kind": certificate.kind.value,
        "status": effective_status(certificate, today()).value,
        "status_reason": certificate.status_reason or None,
        "holder": {"name": certificate.holder_name_latin, "name_native": certificate.holder_name_native or None,
                   "language": certificate.holder_language},
        "qualification": {"code": qualification.code, "title": qualification.titles(),
                          "levels": qualification.levels(), "isco08": qualification.isco08_code},
        "units": [{"code": code, "title": titles.get(code, {})} for code in certificate.unit_codes],
        "provider": {"code": certificate.centre.code, "name": certificate.centre.name_en,
                     "name_th": certificate.centre.name_th},
        "assessed_on": certificate.assessed_on.isoformat(),
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "verify_url": certificate_documents.verify_url(base_url(), certificate),
        "holder_url": certificate_documents.holder_url(base_url(), holder_token) if holder_token else None,
        "superseded_by": _number_of(certificate.superseded_by_id),
        "supersedes": _number_of(certificate.supersedes_id),
        "status_list": {"url": certificate_documents.status_list_url(base_url(), certificate.status_list_id),
                        "index": certificate.status_index},
    }


def _number_of(certificate_id: int | None) -> str | None:
    if certificate_id is None:
        return None
    other = db.session.get(Certificate, certificate_id)
    return other.number if other else None


def _rendered_pdf(certificate: Certificate, language: str, card: bool) -> bytes:
    """A certificate's printed form never changes (its status is not printed), so each is rendered once."""
    folder = Path(current_app.config["DOCUMENT_CACHE_PATH"])
    # The signed code in the name: a number reused by a rebuilt database can never get another's file.
    fingerprint = hashlib.sha256(certificate.qr_code.encode("ascii")).hexdigest()[:16]
    path = folder / f"{certificate.number}-{fingerprint}-{'card' if card else 'a4'}-{language}.pdf"
    if path.is_file():
        return path.read_bytes()
    view = certificate_documents.certificate_view(certificate, base_url(), language, document_labels())
    body = certificate_documents.wallet_card_pdf(view) if card else certificate_documents.certificate_pdf(view)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
    temporary.write_bytes(body)
    temporary.replace(path)  # atomic: a concurrent reader sees the whole file or none
    return body


def pdf_response(certificate: Certificate, language: str, card: bool) -> FlaskResponse:
    language = language if language in LANGUAGE_CODES else certificate.holder_language
    response = make_response(_rendered_pdf(certificate, language, card))
    response.mimetype = "application/pdf"
    name = f"{certificate.number}{'-card' if card else ''}-{language}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def qr_png_response(certificate: Certificate) -> FlaskResponse:
    response = make_response(qr_png(base_url(), certificate.qr_code))
    response.mimetype = "image/png"
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


def credential_response(certificate: Certificate) -> FlaskResponse:
    jws = certificate_documents.credential_jws(db.session, certificate, base_url(), master_secret())
    response = make_response(jws)
    response.mimetype = VC_JWT
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.number}.jwt"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
