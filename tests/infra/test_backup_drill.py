"""The backup drill: seed, issue, back up, destroy, restore; every certificate answers as before and every evidence
file is intact. And a backup that is damaged, incomplete or of another kind of database is refused untouched.
Runs on SQLite and, in CI's second pass, on PostgreSQL (pg_dump and pg_restore)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select, text

from registry.core.files import LocalStore
from registry.extensions import db
from registry.infra.app_context import issue_context
from registry.models import Assessment, Certificate, User
from registry.services import demo, evidence
from tests.factories import DOCUMENT_KEY

PDF = b"%PDF-1.4\n% evidence kept by the backup\n%%EOF\n"


def _answers(app: Flask) -> dict[str, Any]:
    client = app.test_client()
    with app.app_context():
        codes = db.session.execute(select(Certificate.number, Certificate.qr_code)).all()
    found = {}
    for number, code in codes:
        for text_ in (number, code):
            body = client.get(f"/api/v1/verify/{text_}").get_json()
            body.pop("checked_at")
            found[text_] = body
    return found


def _files(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in folder.rglob("*") if path.is_file()}


def _destroy(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.metadata.drop_all(db.engine)
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        db.engine.dispose()
    for name in ("EVIDENCE_PATH", "DOCUMENT_CACHE_PATH"):
        shutil.rmtree(app.config[name], ignore_errors=True)


def test_backup_destroy_restore_and_every_certificate_answers_the_same(app: Flask, tmp_path: Path) -> None:
    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        assessment = db.session.scalars(select(Assessment).order_by(Assessment.id)).first()
        assessor = db.session.scalars(select(User).where(User.username == "bsh-assessor")).one()
        assert assessment is not None
        evidence.add_evidence(db.session, assessor, assessment, io.BytesIO(PDF), "work.pdf", "",
                              storage=LocalStore(Path(app.config["EVIDENCE_PATH"])), max_bytes=10_000)
        db.session.commit()
    before = _answers(app)
    assert {answer["status"] for answer in before.values()} >= {"valid", "revoked"}
    evidence_before = _files(Path(app.config["EVIDENCE_PATH"]))
    assert evidence_before
    runner = app.test_cli_runner()
    made = runner.invoke(args=["registry", "backup", str(tmp_path / "backup")])
    assert made.exit_code == 0, made.output
    assert runner.invoke(args=["registry", "backup", str(tmp_path / "backup")]).exit_code != 0  # never over one

    _destroy(app)
    checked = runner.invoke(args=["registry", "restore", "--check", str(tmp_path / "backup")])
    assert "backup intact" in checked.output
    restored = runner.invoke(args=["registry", "restore", "--yes", str(tmp_path / "backup")])
    assert restored.exit_code == 0, restored.output

    assert _answers(app) == before
    assert _files(Path(app.config["EVIDENCE_PATH"])) == evidence_before


def test_a_damaged_incomplete_or_mismatched_backup_is_refused(app: Flask, tmp_path: Path) -> None:
    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()
    runner = app.test_cli_runner()
    good = tmp_path / "good"
    assert runner.invoke(args=["registry", "backup", str(good)]).exit_code == 0
    manifest = json.loads((good / "manifest.json").read_text())
    database_file = manifest["database_file"]

    def refused(change: Any, complaint: str) -> None:
        copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(good, copy)
        change(copy)
        answer = runner.invoke(args=["registry", "restore", "--yes", str(copy)])
        assert answer.exit_code != 0 and complaint in answer.output, answer.output

    def flip_a_byte(folder: Path) -> None:
        path = folder / database_file
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))

    def other_kind(folder: Path) -> None:
        edited = {**manifest, "database": "postgresql" if manifest["database"] == "sqlite" else "sqlite"}
        (folder / "manifest.json").write_text(json.dumps(edited))

    def unknown_schema(folder: Path) -> None:
        (folder / "manifest.json").write_text(json.dumps({**manifest, "migration": "9999_from_the_future"}))

    refused(flip_a_byte, f"{database_file} is damaged")
    refused(lambda folder: (folder / database_file).unlink(), f"{database_file} is missing")
    refused(lambda folder: (folder / "manifest.json").unlink(), "not a backup")
    refused(other_kind, "this registry runs on")
    refused(unknown_schema, "not one this version knows")
    refused(lambda folder: (folder / "stray.txt").write_text("?"), "does not list")
    with app.app_context():  # nothing was touched
        assert db.session.scalar(select(User.id).where(User.username == "bsh-assessor")) is not None
