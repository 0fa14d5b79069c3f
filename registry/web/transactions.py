"""One request, one transaction: services flush, and the request commits once here."""

from __future__ import annotations

from flask import Flask
from werkzeug.wrappers import Response

from registry.extensions import db


def init_transactions(app: Flask) -> None:
    @app.after_request
    def commit_successful_request(response: Response) -> Response:
        if not db.session.registry.has():
            return response  # the request never used the session: asking for it would make one, to commit nothing
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
