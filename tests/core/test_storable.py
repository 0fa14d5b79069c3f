"""The limits every boundary checks: what an INTEGER column and a PostgreSQL text column take."""

from __future__ import annotations

import pytest

from registry.core.qr_payload import unverified_fields
from registry.core.storable import INTEGER_MAX, has_control_characters, is_integer_value, is_record_id, whole_number


@pytest.mark.parametrize("value", [1, 42, INTEGER_MAX])
def test_record_ids_are_ints_an_integer_column_holds(value: int) -> None:
    assert is_record_id(value)


@pytest.mark.parametrize("value", [0, -1, INTEGER_MAX + 1, 2**63, True, False, 1.0, "1", None, [1]])
def test_bools_floats_text_and_ints_out_of_range_are_not_record_ids(value: object) -> None:
    assert not is_record_id(value)


def test_versions_may_be_zero_but_not_true() -> None:
    assert is_integer_value(0) and is_integer_value(INTEGER_MAX)
    assert not is_integer_value(True) and not is_integer_value(-1) and not is_integer_value(INTEGER_MAX + 1)


@pytest.mark.parametrize(("text", "expected"), [("7", 7), ("007", 7), (str(INTEGER_MAX), INTEGER_MAX),
                                                (str(INTEGER_MAX + 1), None), ("²", None), ("١", None), ("", None),
                                                (" 1", None), ("-1", None), ("1.0", None), (None, None)])
def test_whole_numbers_are_ascii_digits_within_integer(text: str | None, expected: int | None) -> None:
    assert whole_number(text) == expected


@pytest.mark.parametrize("text", ["A\x00B", "\x1b[0m", "\x7f", "\x85", "line\nbreak", "tab\there", "\ud800"])
def test_control_characters_are_found(text: str) -> None:
    assert has_control_characters(text)


def test_multiline_text_keeps_tabs_and_line_breaks_but_not_nul() -> None:
    assert not has_control_characters("one\r\ntwo\tthree", multiline=True)
    assert has_control_characters("one\x00two", multiline=True)
    assert not has_control_characters("SOK Sreyneang សុខ ស្រីនាង \u200b 😀")


def test_a_payload_whose_number_holds_nul_names_no_record() -> None:
    import cbor2

    assert unverified_fields(cbor2.dumps({"n": "TH-BSH-2026-00001-X"})) == {"n": "TH-BSH-2026-00001-X"}
    assert unverified_fields(cbor2.dumps({"n": "A\x00"})) is None
    assert unverified_fields(cbor2.dumps({"n": "A\u200bB"})) is None
