"""Helpers for web tests: CSRF tokens are real here, so tests fetch them like a browser does."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    html = client.get(page).get_data(as_text=True)
    match = CSRF_FIELD.search(html)
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, object], token_page: str | None = None,
              **kwargs: object) -> TestResponse:
    """POST a form with the CSRF token a browser would have got from the form's own page."""
    token = csrf_token(client, token_page or url)
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)  # type: ignore[arg-type]
