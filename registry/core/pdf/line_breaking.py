"""Where lines may break inside Thai, Khmer, Lao and Burmese text, which put no spaces between words.

`break_opportunities` marks orthographic syllable boundaries with U+200B; `graphemes` cuts text that has none
between characters, keeping the marks that attach to them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from registry.core.names import script_of_character

ZWSP = "\u200b"
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")  # zero-width spaces and joiners: no glyph is printed

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


def graphemes(text: str) -> list[str]:
    """`text` as its characters, each with the marks that attach to it."""
    clusters: list[str] = []
    for character in text:
        if clusters and (unicodedata.category(character) in ("Mn", "Mc", "Me") or character in INVISIBLE):
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters
