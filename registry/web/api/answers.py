"""The API's answers that point somewhere: a resource just created (201), or a job just queued (202)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response


def located(body: dict[str, Any], status: int, location: str) -> Response:
    """``body`` with ``status`` and a Location header: where the new resource, or the job's progress, is read."""
    response = jsonify(body)
    response.status_code = status
    response.headers["Location"] = location
    return response
