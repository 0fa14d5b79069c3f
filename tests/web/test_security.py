from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = Path(__file__).resolve().parents[2] / "static"


def test_pages_carry_a_strict_content_security_policy(client: FlaskClient) -> None:
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_script_style_or_external_asset() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert "<style" not in text and " style=" not in text, template
        assert not re.search(r"""(src|href)=["']https?://""", text), template
        assert not re.search(r"\bon[a-z]+=", text), template


def test_fonts_for_all_five_scripts_are_served_locally_as_woff2_kept_for_a_year(client: FlaskClient) -> None:
    with client.get("/static/css/app.css") as response:
        css = response.get_data(as_text=True)
    served = re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css)
    for family in ("NotoSansLatin-Regular", "NotoSansThai", "NotoSansKhmer", "NotoSansLao", "NotoSansMyanmar"):
        assert any(f"/{family}" in path for path in served), family
    for path in served:
        assert path.endswith(".woff2"), path
        with client.get(f"/static/{path}") as response:
            assert response.status_code == 200 and response.data[:4] == b"wOF2", path
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/fonts/OFL.txt") as response:
        assert "Open Font License" in response.get_data(as_text=True)
        assert "immutable" not in response.headers.get("Cache-Control", "")


def test_the_language_menu_font_holds_every_language_name() -> None:
    """The menu's small fonts were cut to the names: a renamed language must be cut again (`make web-fonts`)."""
    from fontTools.ttLib import TTFont

    from registry.core.languages import LANGUAGES
    from registry.core.names import script_of_character

    fonts = {"Thai": "Thai", "Khmr": "Khmer", "Laoo": "Lao", "Mymr": "Myanmar"}
    for language in LANGUAGES[1:]:
        script = script_of_character(language.native_name[0])
        covered = set(TTFont(STATIC / "fonts" / "web1" / f"Menu{fonts[script]}.woff2").getBestCmap())
        assert {ord(c) for c in language.native_name} <= covered, language.code


def test_every_blueprint_answers_with_the_security_headers(app: Flask, client: FlaskClient) -> None:
    """A representative route of each blueprint, signed in as someone who may see it."""
    from registry.infra.app_context import issue_context
    from registry.models import Certificate
    from registry.services import demo
    from tests.factories import DOCUMENT_KEY, log_in

    with app.test_request_context():
        demo.seed_demo(db.session, DOCUMENT_KEY, issue_context())
        certificate = db.session.query(Certificate).filter_by(status="valid").first()
        assert certificate is not None
        code, assessment_id = certificate.qr_code, certificate.assessment_id
        from datetime import date

        from registry.services import accounts, certificates

        token = certificates.replace_holder_link(db.session, accounts.find_user(db.session, "bsh-manager"),
                                                 certificate, today=date.today())
        db.session.commit()
    log_in(client, "bsh-manager", "manager-demo-2026")
    analyst = app.test_client()
    log_in(analyst, "analyst", "analyst-demo-2026")
    pages = {"/dashboard": client, "/admin/audit": client, "/api/v1/health": app.test_client(),
             "/cohorts": client, "/candidates": client, "/catalogue": client, "/certificates": client,
             f"/assessments/{assessment_id}": client,
             "/account": client, "/reports": analyst, f"/v/{code}": app.test_client(), "/verify": app.test_client(),
             f"/h/{token}": app.test_client(), f"/h/{token}/qr": app.test_client()}
    for path, reader in pages.items():
        response = reader.get(path)
        assert response.status_code == 200, path
        headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY", path
        camera = "camera=(self)" if path == "/verify" else "camera=()"
        assert headers["Permissions-Policy"].startswith(camera), (path, headers["Permissions-Policy"])
        secret_link = path.startswith(("/v/", "/h/"))  # the worker's link is a key; the QR page's code too
        assert headers["Referrer-Policy"] == ("no-referrer" if secret_link else "same-origin"), path
