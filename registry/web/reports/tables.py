"""A report as the tables people read, in their language: the page, the CSV, the XLSX and the PDF all show these,
so that each shows the same numbers, suppressed the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from registry.core.suppression import Shown
from registry.services.reports import CHANNELS, STATES, Report
from registry.web.reports.labels import (
    CHANNEL_LABELS,
    DIMENSION_LABELS,
    INDICATOR_LABELS,
    category_label,
    state_label,
)

NOT_COUNTED = "—"
Cell = Shown | float | None


@dataclass(frozen=True)
class Table:
    key: str  # names the table in the page (id) and in tests
    title: str
    head: list[str]
    rows: Sequence[tuple[str, str, Sequence[Cell]]]  # (category, what people read, cells)
    total: Sequence[Cell] | None = None


def shown_cell(value: Cell) -> str:
    if value is None:
        return NOT_COUNTED
    if isinstance(value, float):
        return f"{value:.0%}"
    return str(value)


def report_tables(found: Report) -> list[Table]:
    indicators = list(INDICATOR_LABELS)
    head = [str(INDICATOR_LABELS[key]) for key in indicators]
    tables = [Table("totals", _("Totals"), [_("Indicator"), _("Count")],
                    [(key, str(INDICATOR_LABELS[key]), [found.totals[key]]) for key in indicators]
                    + [("median_days", _("Median days from assessment to certificate"), [found.median_days]),
                       ("organisations", _("Organisations that named themselves when checking"),
                        [found.organisations])])]
    tables.append(Table("states", _("Assessments opened in the period, by their state now"), [_("State"), _("Count")],
                        [(state, state_label(state), [found.by_state[state]]) for state in STATES]))
    tables.append(Table("checks", _("How employers checked"), [_("Channel"), _("Checks by employers")],
                        [(channel, str(CHANNEL_LABELS[channel]), [found.by_channel[channel]])
                         for channel in CHANNELS]))
    for dimension, rows in found.tables.items():
        tables.append(Table(dimension, str(DIMENSION_LABELS[dimension]), ["", *head],
                            [(category, category_label(dimension, category), [row[key] for key in indicators])
                             for category, row in rows.items()],
                            [found.totals[key] for key in indicators]))
    tables.append(Table("month", _("By month"), ["", *head],
                        [(month, category_label("month", month), [row[key] for key in indicators])
                         for month, row in found.by_month.items()],
                        [found.totals[key] for key in indicators]))
    tables.append(Table("units", _("Results by unit"),
                        [_("Unit"), _("Assessed"), _("Competent"), _("Not yet competent"), _("Credit transfer"),
                         _("Pass rate")],
                        [(unit.code, f"{unit.code} {unit.title}",
                          [unit.assessed, unit.competent, unit.not_yet_competent, unit.credit_transfer,
                           unit.pass_rate]) for unit in found.units]))
    return tables
