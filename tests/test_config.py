from __future__ import annotations

from pathlib import Path

import pytest

from registry import create_app
from registry.config import ConfigurationError, load_settings


def test_production_refuses_to_start_without_secrets(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="REGISTRY_SECRET_KEY"):
        create_app(env={"REGISTRY_ENV": "production", "REGISTRY_INSTANCE_PATH": str(tmp_path),
                        "REGISTRY_DATABASE_URL": "postgresql+psycopg://x@localhost/x"})
    assert not (tmp_path / "secrets.json").exists()


def test_production_starts_with_its_secrets(tmp_path: Path) -> None:
    app = create_app(env={
        "REGISTRY_ENV": "production", "REGISTRY_INSTANCE_PATH": str(tmp_path),
        "REGISTRY_SECRET_KEY": "s" * 40, "REGISTRY_KEY_ENCRYPTION_KEY": "k" * 40,
        "REGISTRY_DATABASE_URL": "postgresql+psycopg://x@localhost/x"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEMO_MODE"] is False


def test_development_generates_secrets_once(tmp_path: Path) -> None:
    first = load_settings({"REGISTRY_ENV": "development"}, instance_path=tmp_path)
    second = load_settings({"REGISTRY_ENV": "development"}, instance_path=tmp_path)
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 32
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        load_settings({"REGISTRY_ENV": "staging"}, instance_path=tmp_path)


@pytest.mark.parametrize(("changes", "complaint"), [
    ({"REGISTRY_SECRET_KEY": "short-but-not-empty"}, "at least 32 bytes"),
    ({"REGISTRY_KEY_ENCRYPTION_KEY": "s" * 40}, "must differ"),
    ({"REGISTRY_CSRF": "0"}, "CSRF"),
    ({"REGISTRY_RATELIMIT_ENABLED": "0"}, "rate limiting"),
])
def test_production_refuses_weak_settings(tmp_path: Path, changes: dict[str, str], complaint: str) -> None:
    env = {"REGISTRY_ENV": "production", "REGISTRY_INSTANCE_PATH": str(tmp_path),
           "REGISTRY_SECRET_KEY": "s" * 40, "REGISTRY_KEY_ENCRYPTION_KEY": "k" * 40,
           "REGISTRY_DATABASE_URL": "postgresql+psycopg://x@localhost/x", **changes}
    with pytest.raises(ConfigurationError, match=complaint):
        load_settings(env)
    # Outside production the same switches stay available to tests and to a laptop's demo.
    load_settings({**env, "REGISTRY_ENV": "development"})


def test_rate_limits_are_counted_in_redis_when_the_registry_has_it(tmp_path: Path) -> None:
    shared = load_settings({"REGISTRY_ENV": "development", "REGISTRY_REDIS_URL": "redis://127.0.0.1:6379/0"},
                           instance_path=tmp_path)
    assert shared["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert shared["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True  # Redis gone: each worker counts alone
    assert shared["RATELIMIT_STORAGE_OPTIONS"]["socket_timeout"] <= 1  # never a request hung on it
    alone = load_settings({"REGISTRY_ENV": "development"}, instance_path=tmp_path)
    assert alone["RATELIMIT_STORAGE_URI"] == "memory://" and alone["RATELIMIT_STORAGE_OPTIONS"] == {}
