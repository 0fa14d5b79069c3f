"""Unit outcomes, assessment methods, and what kind of award a set of results earns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum


class UnitOutcome(StrEnum):
    COMPETENT = "competent"
    NOT_YET_COMPETENT = "not_yet_competent"
    CREDIT_TRANSFER = "credit_transfer"

    @property
    def achieved(self) -> bool:
        return self is not UnitOutcome.NOT_YET_COMPETENT


class AssessmentMethod(StrEnum):
    OBSERVATION = "observation"
    QUESTIONING = "questioning"
    WORK_SAMPLE = "work_sample"
    PORTFOLIO = "portfolio"
    THIRD_PARTY_REPORT = "third_party_report"


class OutcomeKind(StrEnum):
    QUALIFICATION = "qualification"
    STATEMENT_OF_ATTAINMENT = "statement_of_attainment"
    NONE = "none"


def outcome_kind(unit_codes: Iterable[str], outcomes: Mapping[str, UnitOutcome]) -> OutcomeKind:
    """All units achieved: the full qualification. Some: a statement of attainment. None: nothing to award."""
    codes = list(unit_codes)
    achieved = [code for code in codes if code in outcomes and outcomes[code].achieved]
    if codes and len(achieved) == len(codes):
        return OutcomeKind.QUALIFICATION
    if achieved:
        return OutcomeKind.STATEMENT_OF_ATTAINMENT
    return OutcomeKind.NONE


def achieved_units(unit_codes: Iterable[str], outcomes: Mapping[str, UnitOutcome]) -> list[str]:
    """Only achieved units, in the qualification's order: not-yet-competent results are never shown."""
    return [code for code in unit_codes if code in outcomes and outcomes[code].achieved]
