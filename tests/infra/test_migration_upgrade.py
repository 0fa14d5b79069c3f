"""A registry already in use upgrades: the migrations of this round run over rows that point at each other (on
SQLite, rebuilding a table other rows refer to would fail), chain the audit entries already written, and mark every
month for the reports to count."""

from __future__ import annotations

from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select, text

from registry import create_app
from registry.extensions import db
from registry.models import AuditEntry, ReportStale, User
from registry.services import audit

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


def test_a_database_with_records_upgrades_from_the_previous_round(tmp_path: Path) -> None:
    app = create_app(env={"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                          "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0008_jobs")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO training_centre (id, code, name_en, name_th, name_home, country, accreditation_status,"
                " contact_phone, contact_email, created_at) VALUES (1, 'OLD', 'Old', 'เก่า', '', 'TH', 'accredited',"
                " '', '', '2026-01-05 03:00:00')"))
            connection.execute(text(
                "INSERT INTO user_account (id, username, display_name, role, centre_id, password_hash,"
                " preferred_language, active, session_epoch, created_at) VALUES (1, 'old-head', '', 'provider_admin',"
                " 1, 'x', 'th', 1, 0, '2026-01-05 03:00:00')"))
            connection.execute(text(
                "INSERT INTO candidate (id, centre_id, name_latin, name_native, name_thai, name_latin_folded,"
                " search_key, nationality, sex, date_of_birth, phone, preferred_language, returnee, created_at,"
                " created_by_id, version) VALUES (1, 1, 'Old Worker', '', '', 'old worker', 'old worker', 'KH',"
                " 'female', '1990-01-01', '', 'km', 0, '2026-01-06 03:00:00', 1, 1)"))
            for number in (1, 2):
                connection.execute(text(
                    "INSERT INTO audit_entry (at, actor_id, actor_name, action, entity_type, entity_id, centre_id,"
                    " after) VALUES (:at, 1, 'old-head', 'candidate.create', 'candidate', '1', 1, :after)"),
                    {"at": f"2026-01-0{number + 5} 03:00:00.000000", "after": '{"name_latin": "Old Worker"}'})
        upgrade(directory=MIGRATIONS)
        user = db.session.get(User, 1)
        assert user is not None and user.must_change_password is False and user.totp_enabled_at is None
        assert audit.first_broken_entry(db.session) == (None, 2)
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.chain_position.is_(None))) == 0
        assert db.session.scalar(select(func.count(ReportStale.id)).where(ReportStale.day.is_(None))) == 1
        db.engine.dispose()
