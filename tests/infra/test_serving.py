"""Production serving: gunicorn with the checked-in configuration serves the app, and refuses to start at all when
the settings would refuse the app (production without its secrets)."""

from __future__ import annotations

import importlib
import json
import os
import urllib.request
from pathlib import Path

import pytest

from tests.infra.local_servers import free_port, start_gunicorn, wait_until_serving


def test_gunicorn_serves_with_the_checked_in_configuration(tmp_path: Path) -> None:
    port = free_port()
    server = start_gunicorn({"REGISTRY_ENV": "development", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                             "REGISTRY_BIND": f"127.0.0.1:{port}", "REGISTRY_WEB_WORKERS": "1"}, capture=True)
    try:
        wait_until_serving(port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as response:  # noqa: S310
            assert (response.status, json.loads(response.read())) == (200, {"status": "ok"})
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Booting worker" in output


def test_workers_forked_from_the_loaded_app_are_replaced_and_serve_at_once(tmp_path: Path) -> None:
    """The app is imported once, in the master (preload_app): a worker replaced by max_requests is forked from it
    and answers at once, with connections of its own to the database (each answer here reads it)."""
    port = free_port()
    server = start_gunicorn({"REGISTRY_ENV": "development", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                             "REGISTRY_BIND": f"127.0.0.1:{port}", "REGISTRY_WEB_WORKERS": "2",
                             "REGISTRY_WEB_MAX_REQUESTS": "10"}, capture=True)
    answers: list[object] = []
    try:
        wait_until_serving(port, "/api/v1/ready")
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/ready", timeout=20) as response:  # noqa: S310
                    answers.append(response.status)
            except OSError as error:  # urllib's HTTPError too: kept to be shown with gunicorn's output
                answers.append(repr(error))
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert answers == [200] * 60, (answers, output)
    assert output.count("Booting worker") >= 6, output  # the two first, and replacements
    assert "Traceback" not in output, output


def test_gunicorn_refuses_to_start_in_production_without_secrets(tmp_path: Path) -> None:
    server = start_gunicorn({"REGISTRY_ENV": "production", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                             "REGISTRY_BIND": f"127.0.0.1:{free_port()}", "REGISTRY_SECRET_KEY": "",
                             "REGISTRY_KEY_ENCRYPTION_KEY": "",
                             "REGISTRY_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/x"}, capture=True)
    output = server.communicate(timeout=60)[0]
    assert server.returncode != 0
    assert "production needs REGISTRY_SECRET_KEY" in output
    assert "Booting worker" not in output  # refused before any worker


def test_the_configuration_suits_a_buffering_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REGISTRY_WEB_WORKERS", "REGISTRY_WEB_WORKER_CLASS", "REGISTRY_TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    from registry.infra import gunicorn_conf

    conf = importlib.reload(gunicorn_conf)
    assert conf.worker_class == "sync" and conf.workers == os.cpu_count()
    assert conf.timeout == 30 and conf.max_requests > 0 and 0 < conf.max_requests_jitter < conf.max_requests
    assert conf.forwarded_allow_ips == "127.0.0.1,::1"  # X-Forwarded-* believed from no one else by default
    assert conf.limit_request_line == 8190
    assert conf.preload_app  # workers forked from the loaded app (replaced ones start serving at once)
    monkeypatch.setenv("REGISTRY_WEB_WORKER_CLASS", "gthread")
    monkeypatch.setenv("REGISTRY_TRUSTED_PROXIES", "10.0.0.0/8")
    conf = importlib.reload(gunicorn_conf)
    assert conf.threads == 8 and conf.forwarded_allow_ips == "10.0.0.0/8"
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)
