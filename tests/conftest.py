"""Fixtures shared by every layer: an app on a real database (SQLite, or PostgreSQL when
REGISTRY_TEST_DATABASE_URL names one), migrated with Alembic, emptied after each test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from registry import create_app
from registry.extensions import db, limiter
from registry.services import verification
from registry.services.recent_checks import recent_checks


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this test run's own: the PostgreSQL server is shared between runs."""
    requested = os.environ.get("REGISTRY_TEST_DATABASE_URL", "")
    if not requested.startswith("postgresql"):
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry.sqlite3'}"
        return
    name = f"registry_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(requested, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(requested).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(env={
        "REGISTRY_ENV": "testing",
        "REGISTRY_INSTANCE_PATH": str(instance),
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_PUBLIC_BASE_URL": "http://registry.test",
    })
    with application.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    yield application
    with application.app_context():
        db.engine.dispose()
    reader = application.extensions.get("registry_reader")  # the verify API's autocommit connections
    if reader is not None:
        reader.close()


@pytest.fixture(autouse=True)
def _empty_database(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        limiter.reset()
    # SQLite gives the next test's centres the emptied tables' ids again.
    verification.forget_cached_directory()
    recent_checks.forget()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The app's SQLAlchemy session inside an app context (service tests)."""
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
