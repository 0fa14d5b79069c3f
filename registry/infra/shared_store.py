"""Redis, where the registry's processes share what must be shared (the window of repeated checks; the queue and
the rate limits have their own connections): short timeouts, so that a Redis gone away costs a request half a
second once, not a hang."""

from __future__ import annotations

import redis

TIMEOUT_SECONDS = 0.5


def shared_store(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
