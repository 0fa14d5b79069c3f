"""The app's JSON: orjson, written as Flask's own provider would write it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext
from markupsafe import Markup


@dataclass
class Point:
    x: int
    label: str


VALUES = {"b": 1, "a": [date(2026, 11, 23), datetime(2026, 11, 23, 8, 30, tzinfo=UTC)], "c": Decimal("1.50"),
          "d": UUID(int=7), "e": Point(1, "p"), "f": Markup("<b>x</b>"), "g": "ศูนย์ทดสอบ"}


def test_output_means_what_flasks_default_provider_writes(app: Flask) -> None:
    with app.app_context():
        ours = app.json.dumps(VALUES)
        flasks = DefaultJSONProvider(app).dumps(VALUES)
        assert json.loads(ours) == json.loads(flasks)
        assert ours.startswith('{"a":["Mon, 23 Nov 2026 00:00:00 GMT"')  # keys sorted
        assert json.loads(app.json.dumps({3: "x"})) == json.loads(DefaultJSONProvider(app).dumps({3: "x"}))
        assert "ศูนย์ทดสอบ" in ours  # UTF-8, not \\u escapes
        assert json.loads(app.json.dumps({"t": lazy_gettext("Too many requests; please wait and try again")})) \
            == {"t": "Too many requests; please wait and try again"}
        with pytest.raises(TypeError):
            app.json.dumps({"x": object()})


def test_responses_and_request_bodies_go_through_it(app: Flask) -> None:
    with app.test_request_context("/", method="POST", data='{"items": ["ก"]}', content_type="application/json"):
        from flask import request

        assert request.get_json() == {"items": ["ก"]}
        response = jsonify({"ok": "ສະບາຍດີ"})
        assert response.mimetype == "application/json" and response.get_data() == '{"ok":"ສະບາຍດີ"}'.encode()
