from __future__ import annotations

from registry.core.tokens import API_TOKEN_PREFIX, new_api_token, same_digest, token_digest


def test_tokens_are_random_and_prefixed() -> None:
    first, second = new_api_token(), new_api_token()
    assert first != second and first.startswith(API_TOKEN_PREFIX) and len(first) > 40


def test_digest_is_stable_and_compared_in_constant_time() -> None:
    token = new_api_token()
    assert same_digest(token_digest(token), token_digest(token))
    assert not same_digest(token_digest(token), token_digest(token + "x"))
