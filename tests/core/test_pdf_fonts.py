from __future__ import annotations

from dataclasses import astuple

from fontTools.ttLib import TTFont

from registry.core.pdf import DEFAULT_FONTS_DIR, ZWSP, missing_glyphs
from tests.core.pdf_demo import HOLDERS, LABELS_EN, LABELS_TH, demo_view


def test_missing_glyphs_is_empty_for_the_demo_strings_in_all_five_scripts() -> None:
    texts: list[str] = [*astuple(LABELS_EN), *astuple(LABELS_TH)]
    for language in HOLDERS:
        view = demo_view(language)
        texts += [value for value in vars(view).values() if isinstance(value, str)]
        texts += [part for unit in view.units for part in unit]
    texts += ["ระดับ 2", "ລະດັບ 2", "កម្រិត 2", "အဆင့် 2"]  # the script fonts have no digits of their own
    assert missing_glyphs(texts) == {}


def test_missing_glyphs_names_characters_no_font_covers() -> None:
    found = missing_glyphs(["ระดับ → 2", "कक्षा", f"ok{ZWSP}\u200d \t"])
    assert found == {"ระดับ → 2": {"→"}, "कक्षा": {"क", "्", "ष", "ा"}}


def test_the_core_latin_font_is_noto_sans_cut_down() -> None:
    for weight in ("Regular", "Bold"):
        full = TTFont(DEFAULT_FONTS_DIR / f"NotoSans-{weight}.ttf")
        core = TTFont(DEFAULT_FONTS_DIR / f"NotoSansCore-{weight}.ttf")
        full_cmap, core_cmap = full.getBestCmap(), core.getBestCmap()
        wanted = {*range(0x20, 0x7F), *range(0xA0, 0x180)} & set(full_cmap)
        assert wanted <= set(core_cmap) <= set(full_cmap)
        for code in core_cmap:  # the same letters, the same widths: line breaks do not change
            assert core["hmtx"][core_cmap[code]][0] == full["hmtx"][full_cmap[code]][0]
