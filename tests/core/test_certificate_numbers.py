from __future__ import annotations

import contextlib
import random
import re

import pytest

from registry.core.certificate_numbers import (
    QUASIGROUP,
    SYMBOLS,
    InvalidCertificateNumber,
    check_character,
    compose_number,
    has_valid_check,
    looks_like_number,
    normalise_number,
)

LOOK_ALIKES = {"O": "0", "I": "1", "L": "1"}


def sample_numbers(count: int) -> list[str]:
    rng = random.Random(20260514)
    numbers = [compose_number("KH", "BSH", 2026, 42), compose_number("LA", "VTE01", 2027, 123456)]
    while len(numbers) < count:
        country = "".join(rng.choices(SYMBOLS[10:], k=2))
        code = "".join(rng.choices(SYMBOLS, k=rng.randint(2, 8)))
        sequence = rng.choice([rng.randint(1, 99_999), rng.randint(100_000, 10**9)])
        numbers.append(compose_number(country, code, rng.randint(2000, 2099), sequence))
    return numbers


NUMBERS = sample_numbers(120)


def test_numbers_already_printed_keep_their_check_character() -> None:
    # Certificates are on paper: any change of the scheme would make them fail verification.
    assert compose_number("KH", "BSH", 2026, 42) == "KH-BSH-2026-00042-J"
    assert compose_number("TH", "BSH", 2026, 1) == "TH-BSH-2026-00001-9"
    assert compose_number("LA", "VTE01", 2027, 123456) == "LA-VTE01-2027-123456-1"


def test_composed_number_has_the_documented_shape() -> None:
    for number in NUMBERS:
        assert re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{2,8}-\d{4}-\d{5,}-[0-9A-Z]", number), number
        assert number[-1] == check_character(number[:-2])


def test_sequence_is_padded_to_five_digits_and_grows_beyond() -> None:
    assert compose_number("KH", "PCT", 2026, 7).startswith("KH-PCT-2026-00007-")
    assert compose_number("KH", "PCT", 2026, 1_234_567).startswith("KH-PCT-2026-1234567-")


def test_check_character_ignores_dashes() -> None:
    assert check_character("KH-BSH-2026-00042") == check_character("KHBSH202600042")


def test_quasigroup_is_latin_square_with_identity_zero_check() -> None:
    for row in QUASIGROUP:
        assert sorted(row) == list(range(36))
    for column in range(36):
        assert sorted(row[column] for row in QUASIGROUP) == list(range(36))


def test_quasigroup_is_totally_anti_symmetric() -> None:
    for c in range(36):
        for x in range(36):
            for y in range(x + 1, 36):
                assert QUASIGROUP[QUASIGROUP[c][x]][y] != QUASIGROUP[QUASIGROUP[c][y]][x], (c, x, y)


def test_every_single_substitution_over_all_symbols_is_caught() -> None:
    for number in NUMBERS:
        compact = number.replace("-", "")
        assert has_valid_check(compact)
        for position, original in enumerate(compact):
            for symbol in SYMBOLS:
                if symbol != original:
                    mutated = compact[:position] + symbol + compact[position + 1:]
                    assert not has_valid_check(mutated), (number, position, symbol)


def test_every_swap_of_neighbouring_characters_is_caught() -> None:
    for number in NUMBERS:
        compact = number.replace("-", "")
        for position in range(len(compact) - 1):
            left, right = compact[position], compact[position + 1]
            if left != right:
                swapped = compact[:position] + right + left + compact[position + 2:]
                assert not has_valid_check(swapped), (number, position)


def is_forgiven_look_alike(number: str, position: int, symbol: str) -> bool:
    """True when `symbol` typed at `position` is a letter normalise_number reads as the digit printed there."""
    groups = number.split("-")
    year_start = len(groups[0]) + len(groups[1]) + 2
    sequence_end = len(number) - 2
    return year_start <= position < sequence_end and LOOK_ALIKES.get(symbol) == number[position]


def test_normalise_refuses_every_mistyped_character_of_the_printed_number() -> None:
    # Typing a symbol for a dash, or a dash for a symbol, inserts into or deletes from the checked characters:
    # no single check character catches all of those, so only symbol-for-symbol slips are exhaustive here.
    for number in NUMBERS:
        for position, original in enumerate(number):
            if original == "-":
                continue
            for symbol in SYMBOLS:
                if symbol == original:
                    continue
                typed = number[:position] + symbol + number[position + 1:]
                if is_forgiven_look_alike(number, position, symbol):
                    assert normalise_number(typed) == number
                else:
                    with pytest.raises(InvalidCertificateNumber):
                        normalise_number(typed)


def test_normalise_never_reads_a_swap_of_neighbours_as_another_number() -> None:
    for number in NUMBERS:
        for position in range(len(number) - 1):
            left, right = number[position], number[position + 1]
            if left == right:
                continue
            typed = number[:position] + right + left + number[position + 2:]
            if "-" in (left, right):
                # A moved dash changes no checked character: refused, or read as the same number.
                with contextlib.suppress(InvalidCertificateNumber):
                    assert normalise_number(typed) == number
            else:
                with pytest.raises(InvalidCertificateNumber):
                    normalise_number(typed)


