"""Domain errors and HTTP errors mapped once: problem+json on the API, a page elsewhere."""

from __future__ import annotations

import contextlib
import errno
import logging
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from registry.errors import InvalidInput, PossibleDuplicate, RegistryError, StaleRecord
from registry.extensions import db
from registry.services.integrity import unique_violation
from registry.web.access import is_api_endpoint

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 10  # a database restarting, a disk cleared: worth trying again soon
# Storage that cannot be written (permissions, a full disk or quota, a read-only file system, a mount missing and a
# file in its place): for the operator to put right, not a bug; the request saved nothing.
STORAGE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO,
                            errno.ENOTDIR})


def http_titles() -> dict[int, str]:
    return {
        400: _("The request could not be understood"),
        401: _("Log in or give a valid API token"),
        403: _("You do not have permission to see this page"),
        404: _("There is nothing at this address"),
        405: _("This address does not accept that method"),
        409: _("That change conflicts with the current state"),
        413: _("The upload is too large"),
        414: _("This address is too long"),
        422: _("Some fields need attention"),
        429: _("Too many requests; please wait and try again"),
        500: _("Something went wrong on our side"),
        503: _("The registry is unavailable for a moment"),
    }


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    response = jsonify({"type": "about:blank", "status": status, "title": title, "detail": detail, **extra})
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    return response


def _wants_problem() -> bool:
    # By path as well as by endpoint: a request refused before or by routing (404, 405, 414) has no endpoint.
    return is_api_endpoint(request.endpoint) or request.path == "/api" or request.path.startswith("/api/")


def _error_page(status: int, detail: str) -> tuple[str, int]:
    title = http_titles().get(status, http_titles()[500])
    return render_template("errors/error.html", status=status, title=title, detail=detail,
                           back=_page_before()), status


def _page_before() -> str | None:
    """The page the person came from on this site, to go back to (a form whose upload was refused)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/") or referrer.path == request.path:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def _detail(status: int, error: HTTPException, title: str) -> str:
    """What the person can do about it: how long to wait, how large a file may be."""
    if status == 429:
        wait = timedelta(seconds=max(1, int(_retry_after(error)) if _retry_after(error).isdigit() else 60))
        return _("Try again in %(wait)s.", wait=format_timedelta(wait, threshold=1.1, add_direction=False))
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return _("The file is larger than %(size)d MB, the most this form accepts. Go back and choose a smaller "
                 "file, or split it.", size=max(1, limit // (1024 * 1024)))
    return title


def _retry_after(error: HTTPException) -> str:
    """Seconds to wait, as the rate limit that refused the request said (Flask-Limiter's or the verify routes')."""
    if error.response is not None and "Retry-After" in error.response.headers:
        return str(error.response.headers["Retry-After"])
    retry_after = dict(error.get_headers()).get("Retry-After")
    return str(retry_after) if retry_after else "60"


class _Outage:
    """Logs the database being unreachable once, then at most every LOG_EVERY seconds with how many requests met
    it meanwhile: during an outage every request would otherwise write the same line."""

    LOG_EVERY = 10.0

    def __init__(self) -> None:
        self.last_logged = float("-inf")
        self.unlogged = 0

    def note(self, logger: logging.Logger, reason: str) -> None:
        now = time.monotonic()
        if now - self.last_logged < self.LOG_EVERY:
            self.unlogged += 1
            return
        logger.warning("database unreachable (%d more requests since the last line): %s", self.unlogged, reason)
        self.last_logged, self.unlogged = now, 0


outage = _Outage()


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(RegistryError)
    def registry_error(error: RegistryError) -> Response | tuple[str, int]:
        db.session.rollback()
        if _wants_problem():
            extra: dict[str, Any] = {"errors": error.errors} if isinstance(error, InvalidInput) else {}
            if isinstance(error, PossibleDuplicate):
                extra["duplicates"] = [getattr(match, "id", None) for match in error.matches]
            return problem(error.status, str(error.title), str(error.message), **extra)
        return _error_page(error.status, str(error.message))

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError) -> Response | tuple[str, int]:
        # A unique index refused a record another request made at the same moment (a username, a centre's code):
        # the loser is told to look again, as for a stale record. Anything else is a fault of ours.
        if not unique_violation(error):
            return unexpected_error(error)
        return registry_error(StaleRecord())

    @app.errorhandler(StaleDataError)
    def stale_record(_error: StaleDataError) -> Response | tuple[str, int]:
        # A versioned record (an assessment, a certificate) changed under us: another request got there first.
        return registry_error(StaleRecord())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _error_page(400, _("The form had expired. Go back, reload the page and submit it again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        title = http_titles().get(status, error.name)
        detail = _detail(status, error, title)
        if _wants_problem():
            response = problem(status, title, detail)
            if status == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="registry"'
        else:
            response = app.make_response(_error_page(status, detail))
        if status == 429:
            response.headers["Retry-After"] = _retry_after(error)
        return response

    def unavailable(detail: str) -> Response:
        with contextlib.suppress(DBAPIError):  # the connection is gone: the pool replaces it once the database is back
            db.session.rollback()
        db.session.remove()
        # The error page must not ask the database who is logged in: it is the page shown when it cannot answer.
        g._login_user = app.login_manager.anonymous_user()  # type: ignore[attr-defined]
        title = http_titles()[503]
        if _wants_problem():
            response = problem(503, title, detail)
        elif request.path.startswith("/v/"):
            # A QR code scanned while the records cannot be read: the page checks the code's signature in the
            # phone, with the public keys last published, and says its status could not be checked.
            response = app.make_response(render_template("verify/offline.html", records_away=True))
            response.status_code = 503
        else:
            response = app.make_response(render_template("errors/error.html", status=503, title=title,
                                                         detail=detail, back=None))
            response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    def database_unreachable(error: Exception) -> bool:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        return isinstance(error, DBAPIError) and error.connection_invalidated

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError) -> Response | tuple[str, int]:
        if not database_unreachable(error):
            return unexpected_error(error)
        outage.note(app.logger, str(error.orig or error).splitlines()[0])
        return unavailable(_("The registry cannot reach its database just now. Nothing you sent was lost or "
                             "half saved: try again in a minute."))

    @app.errorhandler(OSError)
    def storage_error(error: OSError) -> Response | tuple[str, int]:
        if error.errno not in STORAGE_ERRNOS:
            return unexpected_error(error)
        app.logger.error("storage cannot be written: %s", error)
        return unavailable(_("The registry cannot store files just now. Nothing was saved: try again later, or tell "
                             "the registry's administrator if it goes on."))

    @app.errorhandler(BotoCoreError)
    @app.errorhandler(ClientError)
    def object_storage_error(error: Exception) -> Response | tuple[str, int]:
        app.logger.error("object storage failed: %s", error)
        return storage_error(OSError(errno.EIO, str(error)))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response | tuple[str, int]:
        db.session.rollback()
        app.logger.exception("unexpected error")
        if _wants_problem():
            return problem(500, http_titles()[500], http_titles()[500])
        return _error_page(500, http_titles()[500])
