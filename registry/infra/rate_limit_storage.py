"""limits' in-memory rate-limit storage, without starting a thread every 10 ms.

limits' MemoryStorage forgets expired counters on a Timer thread of 10 ms, which it starts anew on each count once
the last one has run: under load every worker made a hundred threads a second, a cost the verify API's throughput
showed (docs/verification.md). Here the counting requests themselves sweep expired counters, at most once a second.
Nothing else changes: a counter read after its window has ended is ignored in any case (``MemoryStorage.get``).
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage.memory import MemoryStorage

SWEEP_EVERY = 1.0  # seconds


class SweptMemoryStorage(MemoryStorage):
    # limits' storage registry maps a scheme to the class that last declared it: "memory://" now makes this one.
    STORAGE_SCHEME = ["memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        self._next_sweep = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the base class's private scheduler
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
