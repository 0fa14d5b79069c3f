"""Production serving: gunicorn with the checked-in configuration serves the app, and refuses to start at all when
the settings would refuse the app (production without its secrets)."""

from __future__ import annotations

import importlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _gunicorn(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(GUNICORN), "-c", "python:registry.infra.gunicorn_conf", "wsgi:app"], cwd=ROOT,
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_gunicorn_serves_with_the_checked_in_configuration(tmp_path: Path) -> None:
    port = _free_port()
    server = _gunicorn({"REGISTRY_ENV": "development", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                        "REGISTRY_BIND": f"127.0.0.1:{port}", "REGISTRY_WEB_WORKERS": "1"})
    try:
        deadline, answer = time.monotonic() + 30, None
        while time.monotonic() < deadline and answer is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as response:  # noqa: S310
                    answer = (response.status, json.loads(response.read()))
            except OSError:
                time.sleep(0.2)
        assert answer == (200, {"status": "ok"})
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Booting worker" in output


def test_gunicorn_refuses_to_start_in_production_without_secrets(tmp_path: Path) -> None:
    server = _gunicorn({"REGISTRY_ENV": "production", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                        "REGISTRY_BIND": f"127.0.0.1:{_free_port()}", "REGISTRY_SECRET_KEY": "",
                        "REGISTRY_KEY_ENCRYPTION_KEY": "",
                        "REGISTRY_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/x"})
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
    monkeypatch.setenv("REGISTRY_WEB_WORKER_CLASS", "gthread")
    monkeypatch.setenv("REGISTRY_TRUSTED_PROXIES", "10.0.0.0/8")
    conf = importlib.reload(gunicorn_conf)
    assert conf.threads == 8 and conf.forwarded_allow_ips == "10.0.0.0/8"
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)
