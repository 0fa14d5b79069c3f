"""``flask registry ...``: operator commands that call the same services as the web app."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from registry.core.files import FileStore
from registry.core.roles import Role
from registry.errors import RegistryError
from registry.infra.app_context import db_session, document_key, issue_context
from registry.services import accounts, api_tokens, audit, centres, demo, issuer_keys

registry_cli = AppGroup("registry", help="Registry operations: demo data, users, tokens.")


def _fail(error: RegistryError) -> None:
    db_session().rollback()
    details = getattr(error, "errors", {})
    lines = [str(error.message)] + [f"  {field}: {' '.join(messages)}" for field, messages in details.items()]
    raise click.ClickException("\n".join(lines))


@registry_cli.command("seed-demo")
def seed_demo() -> None:
    """Load the demo data (idempotent) and print the demo logins."""
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("seed-demo runs only in development or demo mode, never in production")
    seeded = demo.seed_demo(db_session(), document_key(), issue_context())
    db_session().commit()
    click.echo("Demo data ready. Demo logins (development and demo mode only):")
    for login in seeded.logins:
        centre = f" ({login.centre_code})" if login.centre_code else ""
        click.echo(f"  {login.username:<15} {login.password:<22} {login.role.value}{centre}")
    if seeded.holder_links:
        click.echo("Demo certificates issued. Each worker's secret link (shown only now):")
        for name, link in seeded.holder_links.items():
            click.echo(f"  {name:<22} {link}")


@registry_cli.command("create-user")
@click.argument("username")
@click.option("--role", "role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--provider", "provider", default=None, help="Centre code, for every role but admin.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--display-name", default="", help="The person's full name.")
@click.option("--language", default="en", help="Preferred language: en, th, km, lo or my.")
def create_user(username: str, role: str, provider: str | None, password_stdin: bool, display_name: str,
                language: str) -> None:
    """Create a staff account; the password comes from --password-stdin or a prompt."""
    centre_id = None
    if provider:
        centre = centres.find_centre(db_session(), provider)
        if centre is None:
            raise click.ClickException(f"no training centre has the code {provider!r}")
        centre_id = centre.id
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    details = accounts.AccountDetails(username=username.strip().lower(), role=Role(role), centre_id=centre_id,
                                      display_name=display_name, preferred_language=language)
    try:
        user = accounts.create_user(db_session(), None, details, password)
    except RegistryError as error:
        _fail(error)
        return
    db_session().commit()
    click.echo(f"created {user.username} ({user.role.value}{', ' + provider.upper() if provider else ''})")


@registry_cli.command("create-token")
@click.argument("username")
@click.option("--name", default="created with the CLI", help="What the token is for.")
def create_token(username: str, name: str) -> None:
    """Print one new API bearer token for USERNAME (shown only this once)."""
    user = accounts.find_user(db_session(), username)
    if user is None or not user.active:
        raise click.ClickException(f"no active user is called {username!r}")
    plain = api_tokens.create_token(db_session(), None, user, name)
    db_session().commit()
    click.echo(plain)


keys_cli = AppGroup("keys", help="Issuer signing keys.")
registry_cli.add_command(keys_cli)


@keys_cli.command("rotate")
@click.argument("provider_code")
def rotate_key(provider_code: str) -> None:
    """Give PROVIDER_CODE a new signing key; certificates signed with the old one stay valid."""
    centre = centres.find_centre(db_session(), provider_code)
    if centre is None:
        raise click.ClickException(f"no training centre has the code {provider_code!r}")
    key = issuer_keys.create_key(db_session(), None, centre, current_app.config["KEY_ENCRYPTION_KEY"])
    db_session().commit()
    click.echo(f"new signing key {key.kid} for {centre.code}; earlier keys stay in the JWKS")


@keys_cli.command("compromised")
@click.argument("kid")
@click.option("--since", required=True, help="ISO date and time from which the key is not to be trusted, "
              "e.g. 2026-11-20T00:00:00+07:00")
def key_compromised(kid: str, since: str) -> None:
    """Mark a key compromised: certificates it signed from --since on verify as invalid."""
    try:
        moment = datetime.fromisoformat(since)
    except ValueError as error:
        raise click.ClickException(f"--since is not an ISO date and time: {error}") from None
    try:
        key = issuer_keys.mark_compromised_by_operator(db_session(), kid, moment)
    except RegistryError as error:
        _fail(error)
        return
    replacement = issuer_keys.create_key(db_session(), None, key.centre, current_app.config["KEY_ENCRYPTION_KEY"])
    db_session().commit()
    click.echo(f"key {kid} is compromised from {moment.isoformat()}; {key.centre.code} now signs with "
               f"{replacement.kid}")


audit_cli = AppGroup("audit", help="The audit log.")
registry_cli.add_command(audit_cli)


@audit_cli.command("verify")
def verify_audit() -> None:
    """Walk the audit log's hash chain; name the first entry that is not as it was written."""
    broken, checked = audit.first_broken_entry(db_session())
    if broken is None:
        click.echo(f"audit log intact: {checked} entries, each chained to the one before")
        return
    if broken == 0:
        raise click.ClickException(f"the last entries of the audit log were removed (after {checked} entries)")
    raise click.ClickException(f"audit entry {broken} is not as it was written, or an entry before it was "
                               f"removed: the chain breaks there")


