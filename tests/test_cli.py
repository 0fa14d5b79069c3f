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
