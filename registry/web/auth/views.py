from __future__ import annotations

import base64
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from registry.core import two_factor as core_two_factor
from registry.core.qr_image import text_png
from registry.core.roles import ALL_ROLES
from registry.extensions import limiter
from registry.infra.app_context import db_session
from registry.models import User
from registry.models.types import utcnow
from registry.services import accounts, api_tokens, two_factor
from registry.web.access import public, roles, signed_in_user
from registry.web.auth.blueprint import bp
from registry.web.auth.forms import ChangePasswordForm, CodeForm, ConfirmForm, LoginForm, NewTokenForm
from registry.web.forms import run_service
from registry.web.i18n import LANGUAGE_COOKIE, ONE_YEAR
from registry.web.request_checks import answers_nul_itself, contains_nul
from registry.web.security import idle_limit
from registry.web.sent_once import remember, sent_before

staff = roles(*ALL_ROLES)


def _name_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _address_limit() -> str:
    return str(current_app.config["LOGIN_ADDRESS_RATE_LIMIT"])


def _tried_name() -> str:
    """The user name tried, as accounts compare it: a guesser cannot get more tries by changing its case."""
    return "login-name:" + (request.form.get("username") or "").strip().lower()


def _failed(response: Response) -> bool:
    """Only failed logins count: staff signing in one after another behind one router are never held up."""
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    """Only local paths: a login link must not be a way to send people to another site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("dashboard.dashboard")


@bp.route("/login", methods=["GET", "POST"])
# Two counts, so that one person's mistakes lock out neither their centre's address nor anyone else's name.
@limiter.limit(_name_limit, key_func=_tried_name, methods=["POST"], deduct_when=_failed)
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed)
@public
@answers_nul_itself
def login() -> Response | str:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        username, password = form.username.data or "", form.password.data or ""
        # No account has a name or password with NUL (and PostgreSQL could not look one up): a wrong login.
        user = None if contains_nul(username, password) else accounts.authenticate(db_session(), username, password)
        if user is not None and user.totp_enabled_at is not None:
            session.clear()
            session[PENDING] = {"user": user.id, "epoch": user.session_epoch, "at": time.time(),
                                "next": _safe_next(request.args.get("next"))}
            return redirect(url_for("auth.login_code"))
        if user is not None:
            response = _logged_in(user, _safe_next(request.args.get("next")))
            return response
        form.form_errors.append(_("Unknown user name or wrong password."))
    return render_template("auth/login.html", form=form)


PENDING = "login_waiting_for_code"
CODE_WAIT_SECONDS = 300


def _logged_in(user: User, target: str) -> Response:
    session.clear()  # a new login starts from nothing a visitor before it could have planted
    accounts.start_session(db_session(), user, now=utcnow(), idle=idle_limit())
    login_user(user)
    response = redirect(target)
    if not request.cookies.get(LANGUAGE_COOKIE):
        response.set_cookie(LANGUAGE_COOKIE, user.preferred_language, max_age=ONE_YEAR, samesite="Lax",
                            httponly=True)
    return response


def _waiting_user() -> str:
    waiting = session.get(PENDING) or {}
    return f"login-code:{waiting.get('user', '')}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_name_limit, key_func=_waiting_user, methods=["POST"], deduct_when=_failed)
@public
def login_code() -> Response | tuple[str, int]:
    """The second step of a login with a second factor: the app's code, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.dashboard"))  # the code sent twice, or the back button after it
    waiting = session.get(PENDING)
    user = db_session().get(User, waiting["user"]) if waiting else None
    if (waiting is None or user is None or not user.active or user.session_epoch != waiting["epoch"]
            or time.time() - waiting["at"] > CODE_WAIT_SECONDS):
        session.pop(PENDING, None)
        flash(_("Log in again: the code was not given in time."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.second_factor_passes(db_session(), user, form.code.data or "",
                                           master_secret=current_app.config["KEY_ENCRYPTION_KEY"]):
            return _logged_in(user, waiting["next"])
        form.code.errors = [_("This code is not right. Type the six digits your app shows now, or a recovery "
                              "code.")]
    return render_template("auth/login_code.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/account/two-factor", methods=["GET", "POST"])
@staff
def two_factor_setup() -> Response | tuple[str, int]:
    """Turn on the second factor: scan the QR code into an authenticator app, give one of its codes."""
    user = signed_in_user()
    if user.totp_enabled_at is not None:
        return render_template("auth/two_factor.html", enabled=True, codes=None, form=None, secret=None,
                               qr=None), 200
    secret = session.get("totp_secret") or core_two_factor.new_secret()
    session["totp_secret"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        codes = run_service(form, lambda: two_factor.enrol(
            db_session(), user, secret, form.code.data or "", master_secret=current_app.config["KEY_ENCRYPTION_KEY"],
            now=utcnow()))
        if codes:
            session.pop("totp_secret", None)
            return render_template("auth/two_factor.html", enabled=True, codes=codes, form=None, secret=None,
                                   qr=None), 200
    uri = core_two_factor.provisioning_uri(secret, user.username)
    return render_template("auth/two_factor.html", enabled=False, codes=None, form=form,
                           secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
                           qr=_qr_data_uri(uri)), 422 if form.is_submitted() else 200


def _qr_data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(text_png(text)).decode()


@bp.route("/logout", methods=["POST"])
@staff
def logout() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.end_session(db_session(), current_user.get_id() or "")
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account")
@staff
def account() -> str:
    return render_template(
        "auth/account.html",
        tokens=api_tokens.tokens_of(db_session(), signed_in_user()),
        token_form=NewTokenForm(),
        confirm_form=ConfirmForm(),
        new_token=None,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@staff
def change_password() -> Response | tuple[str, int]:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        def change_own_password() -> bool:
            accounts.change_own_password(
                db_session(), signed_in_user(), form.current_password.data or "", form.new_password.data or "")
            return True

        done = run_service(form, change_own_password)
        if done:
            login_user(signed_in_user())  # the session epoch changed: keep this session, end the others
            flash(_("Your password has been changed. Your other sessions have been logged out."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/account/tokens", methods=["POST"])
@staff
def create_token() -> Response | str | tuple[str, int]:
    form = NewTokenForm()
    if not form.validate_on_submit():
        return render_template("auth/account.html", tokens=api_tokens.tokens_of(db_session(), signed_in_user()),
                               token_form=form, confirm_form=ConfirmForm(), new_token=None), 422
    if (earlier := sent_before(form)) is not None:  # sent twice: the token was shown once, by the first answer
        return earlier
    plain = api_tokens.create_token(db_session(), signed_in_user(), signed_in_user(), form.name.data or "")
    remember(form, url_for("auth.account"))
    return render_template("auth/account.html", tokens=api_tokens.tokens_of(db_session(), signed_in_user()),
                           token_form=NewTokenForm(formdata=None), confirm_form=ConfirmForm(), new_token=plain)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@staff
def revoke_token(token_id: int) -> Response:
    if ConfirmForm().validate_on_submit():
        api_tokens.revoke_token(db_session(), signed_in_user(), token_id)
        flash(_("The token has been revoked."), "success")
    return redirect(url_for("auth.account"))
