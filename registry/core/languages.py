"""The five languages of the registry and how a request's language is chosen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str  # what the language switcher shows: each language named in its own script
    english_name: str


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("th", "ไทย", "Thai"),
    Language("km", "ខ្មែរ", "Khmer"),
    Language("lo", "ລາວ", "Lao"),
    Language("my", "မြန်မာ", "Burmese"),
)
LANGUAGE_CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
DEFAULT_LANGUAGE = "en"


def is_supported(code: str | None) -> bool:
    return code in LANGUAGE_CODES


def parse_accept_language(header: str | None) -> list[str]:
    """Primary language subtags of an ``Accept-Language`` header, best first (q=0 dropped)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag.split("-")[0]))
    return [tag for _, _, tag in sorted(weighted)]


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """``?lang=`` wins, then the remembered cookie, then the browser's ``Accept-Language``."""
    for candidate in (query, cookie):
        if candidate and is_supported(candidate):
            return candidate
    for tag in parse_accept_language(accept_language):
        if is_supported(tag):
            return tag
    return DEFAULT_LANGUAGE
