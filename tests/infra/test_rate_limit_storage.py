"""The memory rate-limit storage counts as limits' own does, without starting a thread per burst of counts."""

from __future__ import annotations

import threading

import limits.storage.memory
import pytest
from flask import Flask
from limits import RateLimitItemPerSecond
from limits.strategies import FixedWindowRateLimiter

from registry.extensions import limiter
from registry.infra import rate_limit_storage
from registry.infra.rate_limit_storage import SweptMemoryStorage


def test_the_app_counts_in_the_swept_storage(app: Flask) -> None:
    with app.app_context():
        assert isinstance(limiter.storage, SweptMemoryStorage)


def test_counting_starts_no_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    storage = SweptMemoryStorage()
    started: list[object] = []
    monkeypatch.setattr(threading, "Timer", lambda *args, **kwargs: started.append(args))
    strategy = FixedWindowRateLimiter(storage)
    limit = RateLimitItemPerSecond(3)
    answers = [strategy.hit(limit, "10.0.0.1") for _ in range(5)]
    for _ in range(2_000):
        strategy.hit(limit, "10.0.0.2")
    assert answers == [True, True, True, False, False]
    assert started == []


class WallClock:
    """Stands in for the ``time`` module in limits' memory storage (which only calls ``time.time()``): its counters'
    windows end when the test moves the clock, not when a sleep on a loaded machine happens to end."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now


def test_expired_counters_are_swept_by_later_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limit_storage, "SWEEP_EVERY", 0.0)
    clock = WallClock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    storage = SweptMemoryStorage()
    storage.incr("client-a", expiry=0.05)
    assert "client-a" in storage.storage
    clock.now += 0.06
    storage.incr("client-b", expiry=60)
    assert "client-a" not in storage.storage
    assert storage.get("client-b") == 1
