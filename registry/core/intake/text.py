"""Text as people type it: Unicode normalised (NFC), invisible and control characters removed, spaces collapsed,
Burmese typed in the Zawgyi encoding detected and converted to Unicode."""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from enum import StrEnum

from myanmar import converter  # type: ignore[import-untyped]  # python-myanmar ships no type information
from myanmartools import ZawgyiDetector  # type: ignore[import-untyped]

# Zero-width spaces and joiners' look-alikes, the byte-order mark, direction marks and overrides, and controls (tab
# and line breaks become spaces first). ZWJ and ZWNJ stay: some spellings need them.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")

# Above this, a Burmese text is Zawgyi (Google's detector answers near 0 or near 1 for real names).
ZAWGYI_THRESHOLD = 0.95
_detector: ZawgyiDetector | None = None


class Correction(StrEnum):
    NONE = ""
    TIDIED = "tidied"  # invisible characters or extra spaces removed, or normalised to NFC
    ZAWGYI = "zawgyi"  # Burmese converted from the Zawgyi encoding to Unicode


@dataclass(frozen=True)
class CleanText:
    text: str
    read: str  # the value as read, to show beside a correction
    correction: Correction


def _zawgyi_probability(text: str) -> float:
    global _detector
    if _detector is None:
        with warnings.catch_warnings():
            # myanmartools 1.2.1 reads its model with importlib.resources.open_binary, deprecated since Python 3.11.
            warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
            _detector = ZawgyiDetector()  # loads its model once, on first use
    return float(_detector.get_zawgyi_probability(text))


def is_zawgyi(text: str) -> bool:
    return bool(_MYANMAR.search(text)) and _zawgyi_probability(text) > ZAWGYI_THRESHOLD


def clean_text(value: str) -> CleanText:
    """``value`` as it should be stored; ``correction`` says what was changed (the largest change)."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", value.replace("\t", " "))).strip()
    text = unicodedata.normalize("NFC", text)
    if is_zawgyi(text):
        converted = unicodedata.normalize("NFC", converter.convert(text, "zawgyi", "unicode"))
        return CleanText(converted, value, Correction.ZAWGYI)
    # Spaces alone are not worth showing as a correction: everyone's spreadsheet has some.
    tidied = text != " ".join(value.split())
    return CleanText(text, value, Correction.TIDIED if tidied else Correction.NONE)
