"""The text of an uploaded CSV file, in whichever encoding Excel wrote it: UTF-8 with or without a BOM, UTF-16
("Unicode text", tab-separated, with a BOM) or Windows-874 (Thai Excel's "CSV"). When the encoding cannot be
decided, a clear refusal: never text stored as mojibake."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from enum import StrEnum


class Encoding(StrEnum):
    UTF8 = "utf-8"
    UTF8_BOM = "utf-8-sig"
    UTF16 = "utf-16"
    WINDOWS_874 = "cp874"


class EncodingProblem(ValueError):
    """The bytes are no text we can read for certain."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: Encoding


_THAI_CONSONANTS = range(0x0E01, 0x0E2F)
_THAI_LEADING_VOWELS = range(0x0E40, 0x0E45)
_THAI_MARKS = {0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)}


def _plausible_thai(text: str) -> bool:
    """Text whose every non-ASCII character is Thai and spelled as Thai is: a leading vowel before a consonant,
    marks above or below a consonant. Bytes of another legacy encoding read as Windows-874 break these rules."""
    previous = " "
    thai = False
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            if previous != " " and ord(previous) in _THAI_LEADING_VOWELS:
                return False
        elif not 0x0E01 <= code <= 0x0E5B:
            return False
        else:
            thai = True
            if code in _THAI_MARKS and not (ord(previous) in _THAI_CONSONANTS or ord(previous) in _THAI_MARKS):
                return False
            if ord(previous) in _THAI_LEADING_VOWELS and code not in _THAI_CONSONANTS:
                return False
        previous = ch
    return thai


def decode(data: bytes) -> DecodedText:
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[len(codecs.BOM_UTF8):], "utf-8"), Encoding.UTF8_BOM)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_strict(data, "utf-16"), Encoding.UTF16)
    try:
        return DecodedText(data.decode("utf-8"), Encoding.UTF8)
    except UnicodeDecodeError:
        pass
    # Not UTF-8. Windows-874 maps almost every byte, so any bytes "decode": take it only when what comes out is
    # Thai spelled as Thai is.
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError as error:
        raise EncodingProblem("undecidable") from error
    if _plausible_thai(text):
        return DecodedText(text, Encoding.WINDOWS_874)
    raise EncodingProblem("undecidable")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise EncodingProblem("undecidable") from error


def rows(text: str) -> list[list[str]]:
    """The rows of a CSV text: comma, semicolon or tab separated (Excel's "Unicode text" uses tabs)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
