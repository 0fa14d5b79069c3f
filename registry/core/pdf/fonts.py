"""The Noto fonts a document is set in, what they cover, and how wide a line of them is.

Each string is set in the Noto font of its script with Noto Sans as fallback, because the script fonts have no
digits or Latin letters. Widths are measured with HarfBuzz directly, run by run as fpdf2 sets them (a run per font
and script), because fpdf2's own measuring repeats its bidi and fallback analysis on every call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from registry.core.names import script_of_character
from registry.core.pdf.line_breaking import INVISIBLE

DEFAULT_FONTS_DIR = Path(__file__).resolve().parents[3] / "static" / "fonts"

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


@lru_cache(maxsize=16_384)
def family_for(text: str) -> str:
    """The font family a string is set in: that of the first Southeast Asian script in it, else Noto Sans."""
    for character in text:
        family = SCRIPT_FAMILIES.get(script_of_character(character) or "")
        if family:
            return family
    return LATIN_FAMILY


def families_in(texts: Iterable[str]) -> list[str]:
    """Noto Sans, then the family of every Southeast Asian script in `texts`: a document's fallback chain."""
    found = {family for text in texts for c in text if (family := SCRIPT_FAMILIES.get(script_of_character(c) or ""))}
    return [LATIN_FAMILY, *sorted(found)]


def font_file(fonts_dir: Path, family: str, bold: bool, core: bool = False) -> Path:
    if core and family == LATIN_FAMILY:
        family = CORE_LATIN_FAMILY
    return fonts_dir / f"{family}-{'Bold' if bold else 'Regular'}.ttf"


def core_latin_suffices(fonts_dir: Path, texts: Iterable[str]) -> bool:
    """Whether everything the Latin font would print is in its core subset (ASCII, Latin-1, Latin Extended-A).

    Noto Sans has 1,625 glyphs, of which a certificate uses a few dozen; fpdf2 decodes the font's tables to subset it
    for every document, so a font of 417 glyphs makes each PDF markedly faster. Names as printed in passports are
    in it; a name with rarer Latin letters gets the whole font.
    """
    core = metrics(font_file(fonts_dir, LATIN_FAMILY, False, core=True)).cmap
    scripts = set(SCRIPT_FAMILIES)
    return all(
        ord(character) in core or character.isspace() or character in INVISIBLE
        or script_of_character(character) in scripts
        for text in texts for character in text
    )


@dataclass(frozen=True)
class FontMetrics:
    cmap: frozenset[int]
    units_per_em: int
    shaper: hb.Font


@lru_cache(maxsize=32)
def metrics(path: Path) -> FontMetrics:
    # Read-only after creation, so one per process serves every document and thread.
    with TTFont(path, lazy=True) as font:
        cmap = frozenset(font.getBestCmap())
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    return FontMetrics(cmap, face.upem, hb.Font(face))


@lru_cache(maxsize=65_536)
def advance(text: str, main: FontMetrics, fallbacks: tuple[FontMetrics, ...]) -> float:
    """A line's advance in thousandths of the font size: labels, titles and units recur on every certificate."""
    return float(sum(_run_advance(font, run) for run, font in runs(text, main, fallbacks)))


@lru_cache(maxsize=65_536)
def _run_advance(font: FontMetrics, run: str) -> int:
    """A run's advance in thousandths of the font size; the same labels recur on every certificate, so cache."""
    buffer = hb.Buffer()
    buffer.cluster_level = 1
    buffer.add_str(run)
    buffer.guess_segment_properties()
    hb.shape(font.shaper, buffer, {})
    scale = 1000 / font.units_per_em
    return sum(round(scale * position.x_advance + 0.001) for position in buffer.glyph_positions)


def runs(text: str, main: FontMetrics, fallbacks: Sequence[FontMetrics]) -> list[tuple[str, FontMetrics]]:
    """`text` cut where the font or the script changes, as fpdf2 cuts it into fragments before shaping."""
    found: list[tuple[str, FontMetrics]] = []
    current, font, script = "", main, None
    for character in text:
        code = ord(character)
        wanted = main if code in main.cmap else next((f for f in fallbacks if code in f.cmap), main)
        wanted_script = script_of_character(character)
        if current and (wanted is not font or (wanted_script and script and wanted_script != script)):
            found.append((current, font))
            current = ""
        current += character
        font = wanted
        script = wanted_script or script
    return [*found, (current, font)] if current else found


def weights(family: str) -> tuple[bool, ...]:
    """Whether bold, for each weight of `family` a document may print."""
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
            frozenset.intersection(*(metrics(font_file(fonts_dir, family, bold)).cmap for bold in weights(family)))
            for family in families_in([text])
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
