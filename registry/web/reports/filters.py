"""A report's filters as people and API clients give them (codes, ISO dates), read into a ReportFilter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import Qualification, Sex, TrainingCentre
from registry.services.reports import ReportFilter


def read_filter(session: Session, given: Mapping[str, str]) -> tuple[ReportFilter, dict[str, list[str]]]:
    """The filter, and what could not be read in it (by parameter); what could not be read is left out."""
    errors: dict[str, list[str]] = {}
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = (given.get(name) or "").strip()
        days[name] = None
        if text:
            try:
                days[name] = date.fromisoformat(text)
            except ValueError:
                errors[name] = [str(_l("Give a date as YYYY-MM-DD."))]
    if days["from"] and days["to"] and days["from"] > days["to"]:
        errors["to"], days["to"] = [str(_l("The end comes before the start."))], None
    centre_id = _code(session, TrainingCentre, given.get("centre"), "centre", errors)
    qualification_id = _code(session, Qualification, given.get("qualification"), "qualification", errors)
    sex = (given.get("sex") or "").strip()
    if sex and sex not in {s.value for s in Sex}:
        errors["sex"], sex = [str(_l("Choose one of the options."))], ""
    nationality = (given.get("nationality") or "").strip().upper()
    if nationality and (len(nationality) != 2 or not nationality.isalpha()):
        errors["nationality"], nationality = [str(_l("Give a two-letter country code, such as KH."))], ""
    return ReportFilter(date_from=days["from"], date_to=days["to"], centre_id=centre_id,
                        qualification_id=qualification_id, sex=sex, nationality=nationality), errors


def _code(session: Session, model: type[TrainingCentre] | type[Qualification], code: str | None, name: str,
          errors: dict[str, list[str]]) -> int | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    found = session.scalar(select(model.id).where(model.code == code))
    if found is None:
        errors[name] = [str(_l("No record has this code."))]
    return found
