"""The printed certificate (A4 portrait) and the wallet card (85.6 x 54 mm), laid out with fpdf2.

Text is shaped with HarfBuzz (fpdf2 text shaping), so Khmer, Burmese, Lao and Thai stack and reorder as they should.
Each string is set in the Noto font of its script with Noto Sans as fallback, because the script fonts have no digits
or Latin letters. Lines are broken here, not by fpdf2: between words, and inside a word too long for its box at the
orthographic syllable boundaries of `break_opportunities`, since those four scripts put no spaces between words.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import uharfbuzz as hb  # type: ignore[import-untyped]
from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import TextDirection, TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont

from registry.core.names import script_of_character

DEFAULT_FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"

LATIN_FAMILY = "NotoSans"
# Noto Sans cut to U+0020-007E, U+00A0-017F and common punctuation (docs/languages.md says how).
CORE_LATIN_FAMILY = "NotoSansCore"
SCRIPT_FAMILIES: dict[str, str] = {
    "Thai": "NotoSansThai",
    "Khmr": "NotoSansKhmer",
    "Laoo": "NotoSansLao",
    "Mymr": "NotoSansMyanmar",
}
# Stacked vowels and subscript consonants need taller lines than Latin; Burmese stacks highest.
LINE_SPACING: dict[str, float] = {
    LATIN_FAMILY: 1.3,
    "NotoSansThai": 1.45,
    "NotoSansLao": 1.5,
    "NotoSansKhmer": 1.65,
    "NotoSansMyanmar": 1.75,
}
ZWSP = "\u200b"
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")

PT = 25.4 / 72  # one point in millimetres
INK = (34, 34, 34)
MUTED = (95, 99, 104)
NAVY = (27, 54, 93)
GOLD = (166, 131, 72)
RULE = (205, 208, 212)
WHITE = (255, 255, 255)

# Fixed wording printed on every certificate: English, then Thai.
LABEL_AWARDED = "Awarded to · มอบให้แก่"
LABEL_QUALIFICATION = "Qualification · คุณวุฒิ"
LABEL_UNITS = "Units of competency achieved · หน่วยสมรรถนะที่ได้รับการรับรอง"
LABEL_CONTINUED = "Continued on the next page · ต่อหน้าถัดไป"
LABEL_ISSUED_BY = "Issued by · ออกโดย"
LABEL_NUMBER = "Certificate number · เลขที่"
LABEL_CENTRE_CODE = "Centre code"
LABEL_ASSESSED_EN = "Assessed on"
LABEL_ISSUED_EN = "Issued on"
LABEL_ISSUED_TH = "วันที่ออก"
LABEL_EXPIRES_EN = "Valid until"
LABEL_EXPIRES_TH = "ใช้ได้ถึง"
LABEL_CARD_ISSUED_EN = "Issued"
LABEL_CARD_ISSUED_TH = "ออกให้"


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on a certificate, already translated and formatted by the caller."""

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


# --- Line breaking -------------------------------------------------------------------------------------------------

KHMER_COENG = "\u17d2"
KHMER_SYLLABLE_FOLLOWERS = frozenset(chr(c) for c in range(0x17B6, 0x17C6)) | {KHMER_COENG, "\u17c9", "\u17ca"}
MYANMAR_VIRAMA = "\u1039"
MYANMAR_ASAT = "\u103a"
MYANMAR_DOT_BELOW = "\u1037"


@dataclass(frozen=True)
class _SyllableRules:
    consonants: frozenset[str]
    leading_vowels: frozenset[str]  # written before the consonant they follow in speech
    closing_vowels: frozenset[str]  # end a syllable: nothing can follow them inside it
    initial_marks: frozenset[str]  # vowels and tone marks written on (or after) a syllable's initial consonant
    cluster_seconds: frozenset[str]  # may be the second consonant of an initial cluster (กร, ຄວ)
    cluster_leaders: frozenset[str]  # may lead a cluster silently (หม, ອຍ)


