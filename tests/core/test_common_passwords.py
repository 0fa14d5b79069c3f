"""Passwords anyone would guess are refused; passphrases are not."""

from __future__ import annotations

import pytest

from registry.core.common_passwords import is_common


@pytest.mark.parametrize("password", ["password123", "Password2026!", "P@ssw0rd", "1234567890", "qwertyuiop",
                                      "aaaaaaaaaa", "ababababab", "Welcome123", "zaq12wsx!!", "Bangkok2026",
                                      "0987654321", "abcdefghij", "iloveyou99", "  letmein2026  "])
def test_common_passwords_are_refused(password: str) -> None:
    assert is_common(password)


def test_the_user_name_is_refused_as_the_password() -> None:
    assert is_common("kanya.s2026", "kanya.s") and is_common("KANYA.S", "kanya.s")
    assert not is_common("kanya.s2026", "somchai")


@pytest.mark.parametrize("password", ["correct horse battery", "admin-demo-2026", "ตากลมริมทะเล 7",
                                      "river lamp orange 42", "mekong-noodle-sunrise"])
def test_passphrases_pass(password: str) -> None:
    assert not is_common(password)
