from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import EqualTo

from registry.core.countries import CENTRE_COUNTRIES
from registry.core.frameworks import AQRF, CQF, DSD, LAO_TVET, NSSA, TPQI, Framework
from registry.core.languages import LANGUAGES
from registry.web.forms import RegistryForm, SelectChoice, between, max_length, optional, required
from registry.web.i18n import country_name
from registry.web.labels import ACCREDITATION_LABELS
from registry.web.sent_once import SentOnce


def _optional_int(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


def level_field(label: Any, framework: Framework, *, mandatory: bool = False) -> SelectField:
    choices = [] if mandatory else [SelectChoice("", _l("Not mapped"))]
    choices += [SelectChoice(str(level), str(level)) for level in framework.levels()]
    return SelectField(label, choices=choices, coerce=_optional_int, validate_choice=True,
                       validators=[required()] if mandatory else [optional()])


class CentreForm(SentOnce, RegistryForm):
    code = StringField(_l("Centre code"), validators=[required(), max_length(8)],
                       description=_l("2 to 8 capital letters or digits; printed in certificate numbers."))
    name_en = StringField(_l("Name in English"), validators=[required(), max_length(200)])
    name_th = StringField(_l("Name in Thai"), validators=[required(), max_length(200)])
    name_home = StringField(_l("Name in the home language"), validators=[optional(), max_length(200)])
    country = SelectField(_l("Country"), validators=[required()])
    accreditation_status = SelectField(_l("Accreditation"), validators=[required()])
    accredited_from = DateField(_l("Accredited from"), validators=[optional()],
                                render_kw={"placeholder": "YYYY-MM-DD"})
    accredited_until = DateField(_l("Accredited until"), validators=[optional()],
                                 render_kw={"placeholder": "YYYY-MM-DD"})
    contact_phone = StringField(_l("Phone for employers"), validators=[optional(), max_length(32)],
                                description=_l("Shown to an employer told that a certificate is revoked or "
                                               "suspended, so they know whom to ask."),
                                render_kw={"inputmode": "tel"})
    contact_email = StringField(_l("E-mail for employers"), validators=[optional(), max_length(254)],
                                render_kw={"inputmode": "email"})
    submit = SubmitField(_l("Save centre"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [SelectChoice(code, country_name(code)) for code in CENTRE_COUNTRIES]
        self.accreditation_status.choices = [
            SelectChoice(status.value, label) for status, label in ACCREDITATION_LABELS.items()
        ]
        self.accreditation_status.validate_choice = True


class UserForm(RegistryForm):
    username = StringField(_l("User name"), validators=[required(), max_length(64)],
                           render_kw={"autocapitalize": "none", "spellcheck": "false"})
    display_name = StringField(_l("Full name"), validators=[optional(), max_length(200)])
    role = SelectField(_l("Role"), validators=[required()])
    centre_id = SelectField(_l("Training centre"), coerce=_optional_int)
    preferred_language = SelectField(
        _l("Preferred language"),
        choices=[SelectChoice(language.code, language.native_name) for language in LANGUAGES],
    )
    active = BooleanField(_l("Active (may log in)"), default=True)
    submit = SubmitField(_l("Save user"))


class NewUserForm(SentOnce, UserForm):
    password = PasswordField(_l("Password"), validators=[required(), max_length(256)],
                             description=_l("At least 10 characters. Give it to the person privately."),
                             render_kw={"autocomplete": "new-password"})


class ResetPasswordForm(RegistryForm):
    new_password = PasswordField(_l("New password"), validators=[required(), max_length(256)],
                                 render_kw={"autocomplete": "new-password"})
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password"))


class EndSessionsForm(RegistryForm):
    submit = SubmitField(_l("Log out everywhere now"))


class ResetTwoFactorForm(RegistryForm):
    submit = SubmitField(_l("Turn the second factor off"))


class TitlesMixin:
    title_en = StringField(_l("Title in English"), validators=[required(), max_length(300)])
    title_th = StringField(_l("Title in Thai"), validators=[required(), max_length(300)])
    title_km = StringField(_l("Title in Khmer"), validators=[optional(), max_length(300)])
    title_lo = StringField(_l("Title in Lao"), validators=[optional(), max_length(300)])
    title_my = StringField(_l("Title in Burmese"), validators=[optional(), max_length(300)])


class QualificationForm(SentOnce, TitlesMixin, RegistryForm):
    code = StringField(_l("Qualification code"), validators=[required(), max_length(40)],
                       description=_l("Capital letters, digits, dots or dashes; cannot change later."))
    sector = StringField(_l("Sector"), validators=[required(), max_length(100)])
    aqrf_level = level_field(_l("AQRF level"), AQRF, mandatory=True)
    tpqi_level = level_field(_l("TPQI level"), TPQI)
    dsd_level = level_field(_l("DSD skill standard level"), DSD)
    cqf_level = level_field(_l("Cambodia (CQF) level"), CQF)
    lao_tvet_level = level_field(_l("Lao PDR TVET level"), LAO_TVET)
    nssa_level = level_field(_l("Myanmar NSSA level"), NSSA)
    isco08_code = StringField(_l("ISCO-08 occupation code"), validators=[required(), max_length(4)],
                              render_kw={"inputmode": "numeric"})
    validity_years = IntegerField(_l("Valid for (years)"), validators=[optional(), between(1, 50)],
                                  description=_l("Leave empty if certificates never expire."))
    submit = SubmitField(_l("Save qualification"))


class UnitForm(SentOnce, TitlesMixin, RegistryForm):
    code = StringField(_l("Unit code"), validators=[required(), max_length(40)])
    submit = SubmitField(_l("Save unit"))


class StatusForm(RegistryForm):
    submit = SubmitField(_l("Confirm"))