THAI_RULES = _SyllableRules(
    consonants=frozenset(chr(c) for c in range(0x0E01, 0x0E2F)),
    leading_vowels=frozenset("เแโใไ"),
    closing_vowels=frozenset("ะำ"),
    initial_marks=frozenset("ะัาำิีึืฺุู็่้๊๋"),
    cluster_seconds=frozenset("รลว"),
    cluster_leaders=frozenset("หอ"),
)
LAO_RULES = _SyllableRules(
    consonants=frozenset(chr(c) for c in (*range(0x0E81, 0x0EAF), *range(0x0EDC, 0x0EE0))),
    leading_vowels=frozenset("ເແໂໃໄ"),
    closing_vowels=frozenset("ະຳ"),
    initial_marks=frozenset("ະັາຳິີຶືຸູົຼ່້໊໋ໍ"),
    cluster_seconds=frozenset("ລວຣ"),
    cluster_leaders=frozenset("ຫອ"),
)


def break_opportunities(text: str) -> str:
    """`text` with a zero-width space at each orthographic syllable boundary inside Khmer, Burmese, Thai and Lao runs.

    Khmer and Burmese syllables are found from their structure. Thai and Lao syllables are approximated without a
    dictionary: a boundary is only placed where it is certain (before a leading vowel, after a closing vowel, before
    a consonant carrying its vowel or tone mark), so some are missed but none is put inside a consonant cluster.
    The PDF renderer cuts an over-long word at these points; in HTML the U+200B has no width and only lets a line
    wrap there.
    """
    out: list[str] = []
    for index, character in enumerate(text):
        if index and _syllable_starts_at(text, index):
            out.append(ZWSP)
        out.append(character)
    return "".join(out)


def _syllable_starts_at(text: str, index: int) -> bool:
    character, previous = text[index], text[index - 1]
    script = script_of_character(character)
    if script is None or script != script_of_character(previous):
        return False
    following = text[index + 1] if index + 1 < len(text) else ""
    if script == "Khmr":
        return _khmer_syllable_starts(character, previous, following)
    if script == "Mymr":
        after_dot = text[index + 2] if following == MYANMAR_DOT_BELOW and index + 2 < len(text) else following
        return _myanmar_syllable_starts(character, previous, after_dot)
    if script in ("Thai", "Laoo"):
        return _thai_lao_syllable_starts(character, previous, following, THAI_RULES if script == "Thai" else LAO_RULES)
    return False


def _khmer_syllable_starts(character: str, previous: str, following: str) -> bool:
    if previous == KHMER_COENG:
        return False
    if "\u17a5" <= character <= "\u17b3":  # independent vowels stand as syllables
        return True
    # A consonant followed by a vowel or a subscript is a syllable's base; one followed by nothing may be a final.
    return "\u1780" <= character <= "\u17a2" and following in KHMER_SYLLABLE_FOLLOWERS


def _myanmar_syllable_starts(character: str, previous: str, following: str) -> bool:
    is_letter = "\u1000" <= character <= "\u102a" or character == "\u103f"
    # A consonant killed by asat or stacked by virama closes the syllable before it instead of opening one.
    return is_letter and previous != MYANMAR_VIRAMA and following not in (MYANMAR_ASAT, MYANMAR_VIRAMA)


def _thai_lao_syllable_starts(character: str, previous: str, following: str, rules: _SyllableRules) -> bool:
    if previous in rules.leading_vowels:
        return False
    if character in rules.leading_vowels:
        return True
    if character not in rules.consonants:
        return False
    if previous in rules.closing_vowels:
        return True
    return (
        following in rules.initial_marks
        and character not in rules.cluster_seconds
        and previous not in rules.cluster_leaders
    )


# --- Fonts ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=16_384)
def _family_for(text: str) -> str:
    """The font family a string is set in: that of the first Southeast Asian script in it, else Noto Sans."""
    for character in text:
        family = SCRIPT_FAMILIES.get(script_of_character(character) or "")
        if family:
            return family
    return LATIN_FAMILY


def _families_in(texts: Iterable[str]) -> list[str]:
    found = {family for text in texts for c in text if (family := SCRIPT_FAMILIES.get(script_of_character(c) or ""))}
    return [LATIN_FAMILY, *sorted(found)]


