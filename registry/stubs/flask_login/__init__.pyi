# Flask-Login 0.6.3: the part the registry uses (stubs/README.md).
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from flask import Flask

_UserT = TypeVar("_UserT")

class UserMixin:
    __hash__: Any
    @property
    def is_active(self) -> bool: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_anonymous(self) -> bool: ...
    def get_id(self) -> str: ...

class AnonymousUserMixin:
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_anonymous(self) -> bool: ...
    def get_id(self) -> None: ...

class LoginManager:
    login_view: str | None
    login_message: str
    login_message_category: str
    session_protection: str | None
    def __init__(self, app: Flask | None = None, add_context_processor: bool = True) -> None: ...
    def init_app(self, app: Flask, add_context_processor: bool = True) -> None: ...
    def user_loader(self, callback: Callable[[str], _UserT | None]) -> Callable[[str], _UserT | None]: ...

# A proxy to whatever the user_loader returned for this request, or an AnonymousUserMixin: Flask-Login cannot
# know the application's user class, so the application narrows it (registry/web/access.py).
current_user: Any

def login_user(user: UserMixin, remember: bool = False, duration: timedelta | None = None, force: bool = False,
               fresh: bool = True) -> bool: ...
def logout_user() -> bool: ...
