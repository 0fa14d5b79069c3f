"""X-Forwarded-For is believed only from the proxies the operator names, and read from the right."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, request

from registry import create_app
from registry.config import ConfigurationError
from registry.infra.trusted_proxies import client_address, parse_networks

PROXIES = parse_networks("10.0.0.5, 172.16.0.0/12")


def test_the_client_is_the_last_address_a_trusted_proxy_did_not_add() -> None:
    assert client_address("10.0.0.5", "203.0.113.9", PROXIES) == "203.0.113.9"
    assert client_address("10.0.0.5", "198.51.100.1, 203.0.113.9, 172.16.4.4", PROXIES) == "203.0.113.9"
    # What the client wrote to the left is theirs to invent: never believed over what the proxy saw.
    assert client_address("10.0.0.5", "127.0.0.1, 203.0.113.9", PROXIES) == "203.0.113.9"


def test_anyone_else_cannot_choose_their_address() -> None:
    assert client_address("198.51.100.7", "203.0.113.9", PROXIES) == "198.51.100.7"
    assert client_address("10.0.0.5", "not an address", PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", "203.0.113.9", ()) == "10.0.0.5"  # no proxy configured: none believed


def test_the_app_counts_clients_behind_its_proxy(tmp_path: Path) -> None:
    app: Flask = create_app(env={"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                                 "REGISTRY_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
                                 "REGISTRY_TRUSTED_PROXIES": "10.0.0.5"})
    seen: list[str] = []
    app.before_request(lambda: seen.append(request.remote_addr or "") and None)
    client = app.test_client()
    client.get("/api/v1/health", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    client.get("/api/v1/health", headers={"X-Forwarded-For": "203.0.113.9"},
               environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert seen == ["203.0.113.9", "198.51.100.7"]
    with pytest.raises(ConfigurationError, match="REGISTRY_TRUSTED_PROXIES"):
        create_app(env={"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                        "REGISTRY_TRUSTED_PROXIES": "nginx"})
