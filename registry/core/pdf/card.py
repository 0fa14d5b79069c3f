"""The wallet card: an ID-1 card (85.6 x 54 mm) with the holder, the qualification and the QR code."""

from __future__ import annotations

from pathlib import Path

from registry.core.pdf.fonts import DEFAULT_FONTS_DIR
from registry.core.pdf.typesetter import INK, MUTED, NAVY, RULE, WHITE, Typesetter, new_document
from registry.core.pdf.view import CertificateView, bilingual, distinct

CARD_WIDTH, CARD_HEIGHT = 85.6, 54.0
CARD_BAND = 8.0
CARD_PAD = 2.6


def render_wallet_card(view: CertificateView, fonts_dir: Path = DEFAULT_FONTS_DIR) -> bytes:
    """A PDF page of 85.6 x 54 mm (ID-1 card): a band with the kind of document, then the holder's names, the
    qualification, the number and issue date on the left and the QR code, as large as the card allows, on the right.
    """
    setter = new_document(view, CARD_WIDTH, CARD_HEIGHT, fonts_dir)
    pdf = setter.pdf
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, CARD_WIDTH, CARD_BAND, style="F")
    band = bilingual(view.kind_label_en, view.kind_label_th)
    setter.text(band, CARD_PAD, 1.6, CARD_WIDTH - 2 * CARD_PAD, 7.5, color=WHITE, min_size=5)

    qr_side = CARD_HEIGHT - CARD_BAND - 1.0
    qr_x = CARD_WIDTH - qr_side - 0.5
    setter.image(view.qr_png, qr_x, CARD_BAND + 0.5, qr_side)

    width = qr_x - CARD_PAD  # the QR image carries its own quiet zone, which text must not enter
    for scale in (1.0, 0.92, 0.84, 0.76, 0.68):
        with setter.measuring():
            if _draw_card_text(setter, view, width, scale) <= CARD_HEIGHT - CARD_PAD:
                break
    _draw_card_text(setter, view, width, scale)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.rect(0.3, 0.3, CARD_WIDTH - 0.6, CARD_HEIGHT - 0.6)
    setter.stamp(view.stamp, CARD_WIDTH, CARD_HEIGHT, 26)
    return setter.finish()


def _draw_card_text(setter: Typesetter, view: CertificateView, width: float, scale: float) -> float:
    """The card's text column with type scaled by `scale`; returns the y under it."""
    names = distinct(view.holder_name_native, view.holder_name_latin)
    titles = distinct(view.title_en, view.title_holder, view.title_th)
    lines: list[tuple[str, float, bool, tuple[int, int, int], float]] = [
        (names[0], 11.5, True, INK, 0.0),
        *[(name, 7.5, False, INK, 0.0) for name in names[1:]],
        (titles[0], 7.5, True, NAVY, 1.6),
        *[(title, 6.8, False, INK, 0.0) for title in titles[1:]],
        *[(scope, 6.2, True, NAVY, 0.4) for scope in distinct(view.card_scope)],
        (view.number, 7.5, True, NAVY, 1.6),
        (f"{view.labels_en.card_issued} {view.issued_on_en}", 6.5, False, MUTED, 0.4),
        (f"{view.labels_th.card_issued} {view.issued_on_th}", 6.5, False, MUTED, 0.0),
        (view.centre_name_en, 6.2, False, INK, 0.6),
        (bilingual(view.labels_en.card_scan, view.labels_th.card_scan), 6.2, True, NAVY, 0.4),
    ]
    y = CARD_BAND + 2.2
    for text, size, bold, color, gap in lines:
        y = setter.text(text, CARD_PAD, y + gap * scale, width, size * scale, bold=bold, color=color,
                        min_size=size * scale * 0.75)
    return y