def _font_file(fonts_dir: Path, family: str, bold: bool, core: bool = False) -> Path:
    if core and family == LATIN_FAMILY:
        family = CORE_LATIN_FAMILY
    return fonts_dir / f"{family}-{'Bold' if bold else 'Regular'}.ttf"


def _core_latin_suffices(fonts_dir: Path, texts: Iterable[str]) -> bool:
    """Whether everything the Latin font would print is in its core subset (ASCII, Latin-1, Latin Extended-A).

    Noto Sans has 1,625 glyphs, of which a certificate uses a few dozen; fpdf2 decodes the font's tables to subset it
    for every document, so a font of 417 glyphs makes each PDF markedly faster. Names as printed in passports are
    in it; a name with rarer Latin letters gets the whole font.
    """
    core = _metrics(_font_file(fonts_dir, LATIN_FAMILY, False, core=True)).cmap
    scripts = set(SCRIPT_FAMILIES)
    return all(
        ord(character) in core or character.isspace() or character in INVISIBLE
        or script_of_character(character) in scripts
        for text in texts for character in text
    )


@dataclass(frozen=True)
class _FontMetrics:
    cmap: frozenset[int]
    units_per_em: int
    shaper: hb.Font


@lru_cache(maxsize=32)
def _metrics(path: Path) -> _FontMetrics:
    # Read-only after creation, so one per process serves every document and thread.
    with TTFont(path, lazy=True) as font:
        cmap = frozenset(font.getBestCmap())
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return _FontMetrics(cmap, face.upem, hb.Font(face))


@lru_cache(maxsize=65_536)
def _advance(text: str, main: _FontMetrics, fallbacks: tuple[_FontMetrics, ...]) -> float:
    """A line's advance in thousandths of the font size: labels, titles and units recur on every certificate."""
    return float(sum(_run_advance(metrics, run) for run, metrics in _runs(text, main, fallbacks)))


@lru_cache(maxsize=65_536)
def _run_advance(metrics: _FontMetrics, run: str) -> int:
    """A run's advance in thousandths of the font size; the same labels recur on every certificate, so cache."""
    buffer = hb.Buffer()
    buffer.cluster_level = 1
    buffer.add_str(run)
    buffer.guess_segment_properties()
    hb.shape(metrics.shaper, buffer, {})
    scale = 1000 / metrics.units_per_em
    return sum(round(scale * position.x_advance + 0.001) for position in buffer.glyph_positions)


def _weights(family: str) -> tuple[bool, ...]:
    # Southeast Asian text is always set in the regular weight, hierarchy coming from size and colour: every extra
    # font embedded costs several milliseconds of subsetting per document.
    return (False, True) if family == LATIN_FAMILY else (False,)


def missing_glyphs(texts: Iterable[str], fonts_dir: Path = DEFAULT_FONTS_DIR) -> dict[str, set[str]]:
    """For each text that has any, the characters that no font of its chain can print.

    The chain is the one the renderer uses: the text's own script font, then Noto Sans, then the fonts of the other
    scripts it contains, each in every weight it is printed in. Whitespace and zero-width joiners/spaces are not
    printed as glyphs and are ignored.
    """
    result: dict[str, set[str]] = {}
    for text in texts:
        coverage = [
            frozenset.intersection(*(_metrics(_font_file(fonts_dir, family, bold)).cmap for bold in _weights(family)))
            for family in _families_in([text])
        ]
        missing = {
            character
            for character in text
            if not character.isspace()
            and character not in INVISIBLE
            and not any(ord(character) in cmap for cmap in coverage)
        }
        if missing:
            result[text] = missing
    return result


# --- Typesetting ---------------------------------------------------------------------------------------------------


