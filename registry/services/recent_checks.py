"""Checks of one certificate by one client, logged once a while: a flood of checks (a script checking the same
number a thousand times) must not push the real checks off the worker's page, which shows the latest ones.

Kept in Redis when the registry has it (REGISTRY_REDIS_URL), so that every process and machine shares the window;
else in each process's memory, bounded (then each process may log one check of a client's run). Should Redis be
unreachable, each process falls back to its own memory until it answers again: a check is never refused for it.
The client's address is kept only as a keyed hash, and only for the window.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

WINDOW_SECONDS = 600.0
KEPT = 100_000
KEY_PREFIX = "registry:recent-check:"
RETRY_REDIS_AFTER = 30.0  # seconds of memory only after Redis failed, before trying it again

log = logging.getLogger(__name__)


class RecentChecks:
    def __init__(self, window: float = WINDOW_SECONDS, kept: int = KEPT) -> None:
        self.window, self.kept = window, kept
        self._seen: OrderedDict[tuple[str, int], float] = OrderedDict()
        self._lock = threading.Lock()
        self._redis: Any = None
        self._redis_down_until = 0.0

    def use_redis(self, client: Any) -> None:
        """Share the window through ``client`` (a redis.Redis); None goes back to this process's memory."""
        self._redis = client

    def first_in_window(self, client: str, certificate_id: int, now: float | None = None) -> bool:
        """Whether this check is the client's first of the certificate within the window (then it is logged)."""
        return self.firsts_in_window(client, [certificate_id], now)[0]

    def firsts_in_window(self, client: str, certificate_ids: Sequence[int], now: float | None = None) -> list[bool]:
        """``first_in_window`` for several checks by one client (a bulk request: one round trip to Redis)."""
        now = time.monotonic() if now is None else now
        if self._redis is not None and now >= self._redis_down_until and self.window > 0:
            try:
                return self._in_redis(client, certificate_ids)
            except Exception as error:  # noqa: BLE001 (any failure of the store: redis' errors and OS errors)
                self._redis_down_until = now + RETRY_REDIS_AFTER
                log.warning("repeated checks kept in this process's memory for %ds: Redis failed (%s)",
                            RETRY_REDIS_AFTER, error)
        return [self._in_memory(client, certificate_id, now) for certificate_id in certificate_ids]

    def _in_redis(self, client: str, certificate_ids: Sequence[int]) -> list[bool]:
        who = hashlib.blake2b(client.encode(), digest_size=12, person=b"recent-check").hexdigest()
        pipeline = self._redis.pipeline(transaction=False)
        for certificate_id in certificate_ids:
            pipeline.set(f"{KEY_PREFIX}{who}:{certificate_id}", 1, nx=True, ex=max(1, int(self.window)))
        return [bool(answer) for answer in pipeline.execute()]

    def _in_memory(self, client: str, certificate_id: int, now: float) -> bool:
        key = (client, certificate_id)
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and now - seen < self.window:
                return False
            self._seen[key] = now
            self._seen.move_to_end(key)
            while len(self._seen) > self.kept:
                self._seen.popitem(last=False)
            return True

    def forget(self) -> None:
        with self._lock:
            self._seen.clear()
        self._redis_down_until = 0.0
        if self._redis is not None:
            keys = list(self._redis.scan_iter(f"{KEY_PREFIX}*", count=1000))
            if keys:
                self._redis.delete(*keys)


recent_checks = RecentChecks()
