"""Small counts: primary and secondary suppression, and the difference with an unfiltered count."""

from __future__ import annotations

from registry.core.suppression import SMALL, against_unfiltered, breakdown, shown


def test_one_to_four_people_are_never_shown_zero_is() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 120)] == [0, SMALL, SMALL, 5, 120]


def test_a_single_hidden_cell_cannot_be_had_back_from_the_total() -> None:
    cells, total = breakdown({"female": 3, "male": 40, "other": 12, "undisclosed": 0}, 55)
    assert cells == {"female": SMALL, "male": 40, "other": SMALL, "undisclosed": 0} and total == 55
    hidden = [key for key, value in cells.items() if value == SMALL]
    assert len(hidden) == 2  # total minus the shown cells gives only the sum of two hidden ones


def test_two_hidden_cells_need_nothing_more_and_a_small_total_is_hidden() -> None:
    assert breakdown({"KH": 2, "LA": 3, "MM": 30}, 35) == ({"KH": SMALL, "LA": SMALL, "MM": 30}, 35)
    assert breakdown({"KH": 3, "LA": 0}, 3) == ({"KH": SMALL, "LA": 0}, SMALL)


def test_a_filtered_count_that_leaves_out_few_people_is_hidden() -> None:
    assert against_unfiltered(12, 12, 15) == SMALL  # 15 - 12 = 3 people the filter left out
    assert against_unfiltered(12, 12, 12) == 12  # the filter left nobody out
    assert against_unfiltered(12, 12, 30) == 12
