"""A worker's right of access: everything held on them, and nothing of anyone else, given by their centre's head."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from registry.extensions import db
from registry.infra.app_context import issue_context
from registry.models import AuditEntry, Candidate
from registry.services import demo
from registry.services.subject_access import INTERNAL
from tests.factories import DOCUMENT_KEY, log_in


def test_the_export_holds_every_field_of_the_worker_and_nothing_of_anyone_else(
        app: Flask, client: FlaskClient) -> None:
    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        sok = db.session.scalars(select(Candidate).where(Candidate.name_latin == "SOK Sreyneang")).one()
        sok_id = sok.id
        held = {column.key for column in Candidate.__table__.columns} - INTERNAL
        db.session.commit()
    log_in(client, "bsh-manager", "manager-demo-2026")
    page = client.get(f"/candidates/{sok_id}?lang=en").get_data(as_text=True)
    assert 'id="access-export"' in page
    answer = client.get(f"/candidates/{sok_id}/export.json")
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    data = answer.get_json()
    person = data["person"]
    assert held <= set(person) and person["name_native"] == "សុខ ស្រីនាង" and person["date_of_birth"] == "1996-04-12"
    assert person["phone"] == "+66812345601" and person["id_document_last4"] == "2345"
    assert {c["purpose"] for c in data["consents"]} >= {"assessment", "certification", "verification"}
    [assessment] = data["assessments"]
    assert assessment["results"] and all(r["outcome"] == "competent" for r in assessment["results"])
    [certificate] = data["certificates"]
    assert certificate["kind"] == "qualification" and "checks" in certificate
    text = answer.get_data(as_text=True)
    for someone_else in ("Zaw Min", "Somphone", "bsh-assessor", "bsh-moderator", "bsh-manager", "argon2"):
        assert someone_else not in text, someone_else
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "candidate.access_export"))
    assessor = app.test_client()
    log_in(assessor, "bsh-assessor", "assessor-demo-2026")
    assert assessor.get(f"/candidates/{sok_id}/export.json").status_code == 403
    other_head = app.test_client()
    log_in(other_head, "pct-manager", "manager-demo-2026")
    assert other_head.get(f"/candidates/{sok_id}/export.json").status_code == 404