class _Typesetter:
    """An FPDF document with text placement that wraps and shrinks to fit.

    Fonts are added the first time they are used: each one embedded costs fontTools several milliseconds of
    subsetting. Widths for line breaking are measured with HarfBuzz directly, run by run as fpdf2 sets them (a run
    per font and script), because fpdf2's own measuring repeats its bidi and fallback analysis on every call.
    """

    def __init__(self, pdf: FPDF, fonts_dir: Path, texts: Iterable[str]) -> None:
        texts = list(texts)
        self.pdf = pdf
        self.fonts_dir = fonts_dir
        self.families = _families_in(texts)
        self.core_latin = _core_latin_suffices(fonts_dir, texts)
        self.loaded: dict[tuple[str, bool], _FontMetrics] = {}
        self.drawing = True
        pdf.set_text_shaping(True)
        pdf.set_auto_page_break(False)
        pdf.c_margin = 0
        self._load(LATIN_FAMILY, bold=False)

    def _load(self, family: str, bold: bool) -> _FontMetrics:
        key = (family, bold and family == LATIN_FAMILY)
        if key not in self.loaded:
            path = _font_file(self.fonts_dir, *key, core=self.core_latin)
            style = "B" if key[1] else ""
            self.pdf.fonts[f"{family.lower()}{style}"] = _document_font(self.pdf, path, family, style)
            self.loaded[key] = _metrics(path)
            # Regular glyphs in a bold line beat a silently missing character.
            loaded_families = [f for f in self.families if (f, False) in self.loaded or (f, True) in self.loaded]
            self.pdf.set_fallback_fonts(loaded_families, exact_match=False)
        return self.loaded[key]

    def use(self, text: str, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> str:
        family = _family_for(text)
        self._load(family, bold)
        self.pdf.set_font(family, "B" if bold and family == LATIN_FAMILY else "", size)
        self.pdf.set_text_color(*color)
        return family

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width in mm of `text` on one line, as fpdf2 will set it."""
        return _advance(text, *self._fonts_for(text, bold)) * size / 1000 * PT

    def _fonts_for(self, text: str, bold: bool) -> tuple[_FontMetrics, tuple[_FontMetrics, ...]]:
        """The font `text` is set in and its fallbacks, loaded into the document (fpdf2 needs them to print it)."""
        return self._load(_family_for(text), bold), tuple(self._load(family, bold) for family in self.families)

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
            for piece in ([syllable] if self.width(syllable, size, bold) <= width else _graphemes(syllable))
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
        return size * PT * (spacing or LINE_SPACING[_family_for(text)])

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

    def finish(self) -> bytes:
        _prepare_fonts_for_subsetting(self.pdf)
        return bytes(self.pdf.output())


def _runs(text: str, main: _FontMetrics, fallbacks: Sequence[_FontMetrics]) -> list[tuple[str, _FontMetrics]]:
    """`text` cut where the font or the script changes, as fpdf2 cuts it into fragments before shaping."""
    runs: list[tuple[str, _FontMetrics]] = []
    current, font, script = "", main, None
    for character in text:
        code = ord(character)
        wanted = main if code in main.cmap else next((f for f in fallbacks if code in f.cmap), main)
        wanted_script = script_of_character(character)
        if current and (wanted is not font or (wanted_script and script and wanted_script != script)):
            runs.append((current, font))
            current = ""
        current += character
        font = wanted
        script = wanted_script or script
    return [*runs, (current, font)] if current else runs


def _graphemes(text: str) -> list[str]:
    """`text` as its characters, each with the marks that attach to it."""
    graphemes: list[str] = []
    for character in text:
        if graphemes and (unicodedata.category(character) in ("Mn", "Mc", "Me") or character in INVISIBLE):
            graphemes[-1] += character
        else:
            graphemes.append(character)
    return graphemes


# Bidirectional classes of characters that can only be set left to right in a left-to-right paragraph.
_LEFT_TO_RIGHT_CLASSES = frozenset({"L", "EN", "ES", "ET", "CS", "NSM", "BN", "B", "S", "WS", "ON"})


@lru_cache(maxsize=16_384)
def _left_to_right_only(text: str) -> bool:
    return all(unicodedata.bidirectional(character) in _LEFT_TO_RIGHT_CLASSES for character in text)


class _Document(FPDF):
    """FPDF, without the Unicode bidirectional pass on text that has nothing right-to-left in it.

    Every script a certificate prints is written left to right, so the pass (a tenth of a certificate's time, as
    fpdf2 builds classes for it on every cell) always finds one left-to-right run: this says so directly.
    tests/core/test_certificate_pdf.py checks that both give the same fragments.
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
    a certificate took. Read-only from here on: documents share it, each with a subset map of its own.
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


def _document_font(pdf: FPDF, path: Path, family: str, style: str) -> TTFFont:
    """What `pdf.add_font(family, style, path)` would add, sharing the prototype's parsed tables."""
    prototype = _prototype(path)
    font = TTFFont.__new__(TTFFont)
    for name in TTFFont.__slots__:
        if hasattr(prototype, name):
            setattr(font, name, getattr(prototype, name))
    font.i = len(pdf.fonts) + 1
    font.fontkey = f"{family.lower()}{style}"
    font.emphasis = TextEmphasis.coerce(style)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    return font


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


def _prepare_fonts_for_subsetting(pdf: FPDF) -> None:
    # Subsetting rewrites the font's tables: each document subsets a fresh copy, never the prototype. Recomputing
    # glyph bounding boxes would decode every outline kept, whose stored boxes are already right.
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            source = io.BytesIO(_subsetting_source(Path(font.ttffile)))
            font.ttfont = TTFont(source, recalcTimestamp=False, lazy=True)
            font.ttfont.recalcBBoxes = False


def _view_texts(view: CertificateView) -> list[str]:
    """Every string the view prints, so that the document has the fonts of all their scripts as fallbacks."""
    return [
        *(value for value in vars(view).values() if isinstance(value, str)),
        *(part for unit in view.units for part in unit),
        *(part for level in view.levels for part in level),
        LABEL_UNITS,
    ]


def _distinct(*texts: str) -> list[str]:
    """The non-empty texts, each once, in order: a Thai holder's label is the Thai one."""
    seen: list[str] = []
    for text in texts:
        if text and text not in seen:
            seen.append(text)
    return seen


def _new_document(view: CertificateView, width: float, height: float, fonts_dir: Path) -> _Typesetter:
    pdf = _Document(orientation="P", unit="mm", format=(width, height))
    pdf.set_title(f"{view.kind_label_en} {view.number}")
    pdf.set_subject(f"{view.title_en} ({view.qualification_code})")
    pdf.set_author(view.centre_name_en)
    pdf.set_lang("en")
    setter = _Typesetter(pdf, fonts_dir, _view_texts(view))
    pdf.add_page()
    return setter


# --- A4 certificate ------------------------------------------------------------------------------------------------

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
    setter = _new_document(view, A4_WIDTH, A4_HEIGHT, fonts_dir)
    _draw_frame(setter)
    with setter.measuring():
        footer_top = CONTENT_BOTTOM - _draw_footer(setter, view, 0)
    y = _draw_heading(setter, view)
    y = _draw_holder(setter, view, y + 5)
    y = _draw_qualification(setter, view, y + 5)
    y = _draw_levels(setter, view, y + 4)
    remaining = _draw_units(setter, view, view.units, y + 5, footer_top - 5)
    _draw_footer(setter, view, footer_top)
    while remaining:
        setter.pdf.add_page()
        _draw_frame(setter)
        y = setter.text(f"{view.holder_name_latin} · {view.number}", MARGIN, 19, CONTENT, 9, color=MUTED, align="C")
        remaining = _draw_units(setter, view, remaining, y + 4, CONTENT_BOTTOM)
    return setter.finish()


def _draw_frame(setter: _Typesetter) -> None:
    pdf = setter.pdf
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.9)
    pdf.rect(9, 9, A4_WIDTH - 18, A4_HEIGHT - 18)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.3)
    pdf.rect(11.5, 11.5, A4_WIDTH - 23, A4_HEIGHT - 23)


