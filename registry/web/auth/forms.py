from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo

from registry.web.forms import RegistryForm, max_length, required
from registry.web.sent_once import SentOnce


class LoginForm(RegistryForm):
    username = StringField(_l("User name"), validators=[required(), max_length(64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[required(), max_length(256)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(RegistryForm):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_length(256)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[required(), max_length(256)],
                                 description=_l("At least 10 characters. A few unrelated words work well."),
                                 render_kw={"autocomplete": "new-password"})
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"))


class CodeForm(RegistryForm):
    code = StringField(_l("Code"), validators=[required(), max_length(20)],
                       description=_l("The six digits your authenticator app shows, or one of your recovery codes."),
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none",
                                  "spellcheck": "false"})
    submit = SubmitField(_l("Continue"))


class NewTokenForm(SentOnce, RegistryForm):
    name = StringField(_l("What the token is for"), validators=[required(), max_length(100)],
                       description=_l("For example: the centre's results spreadsheet."))
    submit = SubmitField(_l("Create token"))


class ConfirmForm(RegistryForm):
    """A form with only a CSRF token, for buttons that change something (log out, revoke)."""

    submit = SubmitField(_l("Confirm"))
