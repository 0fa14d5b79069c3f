from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


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


def test_fonts_for_all_five_scripts_are_served_locally(client: FlaskClient) -> None:
    with client.get("/static/css/app.css") as response:
        css = response.get_data(as_text=True)
    for family in ("NotoSans-Regular", "NotoSansThai", "NotoSansKhmer", "NotoSansLao", "NotoSansMyanmar"):
        match = re.search(rf'url\("\.\./fonts/({family}[^"]*)"\)', css)
        assert match, family
        with client.get(f"/static/fonts/{match.group(1)}") as response:
            assert response.status_code == 200
    with client.get("/static/fonts/OFL.txt") as response:
        assert "Open Font License" in response.get_data(as_text=True)
