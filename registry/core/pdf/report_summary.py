"""A one-page A4 summary of a programme report, for donor reports: the headline numbers and two charts (a breakdown
as horizontal bars, the months as columns), in the reader's language, every number as the report shows it (small
counts already hidden as "<5")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from registry.core.pdf.fonts import DEFAULT_FONTS_DIR
from registry.core.pdf.fpdf2_adjustments import Document
from registry.core.pdf.typesetter import GOLD, MUTED, NAVY, RULE, Typesetter

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
MARGIN = 16.0
CONTENT = A4_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the number as printed: a count, or "<5"
    value: int  # its length; 0 when hidden


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]


@dataclass(frozen=True)
class SummaryView:
    language: str
    title: str
    period: str
    filters: str
    headline: list[tuple[str, str]]  # (label, number as printed)
    breakdown: Chart
    trend: Chart
    notes: list[str] = field(default_factory=list)
    generated: str = ""


def _texts(view: SummaryView) -> list[str]:
    texts = [view.title, view.period, view.filters, view.generated, *view.notes, view.breakdown.title,
             view.trend.title]
    texts += [text for pair in view.headline for text in pair]
    texts += [bar.label for chart in (view.breakdown, view.trend) for bar in chart.bars]
    return texts


def render_summary(view: SummaryView, fonts_dir: Path = DEFAULT_FONTS_DIR) -> bytes:
    pdf = Document(orientation="P", unit="mm", format=(A4_WIDTH, A4_HEIGHT))
    pdf.set_title(view.title)
    pdf.set_lang(view.language)
    setter = Typesetter(pdf, fonts_dir, _texts(view))
    pdf.add_page()
    y = setter.text(view.title, MARGIN, 16, CONTENT, 17, bold=True, color=NAVY, min_size=11)
    y = setter.text(view.period, MARGIN, y + 1, CONTENT, 11, color=NAVY)
    if view.filters:
        y = setter.text(view.filters, MARGIN, y + 1, CONTENT, 9, color=MUTED)
    setter.rule(MARGIN, y + 3, A4_WIDTH - MARGIN, color=GOLD, weight=0.6)
    y = _headline(setter, view.headline, y + 7)
    y = _bars(setter, view.breakdown, y + 6)
    y = _columns(setter, view.trend, y + 6)
    y += 4
    for note in view.notes:
        y = setter.text(note, MARGIN, y + 1, CONTENT, 8, color=MUTED)
    if view.generated:
        setter.text(view.generated, MARGIN, A4_HEIGHT - 14, CONTENT, 7.5, color=MUTED)
    return setter.finish()


def _headline(setter: Typesetter, headline: list[tuple[str, str]], top: float) -> float:
    columns = 3
    width = (CONTENT - (columns - 1) * 4) / columns
    bottom = top
    for index, (label, number) in enumerate(headline):
        row, column = divmod(index, columns)
        x, y = MARGIN + column * (width + 4), top + row * 24
        setter.pdf.set_draw_color(*RULE)
        setter.pdf.set_line_width(0.3)
        setter.pdf.rect(x, y, width, 21)
        end = setter.text(number, x + 3, y + 2.5, width - 6, 18, bold=True, color=NAVY)
        setter.text(label, x + 3, end, width - 6, 8, color=MUTED, min_size=6)
        bottom = y + 21
    return bottom


def _bars(setter: Typesetter, chart: Chart, top: float) -> float:
    y = setter.text(chart.title, MARGIN, top, CONTENT, 11, bold=True, color=NAVY) + 2
    label_width, bar_space = 55.0, CONTENT - 55.0 - 18
    largest = max((bar.value for bar in chart.bars), default=0)
    for bar in chart.bars:
        setter.text(bar.label, MARGIN, y, label_width - 2, 9, min_size=6.5)
        length = bar.value / largest * bar_space if largest else 0
        if length:
            setter.pdf.set_fill_color(*NAVY)
            setter.pdf.rect(MARGIN + label_width, y + 0.6, length, 4.2, style="F")
        setter.text(bar.shown, MARGIN + label_width + length + 2, y, 16, 9, bold=True)
        y += 6.5
    return y


def _columns(setter: Typesetter, chart: Chart, top: float) -> float:
    y = setter.text(chart.title, MARGIN, top, CONTENT, 11, bold=True, color=NAVY) + 2
    bars = chart.bars[-24:]  # two years at most on one page; the tables carry every month
    if not bars:
        return y
    height, gap = 45.0, 1.2
    width = min(14.0, CONTENT / len(bars))
    largest = max(bar.value for bar in bars) or 1
    base = y + height + 5
    setter.rule(MARGIN, base, MARGIN + width * len(bars), color=RULE, weight=0.3)
    for index, bar in enumerate(bars):
        x = MARGIN + index * width
        length = bar.value / largest * height
        if length:
            setter.pdf.set_fill_color(*NAVY)
            setter.pdf.rect(x + gap / 2, base - length, width - gap, length, style="F")
        setter.text(bar.shown, x, base - length - 4.2, width, 6.5, align="C", min_size=4.5)
        setter.text(bar.label, x, base + 0.8, width, 6, align="C", min_size=3.5, color=MUTED)
    return base + 8
