"""Placing text on an fpdf2 page: in a box of a given width, shrunk to fit or wrapped, shaped with HarfBuzz.

Lines are broken here, not by fpdf2: between words, and inside a word too long for its box at the orthographic
syllable boundaries of `break_opportunities`, since Thai, Khmer, Lao and Burmese put no spaces between words.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fpdf import FPDF

from registry.core.pdf.fonts import (
    LATIN_FAMILY,
    LINE_SPACING,
    FontMetrics,
    advance,
    core_latin_suffices,
    families_in,
    family_for,
    font_file,
    metrics,
)
from registry.core.pdf.fpdf2_adjustments import Document, add_shared_font, prepare_fonts_for_subsetting
from registry.core.pdf.line_breaking import ZWSP, break_opportunities, graphemes
from registry.core.pdf.view import CertificateView, view_texts

PT = 25.4 / 72  # one point in millimetres
INK = (34, 34, 34)
MUTED = (95, 99, 104)
NAVY = (27, 54, 93)
GOLD = (166, 131, 72)
RULE = (205, 208, 212)
WHITE = (255, 255, 255)
STAMP_RED = (200, 30, 30)


class Typesetter:
    """An FPDF document with text placement that wraps and shrinks to fit.

    Fonts are added the first time they are used: each one embedded costs fontTools several milliseconds of
    subsetting. Widths for line breaking are measured with HarfBuzz (`fonts.advance`), not by fpdf2.
    """

    def __init__(self, pdf: FPDF, fonts_dir: Path, texts: Iterable[str]) -> None:
        texts = list(texts)
        self.pdf = pdf
        self.fonts_dir = fonts_dir
        self.families = families_in(texts)
        self.core_latin = core_latin_suffices(fonts_dir, texts)
        self.loaded: dict[tuple[str, bool], FontMetrics] = {}
        self.drawing = True
        pdf.set_text_shaping(True)
        pdf.set_auto_page_break(False)
        pdf.c_margin = 0
        self._load(LATIN_FAMILY, bold=False)

    def _load(self, family: str, bold: bool) -> FontMetrics:
        key = (family, bold and family == LATIN_FAMILY)
        if key not in self.loaded:
            path = font_file(self.fonts_dir, *key, core=self.core_latin)
            add_shared_font(self.pdf, path, family, "B" if key[1] else "")
            self.loaded[key] = metrics(path)
            # Regular glyphs in a bold line beat a silently missing character.
            loaded_families = [f for f in self.families if (f, False) in self.loaded or (f, True) in self.loaded]
            self.pdf.set_fallback_fonts(loaded_families, exact_match=False)
        return self.loaded[key]

    def use(self, text: str, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> str:
        family = family_for(text)
        self._load(family, bold)
        self.pdf.set_font(family, "B" if bold and family == LATIN_FAMILY else "", size)
        self.pdf.set_text_color(*color)
        return family

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width in mm of `text` on one line, as fpdf2 will set it."""
        return advance(text, *self._fonts_for(text, bold)) * size / 1000 * PT

    def _fonts_for(self, text: str, bold: bool) -> tuple[FontMetrics, tuple[FontMetrics, ...]]:
        """The font `text` is set in and its fallbacks, loaded into the document (fpdf2 needs them to print it)."""
        return self._load(family_for(text), bold), tuple(self._load(family, bold) for family in self.families)

    def fit_size(self, text: str, width: float, size: float, min_size: float, bold: bool = False) -> float:
        """The largest size down to `min_size` at which `text` fits on one line of `width`."""
        natural = self.width(text, size, bold)
        if natural <= width:
            return size
        return max(min_size, int(size * width / natural * 4) / 4)

    def lines(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """`text` broken into lines no wider than `width`: between words where possible, else inside an over-long
        word at syllable boundaries (Southeast Asian scripts) or between characters (anything else, such as URLs).
        """
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            if self.width(word, size, bold) > width:
                *full, current = self._split_word(word, width, size, bold)
                lines += full
        return [*lines, current] if current else lines

    def _split_word(self, word: str, width: float, size: float, bold: bool) -> list[str]:
        pieces = [
            piece
            for syllable in break_opportunities(word).split(ZWSP)
            for piece in ([syllable] if self.width(syllable, size, bold) <= width else graphemes(syllable))
        ]
        parts: list[str] = []
        start = 0
        while start < len(pieces):
            low, high = start + 1, len(pieces)  # the most pieces that fit, found by bisection
            while low < high:
                middle = (low + high + 1) // 2
                if self.width("".join(pieces[start:middle]), size, bold) <= width:
                    low = middle
                else:
                    high = middle - 1
            parts.append("".join(pieces[start:low]))
            start = low
        return parts

    def height(self, text: str, width: float, size: float, bold: bool = False) -> float:
        return len(self.lines(text, width, size, bold)) * self.line_height(text, size)

    @staticmethod
    def line_height(text: str, size: float, spacing: float | None = None) -> float:
        return size * PT * (spacing or LINE_SPACING[family_for(text)])

    def text(
        self,
        text: str,
        x: float,
        y: float,
        width: float,
        size: float,
        *,
        bold: bool = False,
        color: tuple[int, int, int] = INK,
        align: str = "L",
        min_size: float | None = None,
        spacing: float | None = None,
    ) -> float:
        """Prints `text` in a box of `width` from (x, y), wrapped, and returns the y just below it.

        With `min_size` the text first shrinks (down to that size) to stay on one line, and wraps only below it.
        """
        if not text:
            return y
        if min_size is not None:
            size = self.fit_size(text, width, size, min_size, bold)
        line_height = self.line_height(text, size, spacing)
        lines = self.lines(text, width, size, bold)
        if not self.drawing:
            return y + len(lines) * line_height
        self.use(text, size, bold, color)
        for line in lines:
            self.pdf.set_xy(x, y)
            self.pdf.cell(width, line_height, line, align=align)
            y += line_height
        return y

    @contextmanager
    def measuring(self) -> Iterator[None]:
        """Within it, placing text only computes where it would end; rules and images are not drawn."""
        self.drawing = False
        try:
            yield
        finally:
            self.drawing = True

    def image(self, png: bytes, x: float, y: float, side: float) -> None:
        if self.drawing:
            self.pdf.image(io.BytesIO(png), x=x, y=y, w=side, h=side)

    def rule(self, x1: float, y: float, x2: float, color: tuple[int, int, int] = RULE, weight: float = 0.2) -> None:
        if not self.drawing:
            return
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(weight)
        self.pdf.line(x1, y, x2, y)

    def stamp(self, text: str, page_width: float, page_height: float, size: float) -> None:
        """``text`` large and diagonal across the page's middle, half transparent over what is printed (a revoked
        certificate's mark: it must show on the paper and on a photo of it, without hiding who and what)."""
        if not text or not self.drawing:
            return
        width = page_width * 0.9
        size = self.fit_size(text, width, size, size / 4, bold=True)
        y = page_height / 2 - self.line_height(text, size) / 2
        with self.pdf.rotation(angle=28, x=page_width / 2, y=page_height / 2), \
                self.pdf.local_context(fill_opacity=0.45):
            self.text(text, page_width * 0.05, y, width, size, bold=True, color=STAMP_RED, align="C")

    def finish(self) -> bytes:
        prepare_fonts_for_subsetting(self.pdf)
        return bytes(self.pdf.output())


def new_document(view: CertificateView, width: float, height: float, fonts_dir: Path) -> Typesetter:
    """A one-page document of `width` x `height` mm for `view`, with its metadata, ready to print on."""
    pdf = Document(orientation="P", unit="mm", format=(width, height))
    pdf.set_title(f"{view.kind_label_en} {view.number}")
    pdf.set_subject(f"{view.title_en} ({view.qualification_code})")
    pdf.set_author(view.centre_name_en)
    pdf.set_lang("en")
    setter = Typesetter(pdf, fonts_dir, view_texts(view))
    pdf.add_page()
    return setter
