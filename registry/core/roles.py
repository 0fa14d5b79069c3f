"""The staff roles of the registry and what each is for."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    PROVIDER_ADMIN = "provider_admin"
    ASSESSOR = "assessor"
    MODERATOR = "moderator"
    ANALYST = "analyst"  # programme, donor or ministry staff: aggregate reports of every centre, no person's record

    @property
    def needs_centre(self) -> bool:
        """Centre staff work for exactly one training centre; the registry's operators and analysts for none."""
        return self not in (Role.ADMIN, Role.ANALYST)


ALL_ROLES: tuple[Role, ...] = tuple(Role)
CENTRE_STAFF: tuple[Role, ...] = (Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
