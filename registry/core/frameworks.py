"""Qualification frameworks a qualification maps to, with their level ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    key: str
    short_name: str
    lowest: int
    highest: int

    def levels(self) -> range:
        return range(self.lowest, self.highest + 1)


AQRF = Framework("aqrf", "AQRF", 1, 8)
TPQI = Framework("tpqi", "TPQI", 1, 8)
DSD = Framework("dsd", "DSD", 1, 3)
CQF = Framework("cqf", "CQF", 1, 8)
LAO_TVET = Framework("lao_tvet", "Lao TVET", 1, 5)
NSSA = Framework("nssa", "NSSA", 1, 4)
FRAMEWORKS: tuple[Framework, ...] = (AQRF, TPQI, DSD, CQF, LAO_TVET, NSSA)

ISCO08_PATTERN = re.compile(r"^[0-9]{4}$")
QUALIFICATION_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{1,39}$")
UNIT_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{1,39}$")
CENTRE_CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,8}$")


def is_isco08(code: str) -> bool:
    """ISCO-08 unit groups are four digits whose first digit is a major group (0 armed forces to 9)."""
    return bool(ISCO08_PATTERN.match(code))
