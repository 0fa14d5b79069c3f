"""Checks every request passes before any view sees it: input no database query may be given.

- ``<int:...>`` in a route takes ASCII digits up to the largest INTEGER column value; anything else is no route
  (404), never a driver error. (Werkzeug's own converter takes any script's digits and any size.)
- A URL longer than MAX_URL_LENGTH is refused with 414, as problem+json under /api/ like every error there.
- NUL, which PostgreSQL refuses in text, is refused in the path (404: no such address), in the query string and in
  form values and file names (400). A view whose form answers NUL itself is marked ``@answers_nul_itself``: the
  login form says "unknown user name or wrong password", as for any name that has no account.

JSON bodies are checked field by field where they are read (registry/web/api/payloads.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest, NotFound, RequestURITooLarge
from werkzeug.routing import IntegerConverter, Map

from registry.core.storable import INTEGER_MAX

View = TypeVar("View", bound=Callable[..., Any])

# Gunicorn refuses a longer request line itself (gunicorn.conf.py sets its limit above this one): up to here the
# app answers in its own format. The longest verify code the API reads is 4,400 characters.
MAX_URL_LENGTH = 8000
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class RecordIdConverter(IntegerConverter):
    """``<int:...>``: ASCII digits only, and at most INTEGER_MAX unless the rule says otherwise."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = INTEGER_MAX, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def answers_nul_itself(view: View) -> View:
    """The view's form refuses NUL with an answer of its own, rather than the generic 400."""
    view.answers_nul_itself = True  # type: ignore[attr-defined]
    return view


def contains_nul(*texts: str | None) -> bool:
    return any(text and "\x00" in text for text in texts)


def _form_has_nul() -> bool:
    if request.mimetype not in FORM_TYPES:
        return False  # a JSON or binary body is read by its view, not parsed as a form here
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "answers_nul_itself", False):
        return False
    return any(contains_nul(key, value) for key, value in request.form.items(multi=True)) or any(
        contains_nul(key, upload.filename) for key, upload in request.files.items(multi=True))


def refuse_unstorable_input() -> None:
    environ = request.environ
    if len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
        raise RequestURITooLarge()
    if "\x00" in request.path:
        raise NotFound()
    if any(contains_nul(key, value) for key, value in request.args.items(multi=True)) or _form_has_nul():
        raise BadRequest()


def init_request_checks(app: Flask) -> None:
    """Before the blueprints are registered (their rules take the converter) and before any other request hook."""
    app.url_map.converters["int"] = RecordIdConverter
    app.before_request(refuse_unstorable_input)
