"""Fixtures of the service tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from registry.services import certificates
from tests.services.test_certificates import CONTEXT, _endorsed


@pytest.fixture
def certificate_id(session: Session) -> int:
    """An issued certificate, committed."""
    head, assessment = _endorsed(session)
    [certificate] = certificates.issue_certificates(session, head, [assessment], CONTEXT).certificates
    session.commit()
    return certificate.id
