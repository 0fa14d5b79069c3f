"""Shared form pieces: validators with translated messages, and the one way views handle a form."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectMultipleField

# WTForms 3.3's choice type; types-WTForms (3.2.1, the newest stubs) predates it, so it is untyped until they do.
from wtforms import SelectChoice as SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from registry.errors import InvalidInput
from registry.infra.app_context import db_session

T = TypeVar("T")


def required() -> DataRequired:
    return DataRequired(message=_l("This field is required."))


def required_input() -> InputRequired:
    """For fields that parse their input (dates, numbers): keeps the parse error instead of hiding it."""
    return InputRequired(message=_l("This field is required."))


def optional() -> Optional:
    return Optional()


def max_length(count: int) -> Length:
    return Length(max=count, message=_l("Use at most %(max)d characters."))


def between(lowest: int, highest: int) -> NumberRange:
    return NumberRange(lowest, highest, message=_l("Give a number from %(min)s to %(max)s."))


def wtforms_messages() -> dict[str, Any]:
    """WTForms' own parse errors, said in the registry's words and languages."""
    return {
        "Not a valid integer value.": _l("Give a whole number."),
        "Not a valid date value.": _l("Give a date as YYYY-MM-DD."),
        "Not a valid datetime value.": _l("Give a date as YYYY-MM-DD."),
        "Not a valid choice.": _l("Choose one of the options."),
        "Invalid Choice: could not coerce.": _l("Choose one of the options."),
        "Not a valid decimal value.": _l("Give a number."),
        "Not a valid float value.": _l("Give a number."),
    }


class RegistryTranslations:
    def gettext(self, message: str) -> str:
        return str(wtforms_messages().get(message, message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.gettext(singular if count == 1 else plural)


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RegistryForm(FlaskForm):
    """Base of every form: CSRF from Flask-WTF, and WTForms' built-in messages translated."""

    class Meta:
        def get_translations(self, form: Any) -> RegistryTranslations:
            return RegistryTranslations()


def attach_errors(form: FlaskForm, errors: Mapping[str, Sequence[str]]) -> None:
    """Show a service's field errors beside the fields they belong to; others go to the form."""
    for name, messages in errors.items():
        field: Field | None = getattr(form, name, None)
        if isinstance(field, Field):
            field.errors = [*list(field.errors or []), *messages]
        else:
            form.form_errors.extend(messages)


def run_service(form: FlaskForm, action: Callable[[], T]) -> T | None:
    """Call a service for a validated form; on invalid input, put the errors on the form and undo.

    Returns None when the service refused the input, so the view re-renders the form with
    everything the user typed still in it.
    """
    try:
        return action()
    except InvalidInput as error:
        db_session().rollback()
        attach_errors(form, error.errors)
        return None
