"""What a value must be for the database to take it: the limits every boundary (JSON, forms, paths, QR payloads)
checks before a value reaches a query.

A driver raises, rather than answering "not found", when an integer is beyond its column's range; PostgreSQL
refuses NUL in text, where SQLite stores it. Checked here, once, such input is a field error or a 404.
"""

from __future__ import annotations

import re
from typing import TypeGuard

# The ids, versions and positions are INTEGER columns: 32-bit signed on PostgreSQL.
INTEGER_MAX = 2**31 - 1

# C0 and C1 controls, DEL, and UTF-16 surrogates (which no UTF-8 text holds); a multi-line text keeps tab and
# line breaks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_LINE_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_WHOLE_NUMBER = re.compile("[0-9]{1,10}")  # ASCII digits only: str.isdigit() also takes "²", which int() refuses


def is_record_id(value: object) -> TypeGuard[int]:
    """A value that can be the id of a stored record: an int (not a bool) from 1 to INTEGER_MAX."""
    return type(value) is int and 1 <= value <= INTEGER_MAX


def is_integer_value(value: object, minimum: int = 0, maximum: int = INTEGER_MAX) -> TypeGuard[int]:
    """An int (JSON true and false are not numbers here) an INTEGER column can hold, within the bounds."""
    return type(value) is int and minimum <= value <= maximum


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Text no one types: NUL and other control characters (tab and line breaks allowed when ``multiline``)."""
    return (_CONTROL_BUT_LINE_BREAKS if multiline else _CONTROL).search(text) is not None


def whole_number(text: str | None, maximum: int = INTEGER_MAX) -> int | None:
    """The number written in ASCII digits in ``text`` (a form's hidden version field), or None for anything else."""
    if text is None or not _WHOLE_NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None
