"""The A4 portrait certificate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from registry.core.pdf.fonts import DEFAULT_FONTS_DIR, LINE_SPACING, family_for
from registry.core.pdf.typesetter import GOLD, INK, MUTED, NAVY, RULE, Typesetter, new_document
from registry.core.pdf.view import CertificateView, bilingual, distinct

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
MARGIN = 20.0
CONTENT = A4_WIDTH - 2 * MARGIN
QR_SIDE = 38.0  # the image, quiet zone included: the modules span about 33 mm at version 11
CONTENT_BOTTOM = A4_HEIGHT - 17  # inside the double frame


def render_certificate(view: CertificateView, fonts_dir: Path = DEFAULT_FONTS_DIR) -> bytes:
    """An A4 portrait PDF of one certificate, fonts embedded (subset).

    Top to bottom: issuing centre, kind of document in English, Thai and the holder's language, the holder's name in
    their own script (large) with the Latin name under it, the qualification title in three languages and its code,
    level mappings, the achieved units, then a footer with centre, dates (the Thai date in the Buddhist era beside
    Thai wording), the certificate number, the QR code (at least 25 mm) with the URL under it and one verify line in
    Thai and one in English beside it. Long lines shrink or wrap; nothing leaves its box.
    """
    setter = new_document(view, A4_WIDTH, A4_HEIGHT, fonts_dir)
    _draw_frame(setter)
    with setter.measuring():
        footer_top = CONTENT_BOTTOM - _draw_footer(setter, view, 0)
    y = _draw_heading(setter, view)
    y = _draw_holder(setter, view, y + 5)
    y = _draw_qualification(setter, view, y + 5)
    y = _draw_scope(setter, view, y + 4) if view.scope_en else _draw_levels(setter, view, y + 4)
    remaining = _draw_units(setter, view, view.units, y + 5, footer_top - 5)
    _draw_footer(setter, view, footer_top)
    setter.stamp(view.stamp, A4_WIDTH, A4_HEIGHT, 64)
    while remaining:
        setter.pdf.add_page()
        _draw_frame(setter)
        y = setter.text(f"{view.holder_name_latin} · {view.number}", MARGIN, 19, CONTENT, 9, color=MUTED, align="C")
        remaining = _draw_units(setter, view, remaining, y + 4, CONTENT_BOTTOM)
        setter.stamp(view.stamp, A4_WIDTH, A4_HEIGHT, 64)
    return setter.finish()


def _draw_frame(setter: Typesetter) -> None:
    pdf = setter.pdf
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.9)
    pdf.rect(9, 9, A4_WIDTH - 18, A4_HEIGHT - 18)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.3)
    pdf.rect(11.5, 11.5, A4_WIDTH - 23, A4_HEIGHT - 23)


def _draw_heading(setter: Typesetter, view: CertificateView) -> float:
    y = setter.text(view.centre_name_en, MARGIN, 19, CONTENT, 11, bold=True, color=NAVY, align="C", min_size=8)
    y = setter.text(view.centre_name_th, MARGIN, y, CONTENT, 10, color=MUTED, align="C", min_size=7.5)
    setter.rule(A4_WIDTH / 2 - 20, y + 3, A4_WIDTH / 2 + 20, GOLD, 0.5)
    y = setter.text(view.kind_label_en.upper(), MARGIN, y + 6, CONTENT, 25, bold=True, color=NAVY, align="C",
                    min_size=16)
    for label in distinct(view.kind_label_th, view.kind_label_holder):
        if label != view.kind_label_en:
            y = setter.text(label, MARGIN, y, CONTENT, 14, color=NAVY, align="C", min_size=10)
    return y


def _draw_holder(setter: Typesetter, view: CertificateView, y: float) -> float:
    label = bilingual(view.labels_en.awarded_to, view.labels_th.awarded_to)
    y = setter.text(label, MARGIN, y, CONTENT, 8.5, color=MUTED, align="C")
    names = distinct(view.holder_name_native, view.holder_name_latin)
    y = setter.text(names[0], MARGIN, y + 1, CONTENT, 28, align="C", min_size=18)
    if len(names) > 1:
        y = setter.text(names[1], MARGIN, y, CONTENT, 15, align="C", min_size=10)
    return y


def _draw_qualification(setter: Typesetter, view: CertificateView, y: float) -> float:
    label = bilingual(view.labels_en.qualification_heading, view.labels_th.qualification_heading)
    y = setter.text(label, MARGIN, y, CONTENT, 8.5, color=MUTED, align="C")
    y = setter.text(view.title_en, MARGIN, y + 0.5, CONTENT, 17, bold=True, color=NAVY, align="C", min_size=12)
    for title in distinct(view.title_th, view.title_holder):
        if title != view.title_en:
            y = setter.text(title, MARGIN, y, CONTENT, 13, color=INK, align="C", min_size=10)
    return setter.text(view.qualification_code, MARGIN, y + 0.5, CONTENT, 9, color=MUTED, align="C")


def _draw_scope(setter: Typesetter, view: CertificateView, y: float) -> float:
    """A statement of attainment prints what it covers where a full award prints its levels: none are awarded."""
    y = setter.text(view.scope_en, MARGIN, y, CONTENT, 10, bold=True, color=NAVY, align="C", min_size=8)
    return setter.text(view.scope_th, MARGIN, y, CONTENT, 10, color=NAVY, align="C", min_size=8)


def _draw_levels(setter: Typesetter, view: CertificateView, y: float) -> float:
    """Level mappings as a centred row of small boxes (framework over level), wrapping to more rows if needed."""
    if not view.levels:
        return y
    pdf = setter.pdf
    boxes = [(framework, level, max(setter.width(framework, 7.5), setter.width(level, 13, True)) + 8)
             for framework, level in view.levels]
    gap, box_height = 3.0, 13.0
    rows: list[list[tuple[str, str, float]]] = [[]]
    for box in boxes:
        row_width = sum(b[2] + gap for b in rows[-1]) + box[2]
        if rows[-1] and row_width > CONTENT:
            rows.append([])
        rows[-1].append(box)
    for row in rows:
        x = MARGIN + (CONTENT - sum(b[2] for b in row) - gap * (len(row) - 1)) / 2
        for framework, level, width in row:
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.3)
            pdf.rect(x, y, width, box_height, round_corners=True, corner_radius=1.5)
            setter.text(framework, x, y + 1.2, width, 7.5, color=MUTED, align="C", min_size=5)
            setter.text(level, x, y + 5, width, 13, bold=True, color=NAVY, align="C", min_size=7)
            x += width + gap
        y += box_height + 2
    return y - 2


@dataclass(frozen=True)
class _UnitLayout:
    side_by_side: bool  # the holder-language title in a column of its own rather than under the English one
    scale: float


# Tried in order until the units fit; a row per unit side by side saves a line whenever titles are short.
UNIT_LAYOUTS = (
    _UnitLayout(False, 1.0),
    _UnitLayout(False, 0.92),
    _UnitLayout(False, 0.85),
    _UnitLayout(True, 0.92),
    _UnitLayout(True, 0.85),
    _UnitLayout(True, 0.78),
)
UNIT_CODE_WIDTH = 34.0
NOTE_HEIGHT = 5.0


def _draw_units(
    setter: Typesetter, view: CertificateView, units: Sequence[tuple[str, str, str]], top: float, bottom: float
) -> list[tuple[str, str, str]]:
    """The units table between `top` and `bottom`, in the largest layout that fits them all; when none does, in the
    largest layout, returning the units left over for a continuation page (at least one unit is always placed)."""
    if not units:
        return []
    with setter.measuring():
        heading_bottom = _draw_units_heading(setter, view, top)
        layout = next(
            (lay for lay in UNIT_LAYOUTS if _draw_unit_rows(setter, view, units, heading_bottom, lay) <= bottom),
            UNIT_LAYOUTS[0],  # continued overleaf anyway: as legible as possible
        )
        fits = _draw_unit_rows(setter, view, units, heading_bottom, layout) <= bottom
    y = _draw_units_heading(setter, view, top)
    limit = bottom if fits else bottom - NOTE_HEIGHT
    for index, unit in enumerate(units):
        with setter.measuring():
            row_bottom = _draw_unit_rows(setter, view, [unit], y, layout)
        if index and row_bottom > limit:
            continued = bilingual(view.labels_en.continued, view.labels_th.continued)
            setter.text(continued, MARGIN, y + 1.5, CONTENT, 8, color=MUTED, align="R")
            return list(units[index:])
        y = _draw_unit_rows(setter, view, [unit], y, layout)
    return []


def _draw_units_heading(setter: Typesetter, view: CertificateView, top: float) -> float:
    units = bilingual(view.labels_en.units_achieved, view.labels_th.units_achieved)
    y = setter.text(units, MARGIN, top, CONTENT, 8.5, color=MUTED)
    setter.rule(MARGIN, y + 0.8, MARGIN + CONTENT, NAVY, 0.4)
    return y + 0.8


def _draw_unit_rows(
    setter: Typesetter, view: CertificateView, units: Iterable[tuple[str, str, str]], y: float, layout: _UnitLayout
) -> float:
    """Units from `y`, one row each with a rule under it; returns the y under the last."""
    size, padding = 9.5 * layout.scale, 2.2 * layout.scale
    title_x, title_width = MARGIN + UNIT_CODE_WIDTH, CONTENT - UNIT_CODE_WIDTH
    holder_titles = view.holder_language != "en"
    column = (title_width - 5) / 2 if layout.side_by_side and holder_titles else title_width
    for code, title_en, title_holder in units:
        top = y + padding / 2 + 0.4
        code_bottom = setter.text(code, MARGIN, top, UNIT_CODE_WIDTH - 3, size, bold=True, color=NAVY,
                                  min_size=size * 0.7)
        bottom = setter.text(title_en, title_x, top, column, size)
        if holder_titles and title_holder and title_holder != title_en:
            if layout.side_by_side:
                bottom = max(bottom, setter.text(title_holder, title_x + column + 5, top, column, size * 0.95))
            else:
                bottom = setter.text(title_holder, title_x, bottom, column, size * 0.95, color=MUTED)
        y = max(bottom, code_bottom) + padding / 2
        setter.rule(MARGIN, y, MARGIN + CONTENT)
    return y


def _draw_footer(setter: Typesetter, view: CertificateView, top: float) -> float:
    """Centre, dates, number and verification, from `top`; returns the y under the lowest element."""
    setter.rule(MARGIN, top, MARGIN + CONTENT, GOLD, 0.5)
    qr_x = MARGIN + CONTENT - QR_SIDE
    setter.image(view.qr_png, qr_x, top + 4, QR_SIDE)
    qr_bottom = top + 4 + QR_SIDE

    left_width = qr_x - MARGIN - 6
    column = (left_width - 6) / 2
    label = bilingual(view.labels_en.issued_by, view.labels_th.issued_by)
    y = setter.text(label, MARGIN, top + 4, column, 7.5, color=MUTED)
    y = setter.text(view.centre_name_en, MARGIN, y + 0.3, column, 9.5, bold=True)
    y = setter.text(view.centre_name_th, MARGIN, y, column, 9)
    centre_code = f"{view.labels_en.centre_code} {view.centre_code}"
    centre_bottom = setter.text(centre_code, MARGIN, y + 0.3, column, 8, color=MUTED)
    dates_bottom = _draw_dates(setter, view, MARGIN + column + 6, top + 4, column)

    number = bilingual(view.labels_en.certificate_number, view.labels_th.certificate_number)
    y = setter.text(number, MARGIN, max(centre_bottom, dates_bottom) + 3, left_width, 7.5, color=MUTED)
    y = setter.text(view.number, MARGIN, y + 0.3, left_width, 14, bold=True, color=NAVY, min_size=9)
    setter.rule(MARGIN, y + 2, MARGIN + left_width)
    # Each sentence ends with the address to type, at a size a phone's reader can still read off the paper.
    y = setter.text(f"{view.verify_line_th} {view.verify_url}", MARGIN, y + 3.5, left_width, 8.5)
    y = setter.text(f"{view.verify_line_en} {view.verify_url}", MARGIN, y + 0.5, left_width, 8.5)
    return max(y, qr_bottom)


def _draw_dates(setter: Typesetter, view: CertificateView, x: float, y: float, width: float) -> float:
    """Each date in English and, where given, in Thai (Buddhist era) beside Thai wording, values in one column."""
    english, thai = view.labels_en, view.labels_th
    groups = [
        [(english.assessed_on, view.assessed_on_en), (thai.assessed_on, view.assessed_on_th)],
        [(english.issued_on, view.issued_on_en), (thai.issued_on, view.issued_on_th)],
        [(english.valid_until, view.expires_on_en or ""), (thai.valid_until, view.expires_on_th or "")],
    ]
    rows = [[(label, value) for label, value in group if value] for group in groups]
    label_size, value_size = 8.0, 9.5
    label_width = max(setter.width(label, label_size) for group in rows for label, _ in group) + 2.5
    for group in rows:
        for label, value in group:
            if label_width + setter.width(value, value_size) > width:
                y = setter.text(label, x, y, width, label_size, color=MUTED)
                y = setter.text(value, x, y, width, value_size)
                continue
            # One line height for both cells puts the label on the value's row.
            row_spacing = value_size * LINE_SPACING[family_for(value)] / label_size
            setter.text(label, x, y, label_width, label_size, color=MUTED, spacing=row_spacing)
            y = setter.text(value, x + label_width, y, width - label_width, value_size)
        y += 1.2
    return y - 1.2
