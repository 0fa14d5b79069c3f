"""Browser tests: the app served on a free loopback port, driven through Playwright in Debian's chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from registry.extensions import db
from registry.services import demo
from tests.factories import DOCUMENT_KEY

CHROMIUM_FLAGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("REGISTRY_SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "instance"
                                  / "screenshots"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _closing_responses(app: Flask) -> Callable[[dict[str, Any], Any], Iterator[bytes]]:
    """The app, closing every response however its client left.

    Werkzeug's development server closes a response only after draining the socket, which raises when the browser
    has hung up (a page closed while its fonts were still arriving): the font file stayed open, and the
    ResourceWarning fails whichever test comes next.
    """
    def serve(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        response = app(environ, start_response)
        try:
            yield from response
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return serve


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, _closing_responses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def demo_data(app: Flask) -> None:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        db.session.commit()


@pytest.fixture
def demo_certificates(app: Flask, live_server: str) -> dict[str, str]:
    """The demo data with its certificates issued (Somphone's revoked): holder name -> verify path."""
    from sqlalchemy import select

    from registry.infra.app_context import issue_context
    from registry.models import Certificate

    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        db.session.commit()
        return {c.holder_name_latin: f"/v/{c.qr_code}" for c in db.session.scalars(select(Certificate))}


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def working_queue(app: Flask) -> Iterator[threading.Event]:
    """Jobs queued for real (not run in the request, as other tests have them) and a worker taking them: a thread
    that dequeues and runs them as Huey's consumer does (the consumer itself wants the main thread for signals).
    The worker takes jobs while the event it yields is set: a test clears it to see a job wait."""
    from registry.jobs.queue import queue

    huey = app.extensions["registry_queue"].huey
    with app.app_context():
        assert queue().huey is huey
    huey.immediate = False
    stop, open_ = threading.Event(), threading.Event()
    open_.set()

    def work() -> None:
        while not stop.is_set():
            if not open_.wait(0.05):
                continue
            task = huey.dequeue()
            if task is None:
                stop.wait(0.05)
            else:
                huey.execute(task)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    yield open_
    stop.set()
    worker.join(timeout=10)
    huey.flush()
    huey.immediate = True
