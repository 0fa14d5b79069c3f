"""What a certificate looks like on paper, on a card, as a QR image and as an Open Badges 3.0 credential."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import tzinfo

from sqlalchemy.orm import Session

from registry.core import jose
from registry.core.certificate_lifecycle import CertificateStatus
from registry.core.credential import CredentialInput, open_badge_credential
from registry.core.dates import format_date
from registry.core.files import FileStore
from registry.core.local_days import end_of_validity
from registry.core.outcomes import OutcomeKind
from registry.core.pdf import CertificateLabels, CertificateView, render_certificate, render_wallet_card
from registry.core.pdf.view import BILINGUAL_SEPARATOR
from registry.core.qr_image import qr_png
from registry.core.qr_image import verify_url as qr_verify_url
from registry.models import Certificate, TrainingCentre
from registry.services import document_cache, issuer_keys

Translate = Callable[[str, str], str]  # (language, English text) -> text in that language
DocumentLabels = Mapping[str, Mapping[str, str]]  # language -> key -> the words printed, in that language


def verify_url(base_url: str, certificate: Certificate) -> str:
    return qr_verify_url(base_url, certificate.qr_code)


def holder_url(base_url: str, token: str) -> str:
    return f"{base_url}/h/{token}"


def status_list_url(base_url: str, list_id: int, purpose: str = "revocation") -> str:
    return f"{base_url}/status/{list_id}/{purpose}"


def unit_titles(certificate: Certificate, language: str) -> list[tuple[str, str, str]]:
    """(code, English title, title in ``language``) of the achieved units only, in the qualification's order."""
    achieved = set(certificate.unit_codes)
    return [(unit.code, unit.title_en, unit.title_in(language))
            for unit in certificate.qualification.units if unit.code in achieved]


def level_rows(certificate: Certificate) -> list[tuple[str, str]]:
    names = {"aqrf": "AQRF", "tpqi": "TPQI", "dsd": "DSD", "cqf": "CQF", "lao_tvet": "Lao TVET", "nssa": "NSSA"}
    rows = [(names[key], str(level)) for key, level in certificate.qualification.levels().items() if level]
    return [*rows, ("ISCO-08", certificate.qualification.isco08_code)]


def certificate_view(certificate: Certificate, base_url: str, language: str, labels: DocumentLabels,
                     qr_image: bytes | None = None) -> CertificateView:
    """The printed certificate in English, Thai and ``language`` (the holder's choice, defaulting to theirs).

    ``labels`` holds the words printed on every certificate, per language: the kind of document and the verify line
    (keys ``qualification``, ``statement_of_attainment``, ``verify``) and, in English and Thai, one per field of
    `CertificateLabels`.
    """
    qualification = certificate.qualification
    centre = certificate.centre
    kind = "qualification" if certificate.kind is OutcomeKind.QUALIFICATION else "statement_of_attainment"
    counts = {"achieved": len(certificate.unit_codes), "total": len(qualification.units)}
    partial = counts["achieved"] < counts["total"]
    return CertificateView(
        number=certificate.number,
        kind_label_en=labels["en"][kind], kind_label_th=labels["th"][kind], kind_label_holder=labels[language][kind],
        holder_name_native=certificate.holder_name_native or certificate.holder_name_latin,
        holder_name_latin=certificate.holder_name_latin, holder_language=language,
        title_en=qualification.title_en, title_th=qualification.title_th, title_holder=qualification.title_in(language),
        qualification_code=qualification.code,
        units=unit_titles(certificate, language),
        levels=level_rows(certificate),
        centre_name_en=centre.name_en, centre_name_th=centre.name_th, centre_code=centre.code,
        assessed_on_en=format_date(certificate.assessed_on, "en"),
        issued_on_en=format_date(certificate.issued_on, "en"), issued_on_th=format_date(certificate.issued_on, "th"),
        expires_on_en=format_date(certificate.expires_on, "en") if certificate.expires_on else None,
        expires_on_th=format_date(certificate.expires_on, "th") if certificate.expires_on else None,
        verify_line_th=labels["th"]["verify"], verify_line_en=labels["en"]["verify"],
        verify_url=f"{base_url}/verify",
        qr_png=qr_image or qr_png(base_url, certificate.qr_code),
        labels_en=_printed_labels(labels["en"]), labels_th=_printed_labels(labels["th"]),
        assessed_on_th=format_date(certificate.assessed_on, "th"),
        scope_en=labels["en"]["scope"] % counts if partial else "",
        scope_th=labels["th"]["scope"] % counts if partial else "",
        card_scope=labels["en"]["card_scope"] % counts if partial else "",
        stamp=stamp(certificate, labels),
    )


