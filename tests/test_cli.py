from __future__ import annotations

from flask import Flask

from registry.extensions import db
from registry.services import accounts, api_tokens


def test_seed_demo_prints_the_logins_and_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["registry", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "bsh-assessor" in first.output and "assessor-demo-2026" in first.output
    assert runner.invoke(args=["registry", "seed-demo"]).exit_code == 0


def test_create_user_reads_the_password_from_stdin(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["registry", "seed-demo"])
    result = runner.invoke(args=["registry", "create-user", "dara", "--role", "assessor", "--provider", "pct",
                                 "--password-stdin"], input="a long enough secret\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = accounts.find_user(db.session, "dara")
        assert user is not None and user.centre is not None and user.centre.code == "PCT"
        assert accounts.authenticate(db.session, "dara", "a long enough secret") is not None


def test_create_user_explains_what_is_wrong(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["registry", "create-user", "x", "--role", "assessor", "--password-stdin"],
                           input="short\n")
    assert result.exit_code != 0
    assert "centre_id" in result.output and "password" not in result.output.split("centre_id")[0].lower()
    result = runner.invoke(args=["registry", "create-user", "x", "--role", "assessor", "--provider", "NOPE",
                                 "--password-stdin"], input="long enough secret\n")
    assert "no training centre has the code" in result.output


def test_create_token_prints_a_working_token(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["registry", "seed-demo"])
    result = runner.invoke(args=["registry", "create-token", "bsh-manager"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    with app.app_context():
        user = api_tokens.user_for_token(db.session, token)
        assert user is not None and user.username == "bsh-manager"
    assert app.test_client().get("/api/v1/qualifications", headers={
        "Authorization": f"Bearer {token}"}).status_code == 200


def test_seed_demo_issues_the_demo_certificates_and_revokes_one(app: Flask) -> None:
    from sqlalchemy import select

    from registry.models import Certificate

    result = app.test_cli_runner().invoke(args=["registry", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert "SOK Sreyneang" in result.output and "/h/" in result.output
    with app.app_context():
        states = {c.holder_name_latin: (c.kind.value, c.status.value) for c in db.session.scalars(select(Certificate))}
    assert states == {
        "SOK Sreyneang": ("qualification", "valid"),
        "Zaw Min Htun": ("statement_of_attainment", "valid"),
        "Somphone Phommavong": ("qualification", "revoked"),
    }
    again = app.test_cli_runner().invoke(args=["registry", "seed-demo"])
    assert again.exit_code == 0 and "/h/" not in again.output


def test_keys_rotate_and_compromise(app: Flask) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["registry", "seed-demo"])
    first = app.test_client().get("/.well-known/jwks.json").get_json()["keys"]
    rotated = runner.invoke(args=["registry", "keys", "rotate", "bsh"])
    assert rotated.exit_code == 0, rotated.output
    keys = app.test_client().get("/.well-known/jwks.json").get_json()["keys"]
    assert len(keys) == len(first) + 1
    old = next(k for k in keys if k["kid"] == first[0]["kid"])
    assert old["valid_until"] is not None  # retired, still listed
    marked = runner.invoke(args=["registry", "keys", "compromised", old["kid"], "--since", "2026-11-01T00:00:00+07:00"])
    assert marked.exit_code == 0, marked.output
    keys = app.test_client().get("/.well-known/jwks.json").get_json()["keys"]
    assert next(k for k in keys if k["kid"] == old["kid"])["compromised_from"].startswith("2026-10-31T17:00")
    assert runner.invoke(args=["registry", "keys", "rotate", "NOPE"]).exit_code != 0
    assert runner.invoke(args=["registry", "keys", "compromised", old["kid"], "--since", "yesterday"]).exit_code != 0


def test_audit_verify_finds_an_entry_changed_in_the_database(app: Flask) -> None:
    from sqlalchemy import func, select, text

    from registry.models import AuditEntry

    runner = app.test_cli_runner()
    assert runner.invoke(args=["registry", "seed-demo"]).exit_code == 0
    intact = runner.invoke(args=["registry", "audit", "verify"])
    assert intact.exit_code == 0 and "audit log intact" in intact.output, intact.output
    with app.app_context():
        count = db.session.scalar(select(func.count(AuditEntry.id)))
        assert count is not None and count > 20 and f"{count} entries" in intact.output
        middle = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()[count // 2]
        # Someone with the database's password rewrites who did it, behind the app's back.
        db.session.execute(text("UPDATE audit_entry SET actor_name = 'nobody' WHERE id = :id"), {"id": middle})
        db.session.commit()
    broken = runner.invoke(args=["registry", "audit", "verify"])
    assert broken.exit_code == 1 and f"audit entry {middle} is not as it was written" in broken.output
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_entry WHERE id > :id"), {"id": middle - 1})
        db.session.commit()
    truncated = runner.invoke(args=["registry", "audit", "verify"])
    assert truncated.exit_code == 1 and "last entries of the audit log were removed" in truncated.output


def test_count_reports_counts_the_months_waiting_and_the_worker_runs_it_every_minute(app: Flask) -> None:
    from registry.jobs.queue import queue
    from registry.models import ReportStale
    from registry.models.report_tally import mark_everything_stale

    runner = app.test_cli_runner()
    runner.invoke(args=["registry", "seed-demo"])
    with app.app_context():
        mark_everything_stale(db.session)  # as a migration of a large registry leaves it
        db.session.commit()
    result = runner.invoke(args=["registry", "count-reports"])
    assert result.exit_code == 0, result.output
    assert "months counted" in result.output and not result.output.startswith("reports: 0")
    with app.app_context():
        assert db.session.query(ReportStale).count() == 0
        periodic = {task.__name__ for task in queue().huey._registry._periodic_tasks}  # noqa: SLF001
    assert "registry.count_reports" in periodic
