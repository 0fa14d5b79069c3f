"""An employer scans a printed QR code while the registry's database is away: the phone is told, in Thai, that the
signature is genuine and that the status could not be checked, with the name and qualification the code carries;
once the database is back the same scan answers in full."""

from __future__ import annotations

import threading
from pathlib import Path

from playwright.sync_api import Browser, expect
from werkzeug.serving import make_server

from registry.extensions import db
from registry.services import certificates
from tests.browser.conftest import _closing_responses
from tests.factories import ISSUE_CONTEXT, make_endorsed_assessment
from tests.infra.proxied_database import proxied_registry


def test_a_scan_during_a_database_outage_checks_the_signature_on_the_phone(
        browser: Browser, tmp_path: Path, screenshots: Path) -> None:
    with proxied_registry(tmp_path) as (app, proxy):
        with app.app_context():
            head, assessment = make_endorsed_assessment(db.session)
            [certificate] = certificates.issue_certificates(db.session, head, [assessment],
                                                            ISSUE_CONTEXT).certificates
            code, name = certificate.qr_code, certificate.holder_name_latin
            db.session.commit()
        server = make_server("127.0.0.1", 0, _closing_responses(app), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            assert app.test_client().get("/.well-known/jwks.json").status_code == 200  # published once
            proxy.cut()
            phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH",
                                        extra_http_headers={"Accept-Language": "th"})
            page = phone.new_page()
            answer = page.goto(f"{base}/v/{code}")
            assert answer is not None and answer.status == 503
            expect(page.locator("#result")).to_have_attribute("data-status", "unchecked")
            expect(page.locator("#holder-name")).to_have_text(name)
            expect(page.locator("html")).to_have_attribute("lang", "th")
            page.screenshot(path=str(screenshots / "verify-records-away-th.png"), full_page=True)
            proxy.restore()
            page.wait_for_timeout(300)
            page.goto(f"{base}/v/{code}")
            expect(page.locator("#result")).to_have_attribute("data-status", "valid")
            phone.close()
        finally:
            server.shutdown()
            thread.join(timeout=5)
