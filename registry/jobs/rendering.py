"""A cohort's PDFs rendered on every core: rendering is CPU-bound Python, so one process per core, each with its own
app, database connection and fonts, taking the certificates in chunks and keeping each PDF in the document cache.

Used by the issuance job when the cohort is large enough to repay starting the processes (two seconds each), and
when the worker may start processes (Huey's process workers are daemons, which may not): otherwise the job renders
in its own process.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from flask import Flask
from sqlalchemy import select

CHUNK = 50
_app: Flask | None = None


def may_start_processes() -> bool:
    return not multiprocessing.current_process().daemon


def _render_chunk(ids: list[int], card: bool) -> int:
    """In a child process: this chunk's A4 certificates, or wallet cards, into the cache."""
    global _app
    from registry.extensions import db
    from registry.models import Certificate
    from registry.web.certificates.presentation import printed

    if _app is None:
        # The app factory by name, as gunicorn takes "wsgi:app": the package that builds the app starts the queue
        # that leads here, so importing it here would make an import cycle.
        _app = importlib.import_module("registry").create_app()  # the worker's environment, inherited
    with _app.test_request_context(base_url=_app.config["PUBLIC_BASE_URL"]):
        for certificate in db.session.scalars(select(Certificate).where(Certificate.id.in_(ids))):
            printed(certificate, card=card)
        db.session.remove()
    return len(ids)


def render_in_processes(ids: Sequence[int], processes: int, progress: Callable[[int], None],
                        certificates_done: Callable[[], None] = lambda: None) -> None:
    """Render every certificate of ``ids``, then every wallet card: the certificates (the cohort's ZIP) are ready
    first. ``progress(documents rendered so far)`` as chunks finish; ``certificates_done()`` between the two."""
    chunks = [list(ids[start:start + CHUNK]) for start in range(0, len(ids), CHUNK)]
    done = 0
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        for card in (False, True):
            for finished in as_completed([pool.submit(_render_chunk, chunk, card) for chunk in chunks]):
                done += finished.result()
                progress(done)
            if not card:
                certificates_done()
