"""People's names: which script a name is written in, and the forms used to search them."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SCRIPT_RANGES: tuple[tuple[str, int, int], ...] = (
    ("Thai", 0x0E00, 0x0E7F),
    ("Laoo", 0x0E80, 0x0EFF),
    ("Mymr", 0x1000, 0x109F),
    ("Mymr", 0xAA60, 0xAA7F),
    ("Mymr", 0xA9E0, 0xA9FF),
    ("Khmr", 0x1780, 0x17FF),
    ("Khmr", 0x19E0, 0x19FF),
)
NATIVE_SCRIPTS: tuple[str, ...] = ("Khmr", "Laoo", "Mymr", "Thai")
NAME_PUNCTUATION = frozenset(" -'.’")


@lru_cache(maxsize=8192)
def script_of_character(character: str) -> str | None:
    """The script of one character (kept: a cohort's names reuse a few hundred characters thousands of times)."""
    code = ord(character)
    for script, low, high in SCRIPT_RANGES:
        if low <= code <= high:
            return script
    if character.isalpha() and unicodedata.name(character, "").startswith("LATIN"):
        return "Latn"
    return None


def scripts_in(text: str) -> set[str]:
    return {script for character in text if (script := script_of_character(character))}


def detect_script(name: str) -> str | None:
    """The one script a name is written in, or None if it mixes scripts or has none."""
    found = scripts_in(unicodedata.normalize("NFC", name))
    return found.pop() if len(found) == 1 else None


def has_foreign_characters(name: str) -> bool:
    """Digits, symbols or unknown letters: nothing a person's name is made of."""
    for character in unicodedata.normalize("NFC", name):
        if character in NAME_PUNCTUATION:
            continue
        category = unicodedata.category(character)
        if category.startswith("M"):  # combining vowels and signs of the Southeast Asian scripts
            continue
        if script_of_character(character) is None:
            return True
    return False


def fold_latin(text: str) -> str:
    """Case- and accent-insensitive form of a Latin name: 'Nguyễn' and 'NGUYEN' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def fold_native(text: str) -> str:
    """Unicode-normalised form of a name in its own script (NFC, spacing collapsed)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def search_key(name_latin: str, name_native: str) -> str:
    """One column to search: both forms, so a search in either script finds the person."""
    return f"{fold_latin(name_latin)}|{fold_native(name_native)}"


def search_term(query: str) -> str:
    """Fold a query the way names were folded (Latin letters lose accents, other scripts only normalise)."""
    if scripts_in(query) <= {"Latn"}:
        return fold_latin(query)
    return fold_native(query)


def masked(name: str) -> str:
    """A name as shown to someone who typed only a certificate number: each word's first letter, the rest hidden
    ("SOK Sreyneang" -> "S** S*******"), enough to see it is the person in front of you, not to learn who holds a
    number guessed."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in name.split())
