"""Create forms that create once: a hidden one-time token, and what a view does before and after creating.

A view calls `sent_before(form)` once the form is valid: a redirect there means the same form (same token) was
sent before and created something; after creating, `remember(form, url)` records where that led.
"""

from __future__ import annotations

import secrets

from flask import flash, redirect
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import HiddenField

from registry.infra.app_context import db_session, local_now
from registry.services import form_submissions
from registry.web.access import signed_in_user


def new_token() -> str:
    return secrets.token_urlsafe(18)


class SentOnce:
    """Mixed into a create form: a new token each time the empty form is shown, kept when it comes back."""

    once = HiddenField(default=new_token)


def sent_before(form: SentOnce) -> Response | None:
    target = form_submissions.earlier_result(db_session(), signed_in_user(), form.once.data, now=local_now())
    if target is None:
        return None
    flash(_("This form had already been sent, so nothing was created again: here is what it created."), "info")
    return redirect(target)


def remember(form: SentOnce, target: str) -> None:
    form_submissions.record_result(db_session(), signed_in_user(), form.once.data, target, now=local_now())
