"""Reading JSON request bodies: every problem is reported against the field it belongs to."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l

from registry.errors import InvalidInput


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput({"body": [_l("Send a JSON object with Content-Type: application/json.")]})
    return body


def text(body: dict[str, Any], name: str, errors: dict[str, list[object]], *, required: bool = False,
         max_length: int = 200) -> str:
    value = body.get(name)
    if value is None or value == "":
        if required:
            errors[name] = [_l("This field is required.")]
        return ""
    if not isinstance(value, str):
        errors[name] = [_l("Give text.")]
        return ""
    if len(value) > max_length:
        errors[name] = [_l("Use at most %(max)d characters.", max=max_length)]
    return value


def iso_date(body: dict[str, Any], name: str, errors: dict[str, list[object]]) -> date | None:
    value = body.get(name)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _bad(name, errors)
    except ValueError:
        return _bad(name, errors)


def _bad(name: str, errors: dict[str, list[object]]) -> date | None:
    """Note that ``name`` is not a date, and give the value it then has: none."""
    errors[name] = [_l("Give a date as YYYY-MM-DD.")]
    return None
