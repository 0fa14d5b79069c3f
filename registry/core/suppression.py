"""Small counts kept from identifying people: any count of 1 to 4 people is shown as "<5".

Primary suppression hides those counts. Secondary suppression stops them being worked out again: a breakdown whose
total is shown must not have a single hidden cell (total minus the others would give it), so the smallest other
non-zero cell is hidden too. A filtered count is also hidden when it differs from the same count unfiltered by 1 to
4 (the unfiltered number minus the filtered one would give the few people left out).
"""

from __future__ import annotations

from collections.abc import Mapping

SMALL = "<5"
THRESHOLD = 5

Shown = int | str


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def shown(count: int) -> Shown:
    return SMALL if is_small(count) else count


def breakdown(cells: Mapping[str, int], total: int) -> tuple[dict[str, Shown], Shown]:
    """A breakdown and its total, as they may be shown."""
    hidden = {key for key, count in cells.items() if is_small(count)}
    if len(hidden) == 1 and not is_small(total):
        others = sorted((count, key) for key, count in cells.items() if key not in hidden and count > 0)
        if others:
            hidden.add(others[0][1])
    return {key: (SMALL if key in hidden else count) for key, count in cells.items()}, shown(total)


def against_unfiltered(filtered: Shown, filtered_count: int, unfiltered_count: int) -> Shown:
    """A filtered count, hidden when the few it leaves out could be found by subtracting it from the unfiltered."""
    return SMALL if filtered != 0 and is_small(unfiltered_count - filtered_count) else filtered
