"""Fixtures of the service tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from registry.services import certificates
from tests.factories import ISSUE_CONTEXT, make_endorsed_assessment


@pytest.fixture
def certificate_id(session: Session) -> int:
    """An issued certificate, committed."""
    head, assessment = make_endorsed_assessment(session)
    [certificate] = certificates.issue_certificates(session, head, [assessment], ISSUE_CONTEXT).certificates
    session.commit()
    return certificate.id
