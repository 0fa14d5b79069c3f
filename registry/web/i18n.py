"""Language choice, the language cookie, and locale-aware formatting for templates."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, get_locale, get_timezone, refresh
from werkzeug.wrappers import Response

from registry.core import dates
from registry.core.languages import DEFAULT_LANGUAGE, LANGUAGES, choose_language, is_supported

LANGUAGE_COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def select_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE  # CLI commands and services called outside a request speak English
    remembered = g.get("page_language") or request.cookies.get(LANGUAGE_COOKIE)
    return choose_language(request.args.get("lang"), remembered, request.headers.get("Accept-Language"))


def speak(language: str) -> None:
    """This page speaks ``language`` unless its reader picks another (``?lang=``): a worker's own page and slip
    are in the worker's language, whatever language the staff member's browser remembers."""
    g.page_language = language
    refresh()


def current_language() -> str:
    return str(get_locale() or "en")


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return dates.format_datetime(value.astimezone(get_timezone()), current_language())
    return dates.format_date(value, current_language())


def local_year(year: int) -> int:
    """A year as the page's readers count it: the Buddhist era on Thai pages."""
    return year + dates.BUDDHIST_ERA_OFFSET if current_language() == "th" else year


def country_name(code: str) -> str:
    return str(Locale.parse(current_language()).territories.get(code, code))


def url_with_language(code: str) -> str:
    """The current page in another language (keeps the other query arguments)."""
    arguments = request.args.to_dict(flat=False)
    arguments["lang"] = [code]
    return f"{request.path}?{urlencode(arguments, doseq=True)}"


def remember_language(response: Response) -> Response:
    chosen = request.args.get("lang")
    if is_supported(chosen) and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(LANGUAGE_COOKIE, str(chosen), max_age=ONE_YEAR, samesite="Lax", httponly=True)
    return response


def init_i18n(app: Flask, babel: Babel) -> None:
    babel.init_app(app, locale_selector=select_language)
    app.after_request(remember_language)
    app.jinja_env.filters["localdate"] = format_date
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["local_year"] = local_year
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES, current_language=current_language, url_with_language=url_with_language
    )
