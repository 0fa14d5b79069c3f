"""registry/core/pdf/fpdf2_adjustments.py reaches into fpdf2's internals: these fail when fpdf2 changes under it.

When one fails after an fpdf2 upgrade, re-read in the new fpdf2 what the failure names (FPDF._preload_bidirectional_text
and FPDF._preload_font_styles in fpdf/fpdf.py; TTFFont, its __slots__ and SubsetMap in fpdf/fonts.py; the font
subsetting in fpdf/output.py), adjust fpdf2_adjustments.py, then its FPDF2_VERSION and the pin in pyproject.toml.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import fpdf
import pytest
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from registry.core.pdf import DEFAULT_FONTS_DIR, render_certificate
from registry.core.pdf.fpdf2_adjustments import FPDF2_VERSION, Document, _prototype, add_shared_font
from registry.core.pdf.typesetter import Typesetter
from registry.core.pdf.view import view_texts
from tests.core.pdf_demo import demo_view

RECHECK = "fpdf2 changed under registry/core/pdf/fpdf2_adjustments.py: re-check it (see this test module's docstring)"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _parameters(function: object) -> list[str]:
    assert callable(function)
    return list(inspect.signature(function).parameters)


def test_the_installed_fpdf2_is_the_one_the_adjustments_were_written_for() -> None:
    assert fpdf.__version__ == FPDF2_VERSION, f"fpdf2 {fpdf.__version__} installed, not {FPDF2_VERSION}. {RECHECK}"
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [d for d in dependencies if re.match(r"fpdf2\b", d)]
    assert pins == [f"fpdf2=={FPDF2_VERSION}"], f"pyproject.toml pins {pins}, not fpdf2=={FPDF2_VERSION}. {RECHECK}"


def test_the_bidi_pass_and_font_styles_are_still_private_methods_of_that_shape() -> None:
    assert _parameters(FPDF._preload_bidirectional_text) == ["self", "text", "markdown"], RECHECK
    assert _parameters(FPDF._preload_font_styles) == ["self", "text", "markdown", "_initial_emphasis"], RECHECK
    pdf = FPDF()
    pdf.set_text_shaping(True)
    assert isinstance(pdf.text_shaping, dict), RECHECK
    assert {"direction", "paragraph_direction", "fragment_direction"} <= set(pdf.text_shaping), RECHECK
    for name in ("font_style", "strikethrough", "underline"):
        assert hasattr(pdf, name), f"FPDF().{name} is gone. {RECHECK}"


def test_a_font_can_still_be_built_slot_by_slot() -> None:
    wanted = {"i", "fontkey", "emphasis", "missing_glyphs", "biggest_size_pt", "subset", "ttfont", "ttffile",
              "_hbfont", "cmap", "cw", "glyph_ids"}
    missing = wanted - set(TTFFont.__slots__)
    assert not missing, f"TTFFont.__slots__ lacks {sorted(missing)}. {RECHECK}"
    assert _parameters(SubsetMap.__init__) == ["self", "font"], RECHECK
    assert isinstance(inspect.getattr_static(TTFFont, "hbfont"), property), RECHECK


def test_a_shared_font_is_what_add_font_would_add() -> None:
    path = DEFAULT_FONTS_DIR / "NotoSansThai-Regular.ttf"
    shared, added = FPDF(), FPDF()
    add_shared_font(shared, path, "NotoSansThai", "")
    added.add_font("NotoSansThai", "", path)
    mine, theirs = shared.fonts["notosansthai"], added.fonts["notosansthai"]
    assert isinstance(mine, TTFFont) and isinstance(theirs, TTFFont)
    theirs.ttfont.close()
    for name in TTFFont.__slots__:
        if name in ("subset", "ttfont", "_hbfont"):  # fresh per document, or shared parsed tables
            continue
        assert _plain(getattr(mine, name, None)) == _plain(getattr(theirs, name, None)), (
            f"TTFFont.{name} differs. {RECHECK}"
        )
    assert mine.subset.font is mine and dict(mine.subset.items()) == dict(theirs.subset.items()), RECHECK


def _plain(value: object, keep_output: bool = False) -> object:
    """Attributes of objects that do not compare by value (fpdf2's font descriptor, less what output writes in it,
    unless `keep_output`)."""
    if not hasattr(value, "__dict__") or isinstance(value, type):
        return value
    written = () if keep_output else ("_id", "font_name", "font_file2")
    return {key: item for key, item in vars(value).items() if key not in written}


def test_output_writes_nothing_into_the_fonts_documents_share() -> None:
    path = DEFAULT_FONTS_DIR / "NotoSansKhmer-Regular.ttf"
    shared = _prototype(path)
    def state() -> dict[str, object]:
        return {name: _plain(getattr(shared, name, None), keep_output=True) for name in TTFFont.__slots__
                if name not in ("_hbfont", "ttfont")}

    before = state()
    for _ in range(2):  # two documents sharing the font, as two threads rendering at once would
        render_certificate(demo_view("km"))
    after = state()
    changed = sorted(name for name in before if before[name] != after[name])
    assert not changed, f"fpdf2's output wrote into TTFFont.{changed} of the shared prototype. {RECHECK}"


@pytest.mark.parametrize("language", ["km", "my", "lo", "th", "en"])
def test_skipping_the_bidi_pass_gives_the_fragments_fpdf2_would(language: str) -> None:
    view = demo_view(language)
    texts = [*view_texts(view), "Nguyễn Thị · 12 (3) — 45%", "KH-BSH-2026-00042-J"]
    fragments = []
    for document in (FPDF(), Document()):
        setter = Typesetter(document, DEFAULT_FONTS_DIR, texts)
        setter.pdf.add_page()
        found = []
        for text in texts:
            setter.use(text, 10)
            found.append([("".join(f.characters), f.font.fontkey, f.k, _comparable(f.graphics_state.as_kwargs()))
                          for f in document._preload_bidirectional_text(text, markdown=False)])
            found.append(dict(document.text_shaping))
        fragments.append(found)
    assert fragments[0] == fragments[1], RECHECK


def _comparable(state: dict[str, object]) -> dict[str, object]:
    return {key: value.fontkey if isinstance(value, TTFFont) else value for key, value in state.items()}
