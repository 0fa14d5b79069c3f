"""A registry app on a database of its own on the shared PostgreSQL server, reached through a TCP proxy the test
cuts and restores (tests/infra/tcp_proxy.py): the database going away and coming back, as seen by the app."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from registry import create_app
from registry.extensions import db
from tests.infra.tcp_proxy import TcpProxy

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@contextmanager
def proxied_registry(folder: Path) -> Iterator[tuple[Flask, TcpProxy]]:
    name = f"registry_outage_{uuid.uuid4().hex[:12]}"
    server = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    proxy = TcpProxy("127.0.0.1", 5432)
    app = create_app(env={
        "REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": str(folder),
        "REGISTRY_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/{name}",
        "REGISTRY_PUBLIC_BASE_URL": "http://registry.test",
    })
    try:
        with app.app_context():
            upgrade(directory=str(MIGRATIONS))
        yield app, proxy
    finally:
        proxy.close()
        with app.app_context():
            db.engine.dispose()
        reader = app.extensions.get("registry_reader")
        if reader is not None:
            reader.close()
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
