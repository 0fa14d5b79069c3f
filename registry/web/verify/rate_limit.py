"""The verification routes' rate limit: one count a request, per client, in Flask-Limiter's storage.

Flask-Limiter's route decorator resolves and evaluates a route's limits anew on every request, which cost several
times the count itself on the routes employers' systems call hardest. These routes count directly with the
strategy and storage the extension was configured with (memory, or Redis when configured), under one scope: a
client cannot multiply its allowance by switching between the pages and the API.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from werkzeug.exceptions import TooManyRequests

from registry.extensions import limiter

log = logging.getLogger(__name__)

SCOPE = "verify"
View = TypeVar("View", bound=Callable[..., Any])


@functools.lru_cache(maxsize=8)
def _limits(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text))


def verify_rate_limited(view: View) -> View:
    """Count the request against ``VERIFY_RATE_LIMIT``; past it, 429 with Retry-After in seconds."""

    @functools.wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        if limiter.enabled:
            _count(get_remote_address())
        return view(*args, **kwargs)

    limited.counts_itself = True  # type: ignore[attr-defined]
    return cast(View, limited)


def also_route_limited(view: View) -> View:
    """For a verification view that Flask-Limiter's own decorator limits as well: its pass must run."""
    view.counts_itself = False  # type: ignore[attr-defined]
    return view


def let_views_count_themselves(app: Flask) -> None:
    """Flask-Limiter's pass before every request finds no limits of its own on the verification routes (they count
    here, above), yet resolving that cost a check a good part of its time: for them it is not run at all (a filter
    of the extension's own was still a tenth of the app's work on a check, beyond the trivial endpoint's)."""
    hooks = app.before_request_funcs.setdefault(None, [])
    position = next(i for i, hook in enumerate(hooks) if hook == limiter._check_request_limit)  # noqa: SLF001
    limiter_pass = hooks[position]

    def unless_the_view_counts_itself() -> None:
        view = app.view_functions.get(request.endpoint or "")
        if not getattr(view, "counts_itself", False):
            limiter_pass()

    hooks[position] = unless_the_view_counts_itself


def _storage_errors() -> tuple[type[Exception], ...]:
    """The limits library's own storage error and those of the storage's client (Redis's, say)."""
    client_errors = limiter.storage.base_exceptions
    return (StorageError, *(client_errors if isinstance(client_errors, tuple) else (client_errors,)))


def count_more_checks(extra: int) -> None:
    """A request that checks many certificates at once counts each one (the first was counted already)."""
    if limiter.enabled and extra > 0:
        _count(get_remote_address(), extra)


def _count(client: str, cost: int = 1) -> None:
    strategy = limiter.limiter
    try:
        for item in _limits(str(current_app.config["VERIFY_RATE_LIMIT"])):
            if not strategy.hit(item, client, SCOPE, cost=cost):
                reset_at = strategy.get_window_stats(item, client, SCOPE).reset_time
                raise TooManyRequests(retry_after=max(1, math.ceil(reset_at - time.time())))
    except _storage_errors():
        # An unreachable Redis must not stop employers from checking certificates: answer, and say so in the log.
        log.warning("rate-limit storage unreachable; verification not counted", exc_info=True)