def _draw_heading(setter: _Typesetter, view: CertificateView) -> float:
    y = setter.text(view.centre_name_en, MARGIN, 19, CONTENT, 11, bold=True, color=NAVY, align="C", min_size=8)
    y = setter.text(view.centre_name_th, MARGIN, y, CONTENT, 10, color=MUTED, align="C", min_size=7.5)
    setter.rule(A4_WIDTH / 2 - 20, y + 3, A4_WIDTH / 2 + 20, GOLD, 0.5)
    y = setter.text(view.kind_label_en.upper(), MARGIN, y + 6, CONTENT, 25, bold=True, color=NAVY, align="C",
                    min_size=16)
    for label in _distinct(view.kind_label_th, view.kind_label_holder):
        if label != view.kind_label_en:
            y = setter.text(label, MARGIN, y, CONTENT, 14, color=NAVY, align="C", min_size=10)
    return y


def _draw_holder(setter: _Typesetter, view: CertificateView, y: float) -> float:
    y = setter.text(LABEL_AWARDED, MARGIN, y, CONTENT, 8.5, color=MUTED, align="C")
    names = _distinct(view.holder_name_native, view.holder_name_latin)
    y = setter.text(names[0], MARGIN, y + 1, CONTENT, 28, align="C", min_size=18)
    if len(names) > 1:
        y = setter.text(names[1], MARGIN, y, CONTENT, 15, align="C", min_size=10)
    return y


