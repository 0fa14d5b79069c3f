"""When a certificate's signing key can be trusted: one rule for a scanned code and a typed number alike.

Both are instants: the moment the certificate was signed, and the moment from which the operator declared the key
compromised (``flask registry keys compromised KID --since``). A certificate signed before that moment keeps its
trust, whatever the calendar day in UTC or in Bangkok.
"""

from __future__ import annotations

from datetime import datetime


def key_problem(key_centre: str, compromised_from: datetime | None, certificate_centre: str,
                signed_at: datetime) -> str:
    """Why a certificate signed at ``signed_at`` with this key cannot be trusted, or "" if it can: the key is
    another centre's ("wrong_centre_key"), or it was signed from the compromise on ("key_compromised")."""
    if key_centre != certificate_centre:
        return "wrong_centre_key"
    if compromised_from is not None and signed_at >= compromised_from:
        return "key_compromised"
    return ""
