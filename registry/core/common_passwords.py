"""Passwords everyone tries first: a staff password that is one of these, or one of them with digits or symbols
added at the end ("Password2026!"), is refused. Bundled, so that no password is ever sent anywhere to be checked."""

from __future__ import annotations

import re

# Lower-case, the digits and symbols at the end taken off, as ``_core`` makes a password.
WORDS = frozenset("""
password passw0rd p@ssw0rd p@ssword pass passwd password1 secret letmein welcome welcome1 admin administrator
root login user guest default changeme change changeit test tester testing demo qwerty qwertyuiop qwertyui
qwert asdfgh asdfghjkl asdf zxcvbn zxcvbnm qazwsx zaq1 zaq12wsx 1qaz2wsx 1q2w3e4r 1q2w3e4r5t 1q2w3e q1w2e3r4
q1w2e3r4t5 qwe qweasd qweasdzxc abc abcd abcdef abcdefg abcdefgh iloveyou loveyou iloveu love lovely monkey
dragon master shadow sunshine princess football baseball soccer superman batman starwars trustno whatever
freedom computer internet samsung iphone google facebook hello hellohello welcome123 hunter killer charlie
michael jennifer jordan pokemon naruto flower buster cookie cheese summer winter spring autumn registry
skills skill certificate training centre center thailand bangkok cambodia laos myanmar burma สวัสดี รหัสผ่าน
""".split())  # noqa: SIM905 (a list people can read and add to)
_TRAILING = re.compile(r"[\d\W_]+$")
_SEQUENCES = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _core(password: str) -> str:
    return _TRAILING.sub("", password.strip().casefold())


def is_common(password: str, username: str = "") -> bool:
    """A password anyone would guess: a common one, the user name, one character repeated, or a run of digits or
    keys (``1234567890``, ``qwertyuiop``)."""
    folded = password.strip().casefold()
    core = _core(password)
    if not core or core in WORDS or folded in WORDS:
        return True  # digits alone ("1234567890") leave nothing
    if username and username.casefold() in (folded, core):
        return True
    if len(set(folded)) <= 2:
        return True
    return any(folded in run or run.startswith(folded) for run in _SEQUENCES)