def _draw_qualification(setter: _Typesetter, view: CertificateView, y: float) -> float:
    y = setter.text(LABEL_QUALIFICATION, MARGIN, y, CONTENT, 8.5, color=MUTED, align="C")
    y = setter.text(view.title_en, MARGIN, y + 0.5, CONTENT, 17, bold=True, color=NAVY, align="C", min_size=12)
    for title in _distinct(view.title_th, view.title_holder):
        if title != view.title_en:
            y = setter.text(title, MARGIN, y, CONTENT, 13, color=INK, align="C", min_size=10)
    return setter.text(view.qualification_code, MARGIN, y + 0.5, CONTENT, 9, color=MUTED, align="C")


def _draw_levels(setter: _Typesetter, view: CertificateView, y: float) -> float:
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
    setter: _Typesetter, view: CertificateView, units: Sequence[tuple[str, str, str]], top: float, bottom: float
) -> list[tuple[str, str, str]]:
    """The units table between `top` and `bottom`, in the largest layout that fits them all; when none does, in the
    largest layout, returning the units left over for a continuation page (at least one unit is always placed)."""
    if not units:
        return []
    with setter.measuring():
        heading_bottom = _draw_units_heading(setter, top)
        layout = next(
            (lay for lay in UNIT_LAYOUTS if _draw_unit_rows(setter, view, units, heading_bottom, lay) <= bottom),
            UNIT_LAYOUTS[0],  # continued overleaf anyway: as legible as possible
        )
        fits = _draw_unit_rows(setter, view, units, heading_bottom, layout) <= bottom
    y = _draw_units_heading(setter, top)
    limit = bottom if fits else bottom - NOTE_HEIGHT
    for index, unit in enumerate(units):
        with setter.measuring():
            row_bottom = _draw_unit_rows(setter, view, [unit], y, layout)
        if index and row_bottom > limit:
            setter.text(LABEL_CONTINUED, MARGIN, y + 1.5, CONTENT, 8, color=MUTED, align="R")
            return list(units[index:])
        y = _draw_unit_rows(setter, view, [unit], y, layout)
    return []


def _draw_units_heading(setter: _Typesetter, top: float) -> float:
    y = setter.text(LABEL_UNITS, MARGIN, top, CONTENT, 8.5, color=MUTED)
    setter.rule(MARGIN, y + 0.8, MARGIN + CONTENT, NAVY, 0.4)
    return y + 0.8