def stamped(certificate: Certificate) -> bool:
    """A copy of a revoked certificate downloaded or printed after revocation must not pass for a valid one."""
    return certificate.status is CertificateStatus.REVOKED


def stamp(certificate: Certificate, labels: DocumentLabels) -> str:
    """The mark printed across a revoked certificate's documents, in English and Thai."""
    if not stamped(certificate):
        return ""
    return BILINGUAL_SEPARATOR.join(dict.fromkeys((labels["en"]["revoked_stamp"], labels["th"]["revoked_stamp"])))


def _printed_labels(texts: Mapping[str, str]) -> CertificateLabels:
    return CertificateLabels(**{field.name: texts[field.name] for field in fields(CertificateLabels)})


def certificate_pdf(view: CertificateView) -> bytes:
    return render_certificate(view)


def wallet_card_pdf(view: CertificateView) -> bytes:
    return render_wallet_card(view)


def printed_pdf(certificate: Certificate, base_url: str, language: str, card: bool,
                labels: Callable[[], DocumentLabels], cache: FileStore) -> bytes:
    """The certificate's A4 PDF (or with ``card`` its wallet card) with ``language`` as the holder's language.

    Rendered once and kept in ``cache``; ``labels`` is only called when the document has to be rendered.
    """
    def render() -> bytes:
        # The QR image kept beside the documents: a cohort's cards are rendered after its certificates, often by
        # another process, and choosing the code's mask costs more than a card's text.
        qr_image = document_cache.cached(cache, document_cache.qr_image_name(certificate),
                                         lambda: qr_png(base_url, certificate.qr_code))
        view = certificate_view(certificate, base_url, language, labels(), qr_image)
        return wallet_card_pdf(view) if card else certificate_pdf(view)

    form = "card" if card else "a4"
    name = document_cache.document_name(certificate, f"{form}-revoked" if stamped(certificate) else form, language)
    return document_cache.cached(cache, name, render)


def credential_jws(session: Session, certificate: Certificate, base_url: str, master_secret: str,
                   zone: tzinfo) -> str:
    """The Open Badges 3.0 credential, signed now by the centre's current key (a retired or compromised key signs
    nothing new). It is valid until the end of its expiry date in the registry's time zone ``zone``, as the
    registry's own answer is."""
    centre: TrainingCentre = certificate.centre
    qualification = certificate.qualification
    data = CredentialInput(
        credential_id=certificate.credential_id,
        number=certificate.number,
        holder_name=certificate.holder_name_latin,
        holder_name_native=certificate.holder_name_native,
        issuer_id=f"{base_url}/centres/{centre.code}",
        issuer_name=centre.name_en,
        issuer_name_th=centre.name_th,
        issuer_country=centre.country,
        qualification_code=qualification.code,
        title_en=qualification.title_en,
        title_th=qualification.title_th,
        title_holder_lang=qualification.title_in(certificate.holder_language),
        holder_lang=certificate.holder_language,
        description_en=f"{qualification.title_en} ({qualification.sector}), assessed by {centre.name_en}.",
        kind="qualification" if certificate.kind is OutcomeKind.QUALIFICATION else "statement_of_attainment",
        levels=qualification.levels(),
        isco08=qualification.isco08_code,
        achieved_units=[(code, title) for code, title, _ in unit_titles(certificate, "en")],
        valid_from=certificate.issued_at,
        valid_until=end_of_validity(certificate.expires_on, zone) if certificate.expires_on else None,
        status_list_url=status_list_url(base_url, certificate.status_list_id),
        status_index=certificate.status_index,
        verify_url=verify_url(base_url, certificate),
        achievement_id=f"{base_url}/qualifications/{qualification.code}",
    )
    key, private = issuer_keys.current_key(session, centre, master_secret)
    return jose.sign_compact(open_badge_credential(data), key.kid, private, "vc+jwt")