def test_normalise_round_trips_composed_numbers() -> None:
    for number in NUMBERS:
        assert normalise_number(number) == number


@pytest.mark.parametrize("typed", [
    "kh-bsh-2026-00042-j",
    "  KH BSH 2026 00042 J  ",
    "KH_BSH_2026_00042_J",
    "KH.BSH.2026.00042.J",
    "KH - BSH - 2026 - 00042 - J",
    "KH-BSH-2O26-OOO42-J",
    "ＫＨ－ＢＳＨ－２０２６－０００４２－Ｊ",
    "KHBSH202600042J",
    "KH BSH 202600042J",
])
def test_normalise_forgives_how_people_type_numbers(typed: str) -> None:
    assert normalise_number(typed) == "KH-BSH-2026-00042-J"


def test_normalise_reads_i_and_l_as_one_in_year_and_sequence() -> None:
    number = compose_number("TH", "BSH", 2011, 11111)
    assert normalise_number(number.replace("1", "I", 2).replace("1", "l", 1)) == number


def test_normalise_keeps_look_alike_letters_in_centre_code_and_check() -> None:
    letters, digits = compose_number("KH", "OIL0", 2026, 5), compose_number("KH", "0110", 2026, 5)
    assert normalise_number(letters) == letters and normalise_number(digits) == digits
    with pytest.raises(InvalidCertificateNumber) as raised:
        normalise_number(letters.replace("OIL0", "0IL0"))
    assert raised.value.reason == "check"


def test_normalise_reports_a_wrong_check_character_as_check() -> None:
    with pytest.raises(InvalidCertificateNumber) as raised:
        normalise_number("KH-BSH-2026-00042-K")
    assert raised.value.reason == "check"


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "KH-BSH-2026-00042",
    "K-BSH-2026-00042-J",
    "12-BSH-2026-00042-J",
    "KH-B-2026-00042-J",
    "KH-BSHABCDEF-2026-00042-J",
    "KH-BSH-026-00042-J",
    "KH-BSH-0026-00042-J",
    "KH-BSH-2026-0042-J",
    "KH-BSH-2026-000042-J",
    "KH-BSH-2026-00000-0",
    "KH-BSH-2026-0A042-J",
    "KH-BSH-2026-00042-JJ",
    "KH/BSH/2026/00042/J",
    "KH-BSH-2026-00042-J-1",
    "https://registry.example.org/v/ABCDEFGH",
])
def test_normalise_reports_text_that_cannot_be_a_number_as_format(text: str) -> None:
    with pytest.raises(InvalidCertificateNumber) as raised:
        normalise_number(text)
    assert raised.value.reason == "format"


def test_normalise_refuses_to_guess_between_readings_without_separators() -> None:
    number = compose_number("KH", "PCT01", 2026, 12)
    # Also readable as centre PCT0, year 1202, sequence 600012.
    with pytest.raises(InvalidCertificateNumber) as raised:
        normalise_number(number.replace("-", ""))
    assert raised.value.reason == "format"
    assert normalise_number(number.replace("-", " ")) == number


@pytest.mark.parametrize(("country", "code", "year", "sequence"), [
    ("kh", "BSH", 2026, 1),
    ("K1", "BSH", 2026, 1),
    ("KH", "B", 2026, 1),
    ("KH", "bsh", 2026, 1),
    ("KH", "BSH-1", 2026, 1),
    ("KH", "BSH", 999, 1),
    ("KH", "BSH", 10000, 1),
    ("KH", "BSH", 2026, 0),
    ("KH", "BSH", 2026, 10**12),
])
def test_compose_refuses_parts_a_number_cannot_hold(country: str, code: str, year: int, sequence: int) -> None:
    with pytest.raises(ValueError, match="must|range"):
        compose_number(country, code, year, sequence)


def test_invalid_number_is_a_value_error_with_a_reason() -> None:
    with pytest.raises(ValueError) as raised:
        normalise_number("nonsense")
    assert isinstance(raised.value, InvalidCertificateNumber) and raised.value.reason == "format"


@pytest.mark.parametrize("text", [
    "KH-BSH-2026-00042-J",
    "kh bsh 2026 00042 j",
    "KHBSH202600042J",
    "KH-BSH-2026-00042-K",
    "LA-VTE01-2027-123456-1",
])
def test_looks_like_number_accepts_typed_numbers(text: str) -> None:
    assert looks_like_number(text)


@pytest.mark.parametrize("text", [
    "",
    "KH-BSH",
    "https://registry.example.org/v/NBSWY3DPEB3W64TMMQ",
    "http://x.kh/v/NBSWY3DP",
    "2UEYQAIMBBGUKUBA2WDN3AFCZA3GJCALPBRFZKZSHTEX2GTB3WEVJKIWY7LHMPYTVEYKWDGAQI3L4P7BPFEY5UYQ",
    "00-BSH-2026-00042-J",
])
def test_looks_like_number_refuses_qr_texts_and_nonsense(text: str) -> None:
    assert not looks_like_number(text)
