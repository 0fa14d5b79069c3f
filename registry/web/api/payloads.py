"""Reading JSON request bodies: every problem is reported against the field it belongs to.

Every API view reads its body through these parsers and nothing else, so that a value reaching a service has the
type it expects and can be stored (registry/core/storable.py): ids are ints that an INTEGER column holds (JSON
``true`` is not 1), text is a string without NUL or other control characters, a choice is one of its values, a
list holds only text. Each parser records its field's error in ``errors`` and returns a harmless value, so that a
view reports every problem at once with ``InvalidInput(errors)``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l

from registry.core.storable import INTEGER_MAX, has_control_characters, is_integer_value, is_record_id
from registry.errors import InvalidInput

Errors = dict[str, list[object]]


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput({"body": [_l("Send a JSON object with Content-Type: application/json.")]})
    return body


def _missing(value: object) -> bool:
    return value is None or value == ""


def text(body: dict[str, Any], name: str, errors: Errors, *, required: bool = False, max_length: int = 200,
         multiline: bool = False) -> str:
    """A string of at most ``max_length`` characters without control characters (tab and line breaks allowed when
    ``multiline``); "" when absent."""
    value = body.get(name)
    if _missing(value):
        if required:
            errors[name] = [_l("This field is required.")]
        return ""
    if not isinstance(value, str):
        errors[name] = [_l("Give text.")]
        return ""
    if len(value) > max_length:
        errors[name] = [_l("Use at most %(max)d characters.", max=max_length)]
        return ""
    if has_control_characters(value, multiline=multiline):
        errors[name] = [_l("Use only printable characters.")]
        return ""
    return value


def choice(body: dict[str, Any], name: str, errors: Errors, choices: Collection[str], *,
           required: bool = True) -> str:
    """One of ``choices`` (strings); "" when absent and not required."""
    value = body.get(name)
    if _missing(value) and not required:
        return ""
    if not isinstance(value, str) or value not in choices:
        errors[name] = [_l("Choose one of the options.")]
        return ""
    return value


def text_list(body: dict[str, Any], name: str, errors: Errors, *, max_items: int = 100,
              max_length: int = 200) -> list[str]:
    """A list of at most ``max_items`` texts, each as ``text`` reads one; [] when absent."""
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > max_items:
        errors[name] = [_l("Give a list of texts.")]
        return []
    item_errors: Errors = {}
    items = [text({"item": item}, "item", item_errors, required=True, max_length=max_length) for item in value]
    if item_errors:
        errors[name] = item_errors["item"]
        return []
    return items


def record_id(body: dict[str, Any], name: str, errors: Errors, message: object) -> int | None:
    """The id of a record: an int (not a bool) from 1 to INTEGER_MAX; ``message`` says what to give otherwise."""
    value = body.get(name)
    if not is_record_id(value):
        errors[name] = [message]
        return None
    return value


def whole_number(body: dict[str, Any], name: str, errors: Errors, *, minimum: int = 0,
                 maximum: int = INTEGER_MAX) -> int | None:
    """An optional int (not a bool) within the bounds; None when absent."""
    value = body.get(name)
    if value is None:
        return None
    if not is_integer_value(value, minimum, maximum):
        errors[name] = [_l("Give a whole number.")]
        return None
    return value


def flag(body: dict[str, Any], name: str, errors: Errors) -> bool:
    """JSON true or false; false when absent."""
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        errors[name] = [_l("Give true or false.")]
        return False
    return value


def json_object(body: dict[str, Any], name: str, errors: Errors, message: object) -> dict[str, Any] | None:
    """A nested JSON object, or None when absent; ``message`` says what to give otherwise."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        errors[name] = [message]
        return None
    return value


def iso_date(body: dict[str, Any], name: str, errors: Errors) -> date | None:
    value = body.get(name)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _bad(name, errors)
    except ValueError:
        return _bad(name, errors)


def _bad(name: str, errors: Errors) -> date | None:
    """Note that ``name`` is not a date, and give the value it then has: none."""
    errors[name] = [_l("Give a date as YYYY-MM-DD.")]
    return None
