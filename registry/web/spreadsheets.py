"""The spreadsheets a centre downloads: a qualification's import template, a cohort's export and the rows an import
rejected, laid out as CONTRACT.md says, with labels and instructions in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask import Response
from flask_babel import gettext as _

from registry.core.documents import DocumentType
from registry.core.intake import template
from registry.core.intake.template import Column, Layout
from registry.core.outcomes import AssessmentMethod, UnitOutcome
from registry.models import CompetencyUnit, ConsentPurpose, Sex
from registry.web.i18n import current_language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
# Drop-down lists: the four countries the registry serves; any other ISO code is accepted when typed.
NATIONALITIES = ("KH", "LA", "MM", "TH")
ERROR_KEY = "error"


def _labels(units: Sequence[CompetencyUnit]) -> dict[str, str]:
    language = current_language()
    return {
        "name_latin": _("Name as printed in the identity document"),
        "name_native": _("Name in the person's own script"),
        "sex": _("Sex"),
        "nationality": _("Nationality"),
        "date_of_birth": _("Date of birth"),
        "id_document_type": _("Identity document"),
        "id_document_number": _("Document number"),
        "phone": _("Phone"),
        "consent": _("Consent"),
        "method": _("Assessment method"),
        "assessed_on": _("Assessed on"),
        **{unit.code: unit.title_in(language) for unit in units},
    }


def _choices(units: Sequence[CompetencyUnit]) -> dict[str, list[str]]:
    outcomes = [outcome.value for outcome in UnitOutcome]
    return {
        "sex": [sex.value for sex in Sex],
        "nationality": list(NATIONALITIES),
        "id_document_type": [kind.value for kind in DocumentType],
        "method": [method.value for method in AssessmentMethod],
        **{unit.code: outcomes for unit in units},
    }


def _instructions() -> list[str]:
    purposes = " ".join(purpose.value for purpose in ConsentPurpose)
    return [
        _("How to fill in this template"),
        _("Row 1 holds the column keys: do not change it. Row 2 holds the labels. Write one candidate per row, "
          "from row 3."),
        _("Required: name_latin, sex, nationality, date_of_birth. The other columns may be left empty."),
        _("Dates: DD/MM/YYYY or YYYY-MM-DD; Buddhist-era years (above 2400) are converted."),
        _("nationality: the two-letter country code, for example KH, LA, MM or TH."),
        _("consent: the purposes the candidate agreed to, separated by spaces: %(purposes)s. "
          "\"assessment\" is required.", purposes=purposes),
        _("One column per unit: competent, not_yet_competent, credit_transfer, or empty. With any outcome, give the "
          "method and the date assessed_on."),
        _("Upload the file to the cohort: every row is checked first and nothing is written until you confirm."),
    ]


def layout(units: Sequence[CompetencyUnit], with_error_column: bool = False) -> Layout:
    columns = template.columns([unit.code for unit in units], _labels(units), _choices(units))
    if with_error_column:
        columns.append(Column(ERROR_KEY, _("What to correct"), width=60.0))
    return Layout(columns, _instructions(), sheet_title=_("cohort")[:31], instructions_title=_("instructions")[:31])


def download(content: bytes, filename: str, kind: str) -> Response:
    response = Response(content, mimetype=XLSX if kind == "xlsx" else CSV)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    response.headers["Cache-Control"] = "no-store"  # personal data
    return response


def sheet(units: Sequence[CompetencyUnit], rows: Iterable[Sequence[object]], kind: str,
          with_error_column: bool = False) -> bytes:
    shape = layout(units, with_error_column)
    return template.xlsx(shape, rows) if kind == "xlsx" else template.csv_bytes(shape, rows)