def _draw_unit_rows(
    setter: _Typesetter, view: CertificateView, units: Iterable[tuple[str, str, str]], y: float, layout: _UnitLayout
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


def _draw_footer(setter: _Typesetter, view: CertificateView, top: float) -> float:
    """Centre, dates, number and verification, from `top`; returns the y under the lowest element."""
    setter.rule(MARGIN, top, MARGIN + CONTENT, GOLD, 0.5)
    qr_x = MARGIN + CONTENT - QR_SIDE
    setter.image(view.qr_png, qr_x, top + 4, QR_SIDE)
    qr_bottom = setter.text(view.verify_url, qr_x - 1, top + 4 + QR_SIDE, QR_SIDE + 2, 6, color=MUTED, align="C",
                            spacing=1.25)

    left_width = qr_x - MARGIN - 6
    column = (left_width - 6) / 2
    y = setter.text(LABEL_ISSUED_BY, MARGIN, top + 4, column, 7.5, color=MUTED)
    y = setter.text(view.centre_name_en, MARGIN, y + 0.3, column, 9.5, bold=True)
    y = setter.text(view.centre_name_th, MARGIN, y, column, 9)
    centre_bottom = setter.text(f"{LABEL_CENTRE_CODE} {view.centre_code}", MARGIN, y + 0.3, column, 8, color=MUTED)
    dates_bottom = _draw_dates(setter, view, MARGIN + column + 6, top + 4, column)

    y = setter.text(LABEL_NUMBER, MARGIN, max(centre_bottom, dates_bottom) + 3, left_width, 7.5, color=MUTED)
    y = setter.text(view.number, MARGIN, y + 0.3, left_width, 14, bold=True, color=NAVY, min_size=9)
    setter.rule(MARGIN, y + 2, MARGIN + left_width)
    y = setter.text(view.verify_line_th, MARGIN, y + 3.5, left_width, 8.5)
    y = setter.text(view.verify_line_en, MARGIN, y + 0.5, left_width, 8.5)
    return max(y, qr_bottom)


def _draw_dates(setter: _Typesetter, view: CertificateView, x: float, y: float, width: float) -> float:
    """Each date in English and, where given, in Thai (Buddhist era) beside Thai wording, values in one column."""
    groups = [
        [(LABEL_ASSESSED_EN, view.assessed_on_en)],
        [(LABEL_ISSUED_EN, view.issued_on_en), (LABEL_ISSUED_TH, view.issued_on_th)],
        [(LABEL_EXPIRES_EN, view.expires_on_en or ""), (LABEL_EXPIRES_TH, view.expires_on_th or "")],
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
            row_spacing = value_size * LINE_SPACING[_family_for(value)] / label_size
            setter.text(label, x, y, label_width, label_size, color=MUTED, spacing=row_spacing)
            y = setter.text(value, x + label_width, y, width - label_width, value_size)
        y += 1.2
    return y - 1.2


# --- Wallet card ---------------------------------------------------------------------------------------------------

CARD_WIDTH, CARD_HEIGHT = 85.6, 54.0
CARD_BAND = 8.0
CARD_PAD = 2.6


def render_wallet_card(view: CertificateView, fonts_dir: Path = DEFAULT_FONTS_DIR) -> bytes:
    """A PDF page of 85.6 x 54 mm (ID-1 card): a band with the kind of document, then the holder's names, the
    qualification, the number and issue date on the left and the QR code, as large as the card allows, on the right.
    """
    setter = _new_document(view, CARD_WIDTH, CARD_HEIGHT, fonts_dir)
    pdf = setter.pdf
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, CARD_WIDTH, CARD_BAND, style="F")
    band = " · ".join(_distinct(view.kind_label_en, view.kind_label_th))
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
    return setter.finish()


def _draw_card_text(setter: _Typesetter, view: CertificateView, width: float, scale: float) -> float:
    """The card's text column with type scaled by `scale`; returns the y under it."""
    names = _distinct(view.holder_name_native, view.holder_name_latin)
    titles = _distinct(view.title_en, view.title_holder, view.title_th)
    lines: list[tuple[str, float, bool, tuple[int, int, int], float]] = [
        (names[0], 11.5, True, INK, 0.0),
        *[(name, 7.5, False, INK, 0.0) for name in names[1:]],
        (titles[0], 7.5, True, NAVY, 1.6),
        *[(title, 6.8, False, INK, 0.0) for title in titles[1:]],
        (view.number, 7.5, True, NAVY, 1.6),
        (f"{LABEL_CARD_ISSUED_EN} {view.issued_on_en}", 6.5, False, MUTED, 0.4),
        (f"{LABEL_CARD_ISSUED_TH} {view.issued_on_th}", 6.5, False, MUTED, 0.0),
    ]
    y = CARD_BAND + 2.2
    for text, size, bold, color, gap in lines:
        y = setter.text(text, CARD_PAD, y + gap * scale, width, size * scale, bold=bold, color=color,
                        min_size=size * scale * 0.75)
    return y
