"""Reading a results grid (one candidate or a cohort) from a submitted form, and keeping what was typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from werkzeug.datastructures import MultiDict

from registry.core.storable import whole_number
from registry.models import Assessment, CompetencyUnit, UnitResult
from registry.services.assessments import ResultEntry


@dataclass
class GridInput:
    """The cells as typed: shown again on any error, so nothing entered is lost."""

    cells: dict[tuple[int, int], ResultEntry] = field(default_factory=dict)
    versions: dict[int, int] = field(default_factory=dict)
    assessed_on_text: str = ""
    assessed_on: date | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def cell(self, assessment_id: int, unit_id: int) -> ResultEntry:
        return self.cells.get((assessment_id, unit_id), ResultEntry("", ""))

    def cell_errors(self, assessment_id: int, unit_id: int) -> list[str]:
        return self.errors.get(f"{assessment_id}-{unit_id}", [])


def from_saved(assessments: Sequence[Assessment], units: Sequence[CompetencyUnit],
               results: dict[tuple[int, int], UnitResult], default_date: date) -> GridInput:
    grid = GridInput(assessed_on_text=default_date.isoformat(), assessed_on=default_date)
    for assessment in assessments:
        grid.versions[assessment.id] = assessment.version
        for unit in units:
            saved = results.get((assessment.id, unit.id))
            if saved is not None:
                grid.cells[(assessment.id, unit.id)] = ResultEntry(saved.outcome.value, saved.method.value)
    return grid


def from_form(form: MultiDict[str, str], assessments: Sequence[Assessment],
              units: Sequence[CompetencyUnit]) -> GridInput:
    grid = GridInput(assessed_on_text=form.get("assessed_on", "").strip())
    try:
        grid.assessed_on = date.fromisoformat(grid.assessed_on_text)
    except ValueError:
        grid.assessed_on = None
    for assessment in assessments:
        version = whole_number(form.get(f"v-{assessment.id}"))
        if version is not None:
            grid.versions[assessment.id] = version
        for unit in units:
            key = f"{assessment.id}-{unit.id}"
            if f"o-{key}" in form or f"m-{key}" in form:
                grid.cells[(assessment.id, unit.id)] = ResultEntry(
                    form.get(f"o-{key}", "").strip()[:40], form.get(f"m-{key}", "").strip()[:40])
    return grid


def fill(grid: GridInput, assessments: Sequence[Assessment], units: Sequence[CompetencyUnit], *, where: str,
         outcome: str, method: str, only_empty: bool, locked: set[int]) -> int:
    """Set ``outcome`` and/or ``method`` (an empty one leaves the cells' own) in the cells ``where`` names: "all", a
    unit's column ("u-ID") or a candidate's row ("a-ID"); rows that can no longer change are skipped. Returns how
    many cells changed. Nothing is saved: the grid is shown again, filled, for the assessor to check and save."""
    changed = 0
    for assessment in assessments:
        if assessment.id in locked:
            continue
        for unit in units:
            if where not in ("all", f"a-{assessment.id}", f"u-{unit.id}"):
                continue
            cell = grid.cell(assessment.id, unit.id)
            if only_empty:
                new = ResultEntry(cell.outcome or outcome, cell.method or method)
            else:
                new = ResultEntry(outcome or cell.outcome, method or cell.method)
            if new != cell:
                grid.cells[(assessment.id, unit.id)] = new
                changed += 1
    return changed
