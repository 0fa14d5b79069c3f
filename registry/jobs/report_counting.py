"""The programme reports' tallies counted ahead, by the job worker every minute and by `flask registry
count-reports`: after a migration or a busy day, more months wait than a request may count within its timeout."""

from __future__ import annotations

from sqlalchemy.orm import Session

from registry.infra.app_context import registry_zone
from registry.services import report_tallies


def count_reports_now(session: Session) -> int:
    """Count every month waiting, in one transaction; the number of months counted."""
    counted = report_tallies.refresh(session, registry_zone())
    session.commit()
    return counted
