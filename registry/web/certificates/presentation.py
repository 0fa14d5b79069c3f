"""Shared by the staff pages, the holder's page and the API: the resource, the documents, the translations."""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import make_response
from flask_babel import force_locale, pgettext
from flask_babel import gettext as _

from registry.core.certificate_lifecycle import effective_status
from registry.core.languages import LANGUAGE_CODES
from registry.core.qr_image import qr_png
from registry.infra.app_context import base_url, db_session, document_storage, master_secret, registry_zone, today
from registry.models import Certificate
from registry.services import certificate_documents

VC_JWT = "application/vc+jwt"


def document_labels() -> dict[str, dict[str, str]]:
    """The words printed on a certificate, in every language (it carries English, Thai and the holder's).

    The fixed labels (`registry.core.pdf.CertificateLabels`) are printed in English and Thai only.
    """
    labels = {}
    for code in LANGUAGE_CODES:
        with force_locale(code):
            labels[code] = {
                "qualification": _("Certificate of competence"),
                "statement_of_attainment": _("Statement of attainment"),
                "verify": _("Check this certificate: scan the QR code with a phone camera, or type its number at"),
                "awarded_to": pgettext("printed certificate", "Awarded to"),
                "qualification_heading": pgettext("printed certificate", "Qualification"),
                "units_achieved": pgettext("printed certificate", "Units of competency achieved"),
                "continued": pgettext("printed certificate", "Continued on the next page"),
                "issued_by": pgettext("printed certificate", "Issued by"),
                "certificate_number": pgettext("printed certificate", "Certificate number"),
                "centre_code": pgettext("printed certificate", "Centre code"),
                "assessed_on": pgettext("printed certificate", "Assessed on"),
                "issued_on": pgettext("printed certificate", "Issued on"),
                "valid_until": pgettext("printed certificate", "Valid until"),
                "card_issued": pgettext("printed certificate", "Issued"),
                "card_scan": pgettext("printed certificate", "Scan the code to check"),
                "scope": pgettext("printed certificate", "%(achieved)d of %(total)d units of this qualification: "
                                  "the qualification and its levels are not awarded"),
                "card_scope": pgettext("printed certificate", "%(achieved)d of %(total)d units"),
                "revoked_stamp": pgettext("printed certificate", "REVOKED"),
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
    other = db_session().get(Certificate, certificate_id)
    return other.number if other else None


def printed(certificate: Certificate, language: str | None = None, card: bool = False) -> bytes:
    """The certificate's PDF (the A4 certificate, or the wallet card), rendered once and kept."""
    language = language if language in LANGUAGE_CODES else certificate.holder_language
    return certificate_documents.printed_pdf(certificate, base_url(), language, card, document_labels,
                                             document_storage())


def pdf_response(certificate: Certificate, language: str, card: bool) -> FlaskResponse:
    language = language if language in LANGUAGE_CODES else certificate.holder_language
    body = printed(certificate, language, card)
    response = make_response(body)
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
    jws = certificate_documents.credential_jws(db_session(), certificate, base_url(), master_secret(),
                                             registry_zone())
    response = make_response(jws)
    response.mimetype = VC_JWT
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.number}.jwt"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
