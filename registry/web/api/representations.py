"""How records look in the JSON API; documented in docs/api.md."""

from __future__ import annotations

from typing import Any

from registry.models import Qualification


def qualification_resource(qualification: Qualification) -> dict[str, Any]:
    return {
        "code": qualification.code,
        "title": qualification.titles(),
        "sector": qualification.sector,
        "status": qualification.status.value,
        "levels": qualification.levels(),
        "isco08": qualification.isco08_code,
        "validity_years": qualification.validity_years,
        "units": [
            {"position": index, "code": unit.code, "title": unit.titles()}
            for index, unit in enumerate(qualification.units)
        ],
    }
