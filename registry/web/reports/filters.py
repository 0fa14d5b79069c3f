"""A report's filters as people and API clients give them, read into a ReportFilter.

The period: ``year`` with ``part`` (the whole year, a quarter ``q1``..``q4`` or a month ``m01``..``m12``), as the
page's form sends it; or ``from`` and ``to`` (``YYYY-MM`` or ``YYYY-MM-DD``, each standing for its whole month), as
API clients send it. Everything else by code: ``centre``, ``country``, ``qualification``, ``sector``, ``sex``,
``nationality``, ``returnee`` (``yes`` or ``no``), ``age`` (an age band's code).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.report_periods import AGE_BAND_CODES, EARLIEST, LATEST, PARTS, Period, of_part, read_month
from registry.models import Qualification, Sex, TrainingCentre
from registry.services.reports import ReportFilter

YES, NO = ("yes", "true", "1"), ("no", "false", "0")


def read_filter(session: Session, given: Mapping[str, str]) -> tuple[ReportFilter, dict[str, list[str]]]:
    """The filter, and what could not be read in it (by parameter); what could not be read is left out."""
    errors: dict[str, list[str]] = {}
    period = _period(given, errors)
    centre_id = _code(session, TrainingCentre.id, TrainingCentre.code, given.get("centre"), "centre", errors)
    qualification_id = _code(session, Qualification.id, Qualification.code, given.get("qualification"),
                             "qualification", errors)
    sex = (given.get("sex") or "").strip()
    if sex and sex not in {s.value for s in Sex}:
        errors["sex"], sex = [str(_l("Choose one of the options."))], ""
    nationality = _country(given.get("nationality"), "nationality", errors)
    country = _country(given.get("country"), "country", errors)
    sector = (given.get("sector") or "").strip()
    if sector and session.scalar(select(Qualification.id).where(Qualification.sector == sector).limit(1)) is None:
        errors["sector"], sector = [str(_l("No record has this code."))], ""
    returnee: bool | None = None
    answer = (given.get("returnee") or "").strip().lower()
    if answer in YES or answer in NO:
        returnee = answer in YES
    elif answer:
        errors["returnee"] = [str(_l("Choose one of the options."))]
    age = (given.get("age") or "").strip()
    bands = {code: band for band, code in AGE_BAND_CODES.items()}
    if age and age not in bands:
        errors["age"], age = [str(_l("Choose one of the options."))], ""
    return ReportFilter(period=period, centre_id=centre_id, country=country, qualification_id=qualification_id,
                        sector=sector, sex=sex, nationality=nationality, returnee=returnee,
                        age_band=bands.get(age)), errors


def _period(given: Mapping[str, str], errors: dict[str, list[str]]) -> Period | None:
    year = (given.get("year") or "").strip()
    if year:
        part = (given.get("part") or "").strip().lower()
        if not (year.isdigit() and 1900 < int(year) < 2200):
            errors["year"] = [str(_l("Choose one of the options."))]
            return None
        if part not in PARTS:
            errors["part"] = [str(_l("Choose one of the options."))]
            part = ""
        return of_part(int(year), part)
    months: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = (given.get(name) or "").strip()
        months[name] = None
        if text:
            try:
                months[name] = read_month(text)
            except ValueError:
                errors[name] = [str(_l("Give a month as YYYY-MM."))]
    first, last = months["from"], months["to"]
    if first and last and first > last:
        errors["to"], last = [str(_l("The end comes before the start."))], None
    if first is None and last is None:
        return None
    return Period(first or EARLIEST, last or LATEST)


def _country(text: str | None, name: str, errors: dict[str, list[str]]) -> str:
    code = (text or "").strip().upper()
    if code and (len(code) != 2 or not code.isalpha()):
        errors[name] = [str(_l("Give a two-letter country code, such as KH."))]
        return ""
    return code


def _code(session: Session, id_column: object, code_column: object, code: str | None, name: str,
          errors: dict[str, list[str]]) -> int | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    found: int | None = session.scalar(select(id_column).where(code_column == code))  # type: ignore[call-overload]
    if found is None:
        errors[name] = [str(_l("No record has this code."))]
    return found
