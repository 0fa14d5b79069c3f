"""Everything here reaches into fpdf2's internals, written for fpdf2 2.8.9 (the version pinned in pyproject.toml).

Three adjustments, each because a certificate spent a large share of its time there:

- `Document` skips the Unicode bidirectional pass on text with nothing right-to-left in it, by overriding the
  private `FPDF._preload_bidirectional_text` and calling the private `FPDF._preload_font_styles`.
- `add_shared_font` puts a font into `FPDF.fonts` that shares its parsed tables with one kept per process, built
  with `TTFFont.__new__` and filled slot by slot (`TTFFont.__slots__`, `SubsetMap`, a copy of `desc`, which
  fpdf/output.py writes into), instead of `FPDF.add_font`, which parses the whole file again for every document.
- `prepare_fonts_for_subsetting` swaps each font's `ttfont` for a slimmed copy just before `FPDF.output`, whose
  subsetting (fpdf/output.py) finds glyphs by the names the shared font read and rewrites `ttfont` in place.

tests/core/test_fpdf2_adjustments.py fails when the installed fpdf2 is another version or no longer has what these
rely on: when upgrading fpdf2, re-read the fpdf2 code named above, adjust this module, then FPDF2_VERSION.
"""

from __future__ import annotations

import copy
import io
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import TextDirection, TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

FPDF2_VERSION = "2.8.9"

# Bidirectional classes of characters that can only be set left to right in a left-to-right paragraph.
_LEFT_TO_RIGHT_CLASSES = frozenset({"L", "EN", "ES", "ET", "CS", "NSM", "BN", "B", "S", "WS", "ON"})


@lru_cache(maxsize=16_384)
def _left_to_right_only(text: str) -> bool:
    return all(unicodedata.bidirectional(character) in _LEFT_TO_RIGHT_CLASSES for character in text)


class Document(FPDF):
    """FPDF, without the Unicode bidirectional pass on text that has nothing right-to-left in it.

    Every script a certificate prints is written left to right, so the pass (a tenth of a certificate's time, as
    fpdf2 builds classes for it on every cell) always finds one left-to-right run: this says so directly.
    tests/core/test_fpdf2_adjustments.py checks that both give the same fragments.
    """

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Sequence[Any]:
        if not self.text_shaping or self.text_shaping.get("direction") or not _left_to_right_only(text):
            return super()._preload_bidirectional_text(text, markdown)
        self.text_shaping["paragraph_direction"] = TextDirection.LTR
        self.text_shaping["fragment_direction"] = TextDirection.LTR
        emphasis = ("B" in self.font_style, "I" in self.font_style, self.strikethrough, self.underline)
        return tuple(self._preload_font_styles(text, markdown, _initial_emphasis=emphasis))


@lru_cache(maxsize=32)
def _prototype(path: Path) -> TTFFont:
    """A font as fpdf2 reads it (cmap, widths, glyph ids, HarfBuzz face), parsed once per process.

    fpdf2 parses the whole file again for each document (`add_font`): with four fonts that was a quarter of the time
    a certificate took. Read-only from here on: documents share it, each with a subset map and a font descriptor
    of its own.
    """
    pdf = FPDF()
    pdf.add_font("prototype", "", path)
    font = pdf.fonts["prototype"]
    assert isinstance(font, TTFFont)
    font.ttfont.close()  # kept in memory, not as an open file for the life of the process
    font.ttfont = TTFont(io.BytesIO(_font_bytes(path)), recalcTimestamp=False, lazy=True)
    font.ttfont.getGlyphOrder()  # everything layout reads is decoded now, never lazily from two threads
    font.ttfont["hmtx"]  # noqa: B018
    font.hbfont  # noqa: B018
    return font


@lru_cache(maxsize=32)
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


def add_shared_font(pdf: FPDF, path: Path, family: str, style: str) -> None:
    """What `pdf.add_font(family, style, path)` does, sharing the prototype's parsed tables."""
    prototype = _prototype(path)
    font = TTFFont.__new__(TTFFont)
    for name in TTFFont.__slots__:
        if hasattr(prototype, name):
            setattr(font, name, getattr(prototype, name))
    font.i = len(pdf.fonts) + 1
    # Output writes the document's object number, subset name and font file into the descriptor.
    font.desc = copy.copy(prototype.desc)
    font.fontkey = f"{family.lower()}{style}"
    font.emphasis = TextEmphasis.coerce(style)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


@lru_cache(maxsize=32)
def _subsetting_source(path: Path) -> bytes:
    """The font file as documents embed it, made once: every glyph, without what the embedded subsets never use.

    Left out: the layout tables (HarfBuzz has already shaped every line from the original file, and fpdf2 drops
    them from its subsets anyway), TrueType hinting (instructions for screens at small pixel sizes, which PDF
    viewers do not need to draw the outlines) and the digital signature. Each document subsets this smaller font
    instead of decoding and rewriting those tables again.
    """
    options = subset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True, hinting=False,
                             recalc_bounds=False, layout_features=[], name_IDs=["*"], name_languages=["*"])
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    with TTFont(io.BytesIO(_font_bytes(path)), recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(glyphs=font.getGlyphOrder())
        subsetter.subset(font)
        # Glyph names written into the file: fpdf2 finds a document's glyphs by the names the prototype read.
        post = font["post"]
        post.formatType, post.extraNames, post.mapping = 2.0, [], {}
        buffer = io.BytesIO()
        font.save(buffer)
    return buffer.getvalue()


def prepare_fonts_for_subsetting(pdf: FPDF) -> None:
    """Gives each font of `pdf` a fresh slimmed copy to subset; call it right before `pdf.output()`."""
    # Subsetting rewrites the font's tables: each document subsets a fresh copy, never the prototype. Recomputing
    # glyph bounding boxes would decode every outline kept, whose stored boxes are already right.
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            source = io.BytesIO(_subsetting_source(Path(font.ttffile)))
            font.ttfont = TTFont(source, recalcTimestamp=False, lazy=True)
            font.ttfont.recalcBBoxes = False
