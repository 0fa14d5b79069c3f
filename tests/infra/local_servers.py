"""What the tests that start real servers share: a free loopback port, gunicorn started with the checked-in
configuration, and waiting until it answers."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(env: dict[str, str], *, capture: bool = False) -> subprocess.Popen[str]:
    """`make serve`'s gunicorn (its own process group, so that a test can kill it whole), with ``env`` added to
    this process's environment; its output kept when ``capture``."""
    output = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [str(GUNICORN), "-c", "python:registry.infra.gunicorn_conf", "wsgi:app"], cwd=ROOT,
        env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
        text=True, start_new_session=True)


def wait_until_serving(port: int, path: str = "/api/v1/health", seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", path)
            if probe.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered {path} on port {port}")
