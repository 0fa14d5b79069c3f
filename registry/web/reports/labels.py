"""What people read for a report's indicators, dimensions and categories, in their language."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date as babel_format_date
from flask_babel import lazy_gettext as _l

from registry.core import dates
from registry.core.workflow import AssessmentState
from registry.models import Sex
from registry.web.i18n import country_name, current_language
from registry.web.labels import SEX_LABELS, STATE_LABELS

INDICATOR_LABELS = {
    "registered": _l("Registered"),
    "opened": _l("Assessments opened"),
    "endorsed": _l("Assessed and endorsed"),
    "qualifications": _l("Full qualifications"),
    "statements": _l("Statements of attainment"),
    "revoked": _l("Revoked"),
    "suspended": _l("Suspended"),
    "validity_ends": _l("Validity ends"),
    "verifications": _l("Checks by employers"),
    "checked": _l("Certificates checked at least once"),
}
HEADLINE = ("registered", "endorsed", "qualifications", "statements", "verifications", "checked")
CHANNEL_LABELS = {
    "qr": _l("Scanned QR code"),
    "number": _l("Typed certificate number"),
    "api": _l("Employers' systems (API)"),
    "upload": _l("Uploaded picture or PDF"),
}
DIMENSION_LABELS = {
    "sex": _l("By sex"),
    "nationality": _l("By nationality"),
    "returnee": _l("Returnees"),
    "age_band": _l("By age"),
    "centre": _l("By centre"),
    "country": _l("By country of the centre"),
    "qualification": _l("By qualification"),
    "sector": _l("By sector"),
}
AGE_LABELS = {
    "under-25": _l("Under 25"),
    "25-34": _l("25 to 34"),
    "35-44": _l("35 to 44"),
    "45-54": _l("45 to 54"),
    "55-plus": _l("55 and over"),
    "unknown": _l("Not known (erased)"),
}
RETURNEE_LABELS = {"yes": _l("Returnee"), "no": _l("Not a returnee")}
PART_LABELS = {
    "": _l("Whole year"),
    "q1": _l("January to March"),
    "q2": _l("April to June"),
    "q3": _l("July to September"),
    "q4": _l("October to December"),
}


def category_label(dimension: str, category: str) -> str:
    if dimension == "sex":
        return str(SEX_LABELS[Sex(category)])
    if dimension in ("nationality", "country"):
        return country_name(category)
    if dimension == "age_band":
        return str(AGE_LABELS[category])
    if dimension == "returnee":
        return str(RETURNEE_LABELS[category])
    if dimension == "month":
        return month_label(date.fromisoformat(category))
    return category


def state_label(state: str) -> str:
    return str(STATE_LABELS[AssessmentState(state)])


def month_label(month: date) -> str:
    """A month and its year, the Buddhist era on Thai pages."""
    language = current_language()
    name = babel_format_date(month, "LLLL", locale=language)
    year = dates.buddhist_year(month) if language == "th" else month.year
    return f"{name} {year}"


def part_labels() -> dict[str, str]:
    """Every choice of part of a year: the whole year, its quarters, its months by name."""
    found = {part: str(label) for part, label in PART_LABELS.items()}
    language = current_language()
    for number in range(1, 13):
        found[f"m{number:02d}"] = babel_format_date(date(2026, number, 1), "LLLL", locale=language)
    return found
