"""Gunicorn's settings: `make serve`, or `gunicorn -c python:registry.infra.gunicorn_conf wsgi:app` (the top level of
the project holds only what the layout names, so this file is named on the command line).

Made for a registry behind a reverse proxy that buffers requests and answers (docs/nginx.conf): a phone on a slow
network then costs the proxy a connection, not a Python worker, so synchronous workers, one per core (the work is
CPU: signatures, PDFs, templates), serve best. Without such a proxy, set REGISTRY_WEB_WORKER_CLASS=gthread and
REGISTRY_WEB_THREADS so that a slow client holds a thread rather than a whole worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Any

from registry.config import load_settings

env = os.environ

bind = [address.strip() for address in env.get("REGISTRY_BIND", "127.0.0.1:8000").split(",") if address.strip()]
workers = int(env.get("REGISTRY_WEB_WORKERS", str(multiprocessing.cpu_count())))
worker_class = env.get("REGISTRY_WEB_WORKER_CLASS", "sync")
threads = int(env.get("REGISTRY_WEB_THREADS", "1" if worker_class == "sync" else "8"))
# A request running longer than this is stuck (the slowest, a cohort's ZIP of PDFs, is a job, not a request): its
# worker is replaced. Graceful restarts give requests under way as long to finish.
timeout = int(env.get("REGISTRY_WEB_TIMEOUT", "30"))
graceful_timeout = timeout
keepalive = 5  # seconds an idle connection from the proxy stays open for its next request
# Each worker is replaced after about this many requests (spread by the jitter, so they are not replaced at once):
# whatever a long-lived process gathers (caches, fragmented memory) is given back.
max_requests = int(env.get("REGISTRY_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The app is imported once, in the master, and each worker is forked from it. Importing it costs about 1.5 s of CPU;
# at a thousand checks a second a worker is replaced every few seconds, and every new worker importing the app
# again took a third of the CPU and held requests for over a second (p99 1.5 s on the trivial endpoint). A deploy
# then restarts gunicorn (or sends USR2), since HUP reloads workers from the code the master already holds.
preload_app = env.get("REGISTRY_WEB_PRELOAD", "1") != "0"
# X-Forwarded-Proto (https) believed only from the proxies the app believes X-Forwarded-For from
# (REGISTRY_TRUSTED_PROXIES; registry/infra/trusted_proxies.py), none by default.
forwarded_allow_ips = env.get("REGISTRY_TRUSTED_PROXIES", "") or "127.0.0.1,::1"
proxy_allow_ips = forwarded_allow_ips
# The proxy in front keeps the access log; a second one here costs every request a write. REGISTRY_ACCESS_LOG=-
# writes it to standard output.
accesslog = env.get("REGISTRY_ACCESS_LOG") or None
errorlog = "-"

# The app refuses URLs over 8,000 characters itself, with 414 as problem+json under /api/
# (registry/web/request_checks.py). Gunicorn's own limit on the request line must lie above that, or gunicorn
# answers first with its HTML page, and below it its default (4,094) would refuse verify codes the API reads
# (up to 4,400 characters). 8,190 is the most gunicorn allows; longer lines still get gunicorn's own 414.
limit_request_line = 8190


def on_starting(server: Any) -> None:
    """Refuse to start at all, with the reason, when the settings would refuse the app (production without its
    secrets, weak ones, SQLite unasked): better than every worker failing to boot in a loop."""
    load_settings(os.environ)


def pre_fork(server: Any, worker: Any) -> None:
    """The master's objects are moved out of the garbage collector's reach before it forks a worker: a child's
    collections would otherwise write to every object the master made, copying the master's memory page by page
    into each new worker (the cost copy-on-write forking is meant to avoid)."""
    if server.cfg.preload_app:
        gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """A worker forked from a master that imported the app: connections the master may have opened are the
    master's; the worker opens its own (sharing a socket between processes corrupts both)."""
    if server.cfg.preload_app:
        from registry.extensions import db

        app = server.app.wsgi()
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)
