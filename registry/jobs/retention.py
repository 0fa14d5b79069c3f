"""The retention rule, run once a day by the job worker (registry/jobs/queue.py) and by `flask registry retention`:
evidence deleted REGISTRY_EVIDENCE_RETENTION_YEARS after its certificate, spreadsheets' files and rows
REGISTRY_IMPORT_RETENTION_DAYS after they were uploaded."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy.orm import Session

from registry.infra.app_context import evidence_storage, today
from registry.models.types import utcnow
from registry.services.erasure import Retention, apply_retention

log = logging.getLogger(__name__)


def run_retention(session: Session) -> Retention:
    config = current_app.config
    done = apply_retention(session, today=today(), now=utcnow(), storage=evidence_storage(),
                           evidence_years=int(config["EVIDENCE_RETENTION_YEARS"]),
                           import_days=int(config["IMPORT_RETENTION_DAYS"]))
    session.commit()
    log.info("retention: %d evidence files and %d spreadsheets deleted", done.evidence_files, done.import_files)
    return done
