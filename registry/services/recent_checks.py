"""Checks of one certificate by one client, logged once a while: a flood of checks (a script checking the same
number a thousand times) must not push the real checks off the worker's page, which shows the latest ones.

Kept in each process's memory, bounded: several processes may each log one check of a client's run of checks.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

WINDOW_SECONDS = 600.0
KEPT = 100_000


class RecentChecks:
    def __init__(self, window: float = WINDOW_SECONDS, kept: int = KEPT) -> None:
        self.window, self.kept = window, kept
        self._seen: OrderedDict[tuple[str, int], float] = OrderedDict()
        self._lock = threading.Lock()

    def first_in_window(self, client: str, certificate_id: int, now: float | None = None) -> bool:
        """Whether this check is the client's first of the certificate within the window (then it is logged)."""
        now = time.monotonic() if now is None else now
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


recent_checks = RecentChecks()
