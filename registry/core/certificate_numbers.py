"""Certificate numbers `CC-CODE-YYYY-NNNNN-X` and their check character.

Why Damm over a quasigroup of order 36: people copy numbers by hand, and the two commonest slips are one wrong
character and two neighbours swapped. Damm's scheme catches all of both, in one character over the whole alphabet,
exactly when the quasigroup is totally anti-symmetric; Luhn mod 36 or a weighted sum miss some swaps.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MIN_SEQUENCE_DIGITS = 5
# Keeps every number within the 40 characters the database reserves for it, with room to spare.
MAX_SEQUENCE = 10**12 - 1

_COUNTRY = re.compile(r"[A-Z]{2}")
_CENTRE_CODE = re.compile(r"[A-Z0-9]{2,8}")
_SEPARATORS = re.compile(r"[\s\-_.]+")
_ALPHANUMERIC = re.compile(r"[A-Z0-9]+")
_LOOKS_LIKE_NUMBER = re.compile(r"[A-Za-z]{2}[A-Za-z0-9\s\-_.]{12,44}")
# Letters cannot stand in the year or the sequence, so these are read as the digits they resemble.
_DIGIT_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class InvalidCertificateNumber(ValueError):
    """Raised with `reason` "format" when the text cannot be a number, "check" when its check character is wrong."""

    def __init__(self, reason: Literal["format", "check"], detail: str) -> None:
        super().__init__(detail)
        self.reason: str = reason


# The quasigroup is the direct product GF(4) x GF(9) with x*y = a*x + y in each factor, a not 0 or 1:
# (c*x)*y = (c*y)*x gives (a - 1)(x - y) = 0, hence x = y, so it is totally anti-symmetric; x -> a*x + y and
# y -> a*x + y are bijections, so it is a quasigroup. GF(4) = GF(2)[w]/(w^2 + w + 1) with elements b0 + 2*b1
# for b0 + b1*w; GF(9) = GF(3)[i]/(i^2 + 1) with elements p + 3*q for p + q*i.
def _gf4_mul(x: int, y: int) -> int:
    product = 0
    for bit in range(2):
        if y >> bit & 1:
            product ^= x << bit
    if product & 0b100:
        product ^= 0b111
    return product


def _gf9_add(x: int, y: int) -> int:
    return (x % 3 + y % 3) % 3 + 3 * ((x // 3 + y // 3) % 3)


def _gf9_mul(x: int, y: int) -> int:
    p, q, r, s = x % 3, x // 3, y % 3, y // 3
    return (p * r - q * s) % 3 + 3 * ((p * s + q * r) % 3)


_A_GF4 = 2  # w
_A_GF9 = 1 + 3  # 1 + i, a primitive element


def _build_table() -> tuple[tuple[int, ...], ...]:
    # Symbol k stands for the pair (k // 9, k % 9), so "0" is the identity pair (0, 0).
    def product(x: int, y: int) -> int:
        first = _gf4_mul(_A_GF4, x // 9) ^ (y // 9)
        second = _gf9_add(_gf9_mul(_A_GF9, x % 9), y % 9)
        return 9 * first + second

    return tuple(tuple(product(x, y) for y in range(36)) for x in range(36))


QUASIGROUP: tuple[tuple[int, ...], ...] = _build_table()


def _interim(characters: str) -> int:
    interim = 0
    for character in characters:
        interim = QUASIGROUP[interim][SYMBOLS.index(character)]
    return interim


def _alphanumerics(body: str) -> str:
    compact = body.replace("-", "")
    if not compact or not _ALPHANUMERIC.fullmatch(compact):
        raise InvalidCertificateNumber("format", f"not a certificate number body: {body!r}")
    return compact


def check_character(body: str) -> str:
    """The check character (0-9A-Z) for `body`, the number without its final "-X"; dashes are ignored."""
    interim = _interim(_alphanumerics(body))
    return SYMBOLS[QUASIGROUP[interim].index(0)]


def has_valid_check(number: str) -> bool:
    """True when the alphanumeric characters of `number`, check character included, pass the Damm check."""
    return _interim(_alphanumerics(number)) == 0


def compose_number(country: str, centre_code: str, year: int, sequence: int) -> str:
    """The canonical number of the `sequence`-th certificate of `centre_code` (in `country`) in `year`.

    Raises ValueError when a part cannot appear in a number.
    """
    if not _COUNTRY.fullmatch(country):
        raise ValueError(f"country must be two upper-case letters: {country!r}")
    if not _CENTRE_CODE.fullmatch(centre_code):
        raise ValueError(f"centre code must be 2-8 of A-Z0-9: {centre_code!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits: {year}")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"sequence out of range: {sequence}")
    body = f"{country}-{centre_code}-{year}-{sequence:0{MIN_SEQUENCE_DIGITS}d}"
    return f"{body}-{check_character(body)}"


def _parse_groups(country: str, code: str, year: str, sequence: str, check: str) -> str | None:
    """The canonical number these five groups spell, or None when they do not spell one."""
    year = year.translate(_DIGIT_LOOK_ALIKES)
    sequence = sequence.translate(_DIGIT_LOOK_ALIKES)
    if not (_COUNTRY.fullmatch(country) and _CENTRE_CODE.fullmatch(code) and len(check) == 1):
        return None
    if not (year.isdigit() and len(year) == 4 and year[0] != "0"):
        return None
    # Only the padding compose_number writes, so that each certificate has exactly one spelling.
    if not sequence.isdigit() or len(sequence) < MIN_SEQUENCE_DIGITS or not 1 <= int(sequence) <= MAX_SEQUENCE:
        return None
    if len(sequence) > MIN_SEQUENCE_DIGITS and sequence[0] == "0":
        return None
    return f"{country}-{code}-{year}-{sequence}-{check}"


def _candidates(groups: list[str]) -> set[str]:
    """Every reading of the groups as a number whose group boundaries include the separators the text had."""
    compact = "".join(groups)
    typed_breaks: set[int] = set()
    position = 0
    for group in groups[:-1]:
        position += len(group)
        typed_breaks.add(position)
    readings: set[str] = set()
    for code_length in range(2, 9):
        code_end = 2 + code_length
        year_end = code_end + 4
        sequence_end = len(compact) - 1
        if not typed_breaks <= {2, code_end, year_end, sequence_end}:
            continue
        reading = _parse_groups(compact[:2], compact[2:code_end], compact[code_end:year_end],
                                compact[year_end:sequence_end], compact[sequence_end:])
        if reading is not None:
            readings.add(reading)
    return readings


def normalise_number(text: str) -> str:
    """The canonical upper-case dashed form of a number as a person may type it.

    Forgives case, full-width characters, spaces, dashes, underscores and dots (or no separators at all, when
    that leaves one reading), and O, I, L typed for 0, 1, 1 in the year and the sequence. Raises
    InvalidCertificateNumber with reason "format" when the text cannot be a number (or could be several), and
    "check" when it reads as one number whose check character does not match.
    """
    upper = unicodedata.normalize("NFKC", text).upper()
    groups = [group for group in _SEPARATORS.split(upper) if group]
    if not groups or not all(_ALPHANUMERIC.fullmatch(group) for group in groups):
        raise InvalidCertificateNumber("format", "a certificate number has only letters, digits and separators")
    readings = _candidates(groups)
    if not readings:
        raise InvalidCertificateNumber("format", "not shaped like CC-CODE-YYYY-NNNNN-X")
    # Never pick among readings by their check character: a mistyped number would then pass as another one.
    if len(readings) > 1:
        raise InvalidCertificateNumber("format", "ambiguous without separators: type it with dashes")
    number = readings.pop()
    if not has_valid_check(number):
        raise InvalidCertificateNumber("check", "the check character does not match: a character is mistyped")
    return number


def looks_like_number(text: str) -> bool:
    """Cheap test that `text` is meant as a certificate number rather than a QR code text or URL."""
    stripped = unicodedata.normalize("NFKC", text).strip()
    if not _LOOKS_LIKE_NUMBER.fullmatch(stripped):
        return False
    compact_length = len(_SEPARATORS.sub("", stripped))
    return 2 + 2 + 4 + MIN_SEQUENCE_DIGITS + 1 <= compact_length <= 2 + 8 + 4 + 12 + 1
