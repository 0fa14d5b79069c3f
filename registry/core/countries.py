"""Countries the registry deals with; ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

CENTRE_COUNTRIES: tuple[str, ...] = ("KH", "LA", "MM", "TH")
