"""What the renderers receive: every text a certificate prints, already translated and formatted by the caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass


@dataclass(frozen=True)
class CertificateLabels:
    """The fixed wording printed on every certificate and card, in one language."""

    awarded_to: str  # "Awarded to"
    qualification_heading: str  # "Qualification", above its title
    units_achieved: str  # "Units of competency achieved"
    continued: str  # "Continued on the next page"
    issued_by: str  # "Issued by"
    certificate_number: str  # "Certificate number"
    centre_code: str  # "Centre code"
    assessed_on: str  # "Assessed on"
    issued_on: str  # "Issued on"
    valid_until: str  # "Valid until"
    card_issued: str  # "Issued", before the date on the wallet card
    card_scan: str  # "Scan the code to check", on the wallet card


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on a certificate, already translated and formatted by the caller.

    The fixed labels are printed in English and Thai (`labels_en`, `labels_th`), whatever the holder's language.
    """

    number: str
    kind_label_en: str
    kind_label_th: str
    kind_label_holder: str
    holder_name_native: str
    holder_name_latin: str
    holder_language: str  # "km" | "lo" | "my" | "th" | "en"
    title_en: str
    title_th: str
    title_holder: str
    qualification_code: str
    units: Sequence[tuple[str, str, str]]  # (code, English title, holder-language title)
    levels: Sequence[tuple[str, str]]  # ("AQRF", "2"), ("DSD", "1"), ("ISCO-08", "9112")
    centre_name_en: str
    centre_name_th: str
    centre_code: str
    assessed_on_en: str
    issued_on_en: str
    issued_on_th: str
    expires_on_en: str | None
    expires_on_th: str | None
    verify_line_th: str
    verify_line_en: str
    verify_url: str
    qr_png: bytes
    labels_en: CertificateLabels
    labels_th: CertificateLabels
    assessed_on_th: str = ""
    # A statement of attainment says what it covers, in English and Thai ("2 of 4 units ..."); empty for a full award.
    scope_en: str = ""
    scope_th: str = ""
    card_scope: str = ""  # the same on the wallet card, short: "2 of 4 units"
    # Printed across a document that must not be taken as valid ("REVOKED · เพิกถอนแล้ว"); empty otherwise.
    stamp: str = ""


BILINGUAL_SEPARATOR = " · "


def view_texts(view: CertificateView) -> list[str]:
    """Every string the view prints, so that the document has the fonts of all their scripts as fallbacks."""
    return [
        *(value for value in vars(view).values() if isinstance(value, str)),
        *(part for unit in view.units for part in unit),
        *(part for level in view.levels for part in level),
        *astuple(view.labels_en),
        *astuple(view.labels_th),
        BILINGUAL_SEPARATOR,
    ]


def distinct(*texts: str) -> list[str]:
    """The non-empty texts, each once, in order: a Thai holder's label is the Thai one."""
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen


def bilingual(english: str, thai: str) -> str:
    """A fixed label as printed: "English · Thai", or one of them alone if the other is missing or the same."""
    return BILINGUAL_SEPARATOR.join(distinct(english, thai))
