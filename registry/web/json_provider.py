"""JSON through orjson: the verify API serializes an answer on every check, and the standard library's encoder
took about a tenth of a check's time.

The output is Flask's default provider's, spacing aside: keys sorted, dates as HTTP dates, decimals and
translations as text. Text outside ASCII is written as UTF-8 rather than as \\u escapes (JSON's own encoding, and
a third smaller for titles in Thai, Khmer, Lao and Burmese).
"""

from __future__ import annotations

import dataclasses
import decimal
from datetime import date
from typing import Any

import orjson
from flask.json.provider import JSONProvider
from werkzeug.http import http_date
from werkzeug.wrappers import Response

# Dates and dataclasses are handed to _default, as Flask's provider would write them, not in orjson's own way.
OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
           | orjson.OPT_PASSTHROUGH_DATACLASS)


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return http_date(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "__html__"):  # Markup, and lazily translated text
        return str(value.__html__())
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def encode(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=OPTIONS)


class OrjsonProvider(JSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return encode(obj).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        # Flask types a provider's app as its sans-I/O base, whose response_class takes no body; the app here is a
        # Flask, whose response_class is flask.Response (a werkzeug.wrappers.Response).
        response_class: type[Response] = self._app.response_class  # type: ignore[assignment]
        return response_class(encode(self._prepare_response_obj(args, kwargs)), mimetype="application/json")