def _backup_stores() -> dict[str, FileStore]:
    from registry.infra.app_context import document_storage, evidence_storage

    return {"evidence": evidence_storage(), "documents": document_storage()}


def _database_url() -> str:
    from registry.extensions import db

    return db.engine.url.render_as_string(hide_password=False)


def _let_go_of_the_database() -> None:
    """Close every connection this process holds, so that a restore replaces the database under none of them."""
    from registry.extensions import db
    from registry.services.verification import forget_cached_directory

    db.session.remove()
    db.engine.dispose()
    reader = current_app.extensions.get("registry_reader")
    if reader is not None:
        reader.close()
    forget_cached_directory()


def _known_migrations() -> set[str]:
    """Every migration this version of the code knows."""
    from alembic.script import ScriptDirectory

    from registry.config import PROJECT_ROOT

    return {script.revision for script in ScriptDirectory(str(PROJECT_ROOT / "migrations")).walk_revisions()}


def _current_migration() -> str | None:
    from sqlalchemy import text

    from registry.extensions import db

    with db.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


@registry_cli.command("backup")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Back up the database, the evidence files and the rendered documents into the new folder TARGET."""
    from registry.infra.backup import BackupError, make_backup

    current = _current_migration()
    try:
        made = make_backup(_database_url(), _backup_stores(), target, current)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup made in {target}: {made.files} files, {made.bytes} bytes, schema {current}")


@registry_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Only check the backup whole; change nothing.")
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database and files.")
def restore(source: Path, check_only: bool, yes: bool) -> None:
    """Replace the database, evidence files and rendered documents with the backup in SOURCE (stop the app first).
    A damaged, incomplete or mismatched backup is refused before anything is touched."""
    from registry.infra.backup import BackupError, check_backup, restore_backup

    known = _known_migrations()
    try:
        manifest = check_backup(source, _database_url(), known)
        if check_only:
            click.echo(f"backup intact: {len(manifest['files'])} files, made {manifest['made_at']}, "
                       f"schema {manifest['migration']}")
            return
        if not yes:
            click.confirm("This replaces the registry's database and files with the backup's. Go on?", abort=True)
        _let_go_of_the_database()
        restored = restore_backup(source, _database_url(), _backup_stores(), known)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    finally:
        _let_go_of_the_database()
    click.echo(f"restored {restored} files from the backup made {manifest['made_at']} (schema "
               f"{manifest['migration']}); run `flask db upgrade` if this version's schema is newer")


@registry_cli.command("retention")
def retention() -> None:
    """Apply the retention rule now (the job worker applies it every night)."""
    from registry.jobs.retention import run_retention

    done = run_retention(db_session())
    click.echo(f"retention: {done.evidence_files} evidence files and {done.import_files} spreadsheets deleted")


@registry_cli.command("count-reports")
def count_reports() -> None:
    """Count the programme reports' months that changed (the job worker does it every minute); after migrating a
    large registry this may take minutes."""
    from registry.jobs.report_counting import count_reports_now

    click.echo(f"reports: {count_reports_now(db_session())} months counted")


@registry_cli.command("worker")
@click.option("--workers", type=int, default=None, help="How many jobs at once (REGISTRY_QUEUE_WORKERS, 2).")
@click.option("--processes", is_flag=True, help="Workers as processes (PDF rendering uses every core).")
def worker(workers: int | None, processes: bool) -> None:
    """Run the job queue's worker: imports, cohort issuance and printing. Stop it with Ctrl-C or SIGINT."""
    from registry.jobs.queue import queue

    if current_app.config["QUEUE_IMMEDIATE"]:
        raise click.ClickException("REGISTRY_QUEUE_IMMEDIATE=1 runs jobs in requests: there is nothing to work on")
    count = workers or int(current_app.config["QUEUE_WORKERS"])
    where = current_app.config["REDIS_URL"] or current_app.config["QUEUE_PATH"]
    click.echo(f"job worker: {count} {'processes' if processes else 'threads'} on {where}")
    queue().huey.create_consumer(workers=count, worker_type="process" if processes else "thread",
                                 periodic=True, initial_delay=0.05, max_delay=1.0).run()


def register_cli(app: Flask) -> None:
    app.cli.add_command(registry_cli)
