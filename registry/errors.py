"""Domain errors, raised by services and mapped once to an HTTP answer (see ``registry/web/errors.py``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l


class RegistryError(Exception):
    """Base of every error a user can cause; ``message`` is shown to them, translated."""

    status = 400
    title = _l("The request could not be completed")

    def __init__(self, message: object | None = None) -> None:
        self.message = message if message is not None else self.title
        super().__init__(str(self.message))


class NotFound(RegistryError):
    status = 404
    title = _l("Not found")


class Forbidden(RegistryError):
    status = 403
    title = _l("You do not have permission to do that")


class Conflict(RegistryError):
    status = 409
    title = _l("That change conflicts with the current state")


class InvalidInput(RegistryError):
    status = 422
    title = _l("Some fields need attention")

    def __init__(self, errors: Mapping[str, Sequence[object]], message: object | None = None) -> None:
        self.errors = {field: [str(text) for text in texts] for field, texts in errors.items()}
        super().__init__(message)


class AuthenticationFailed(RegistryError):
    status = 401
    title = _l("Unknown user name or wrong password")


class TransitionNotAllowed(Conflict):
    title = _l("This step is not possible in the assessment's current state")


class SelfEndorsementForbidden(Forbidden):
    title = _l("A moderator cannot endorse an assessment they assessed")


class StaleRecord(Conflict):
    title = _l("Someone else changed this record while you were working on it")


class PossibleDuplicate(Conflict):
    title = _l("This person may already be registered")

    def __init__(self, matches: Sequence[object], message: object | None = None) -> None:
        self.matches = list(matches)
        super().__init__(message)
