"""The staff roles of the registry and what each is for."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    PROVIDER_ADMIN = "provider_admin"
    ASSESSOR = "assessor"
    MODERATOR = "moderator"

    @property
    def needs_centre(self) -> bool:
        """Everyone but the registry operator works for exactly one training centre."""
        return self is not Role.ADMIN


ALL_ROLES: tuple[Role, ...] = tuple(Role)
CENTRE_STAFF: tuple[Role, ...] = (Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
