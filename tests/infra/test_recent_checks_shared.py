"""Repeated checks of one certificate by one client are logged once in a window shared by every process through
Redis (the registry's own server at 127.0.0.1:6379), and each process falls back to its memory when Redis is gone."""

from __future__ import annotations

import logging
import uuid

import pytest

from registry.infra.shared_store import shared_store
from registry.services.recent_checks import RecentChecks

REDIS_URL = "redis://127.0.0.1:6379/0"


def _process() -> RecentChecks:
    checks = RecentChecks(window=60)
    checks.use_redis(shared_store(REDIS_URL))
    return checks


def test_two_processes_share_one_window() -> None:
    first, second = _process(), _process()
    client, other = f"203.0.113.{uuid.uuid4().int % 250}-{uuid.uuid4()}", f"other-{uuid.uuid4()}"
    certificate = uuid.uuid4().int % 1_000_000
    assert first.first_in_window(client, certificate)
    assert not second.first_in_window(client, certificate)  # another process: the same window
    assert second.first_in_window(other, certificate)
    # A bulk request: one round trip; the same certificate twice in it is logged once.
    assert second.firsts_in_window(client, [certificate + 1, certificate + 1, certificate]) == [True, False, False]


def test_the_client_address_is_not_kept_in_clear() -> None:
    checks, store = _process(), shared_store(REDIS_URL)
    client = f"198.51.100.7-{uuid.uuid4()}"
    checks.first_in_window(client, 42)
    assert not [key for key in store.scan_iter("registry:recent-check:*", count=1000) if client.encode() in key]


def test_a_process_falls_back_to_its_memory_when_redis_is_gone(caplog: pytest.LogCaptureFixture) -> None:
    checks = RecentChecks(window=60)
    checks.use_redis(shared_store("redis://127.0.0.1:1/0"))  # nothing listens there
    with caplog.at_level(logging.WARNING):
        assert checks.first_in_window("client", 7)
        assert not checks.first_in_window("client", 7)
    assert "kept in this process's memory" in caplog.text
