"""Simultaneous requests cannot give one worker two live certificates: the database refuses the second.

Twenty threads, each with its own client and database connection, send the same request at the same moment through
the whole app (on PostgreSQL when the suite runs there, as CI's second run does).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select

from registry.core.certificate_lifecycle import LIVE_STATUSES
from registry.extensions import db
from registry.models import Certificate, IssuerKey
from registry.services import api_tokens
from tests.factories import make_endorsed_assessment

THREADS = 20


def _all_at_once(app: Flask, request: Callable[[object], tuple[int, str]]) -> list[tuple[int, str]]:
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run() -> None:
        client = app.test_client()
        try:
            start.wait(timeout=30)
            answers.append(request(client))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return answers


def _endorsed_with_token(app: Flask) -> tuple[int, str]:
    with app.app_context():
        head, assessment = make_endorsed_assessment(db.session)
        token = api_tokens.create_token(db.session, None, head)
        db.session.commit()
        return assessment.id, token


def test_twenty_simultaneous_issues_of_one_assessment_make_one_certificate(app: Flask) -> None:
    assessment_id, token = _endorsed_with_token(app)

    def issue(client: object) -> tuple[int, str]:
        response = client.post("/api/v1/certificates", json={"assessment_id": assessment_id},  # type: ignore[attr-defined]
                               headers={"Authorization": f"Bearer {token}"})
        return response.status_code, response.mimetype

    answers = _all_at_once(app, issue)
    assert sorted(status for status, _ in answers) == [201] + [409] * (THREADS - 1)
    assert {mimetype for status, mimetype in answers if status == 409} == {"application/problem+json"}
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.assessment_id == assessment_id, Certificate.status.in_(LIVE_STATUSES)))
        assert live == 1
        # The centre's first issuance also made its first key: still one in use.
        keys = db.session.scalar(select(func.count()).select_from(IssuerKey).where(IssuerKey.retired_at.is_(None)))
        assert keys == 1


def test_twenty_simultaneous_reissues_leave_one_live_certificate(app: Flask) -> None:
    assessment_id, token = _endorsed_with_token(app)
    headers = {"Authorization": f"Bearer {token}"}
    first = app.test_client().post("/api/v1/certificates", json={"assessment_id": assessment_id}, headers=headers)
    assert first.status_code == 201
    number = first.get_json()["number"]

    def reissue(client: object) -> tuple[int, str]:
        response = client.post(f"/api/v1/certificates/{number}/reissue", headers=headers)  # type: ignore[attr-defined]
        return response.status_code, response.mimetype

    answers = _all_at_once(app, reissue)
    assert sorted(status for status, _ in answers) == [201] + [409] * (THREADS - 1)
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.assessment_id == assessment_id, Certificate.status.in_(LIVE_STATUSES)))
        assert live == 1


def test_twenty_simultaneous_issues_in_one_centre_never_share_a_number_or_a_status_slot(app: Flask) -> None:
    from registry.models import Assessment
    from tests.factories import make_endorsed_cohort

    with app.app_context():
        head, cohort = make_endorsed_cohort(db.session, size=THREADS, units=2)
        token = api_tokens.create_token(db.session, None, head)
        waiting = list(db.session.scalars(select(Assessment.id).where(Assessment.cohort_id == cohort.id)))
        db.session.commit()
    lock = threading.Lock()

    def issue(client: object) -> tuple[int, str]:
        with lock:
            assessment_id = waiting.pop()
        response = client.post("/api/v1/certificates", json={"assessment_id": assessment_id},  # type: ignore[attr-defined]
                               headers={"Authorization": f"Bearer {token}"})
        return response.status_code, response.get_json().get("number", "")

    answers = _all_at_once(app, issue)
    assert [status for status, _ in answers] == [201] * THREADS
    with app.app_context():
        rows = db.session.execute(select(Certificate.number, Certificate.status_list_id,
                                         Certificate.status_index)).all()
    assert len(rows) == THREADS  # every acknowledged certificate is there, and no other
    assert {row.number for row in rows} == {number for _, number in answers}
    assert len({(row.status_list_id, row.status_index) for row in rows}) == THREADS
