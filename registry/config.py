"""Settings read from ``REGISTRY_*`` environment variables.

This is the only module that reads the environment. In production the app refuses to start
without its secrets; in development and demo mode it generates them once into ``instance/``.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
SECRET_NAMES = ("SECRET_KEY", "KEY_ENCRYPTION_KEY")
ENVIRONMENTS = ("production", "development", "demo", "testing")


class ConfigurationError(RuntimeError):
    """The app cannot start with the settings it was given."""


MIN_SECRET_BYTES = 32


def _checked_networks(text: str) -> str:
    import ipaddress

    for part in text.split(","):
        if part.strip():
            try:
                ipaddress.ip_network(part.strip(), strict=False)
            except ValueError:
                raise ConfigurationError(f"REGISTRY_TRUSTED_PROXIES: {part.strip()!r} is not an address or network") \
                    from None
    return text


def _refuse_weak_settings(env: Mapping[str, str], secrets_found: Mapping[str, str]) -> None:
    """Production starts only with long, distinct secrets and with its protections on."""
    short = [f"REGISTRY_{name}" for name, value in secrets_found.items() if len(value.encode()) < MIN_SECRET_BYTES]
    if short:
        raise ConfigurationError(f"{', '.join(short)} must be at least {MIN_SECRET_BYTES} bytes (for example "
                                 f"`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)")
    if len(set(secrets_found.values())) < len(secrets_found):
        raise ConfigurationError("REGISTRY_SECRET_KEY and REGISTRY_KEY_ENCRYPTION_KEY must differ")
    for name, what in (("REGISTRY_CSRF", "CSRF protection"), ("REGISTRY_RATELIMIT_ENABLED", "rate limiting")):
        if env.get(name, "1") == "0":
            raise ConfigurationError(f"{name}=0 switches {what} off: not in production")


def load_settings(env: Mapping[str, str] | None = None, instance_path: Path | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from ``REGISTRY_*`` variables."""
    env = os.environ if env is None else env
    instance = Path(env.get("REGISTRY_INSTANCE_PATH", instance_path or DEFAULT_INSTANCE))
    mode = env.get("REGISTRY_ENV", "development")
    if mode not in ENVIRONMENTS:
        raise ConfigurationError(f"REGISTRY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {mode!r}")

    secrets_found = {name: env.get(f"REGISTRY_{name}", "") for name in SECRET_NAMES}
    missing = [name for name, value in secrets_found.items() if not value]
    if missing and mode == "production":
        names = ", ".join(f"REGISTRY_{name}" for name in missing)
        raise ConfigurationError(f"production needs {names}; refusing to start without them")
    if mode == "production":
        _refuse_weak_settings(env, secrets_found)
    if missing:
        generated = _instance_secrets(instance)
        for name in missing:
            secrets_found[name] = generated[name]

    database_url = env.get("REGISTRY_DATABASE_URL") or f"sqlite:///{instance / 'registry.sqlite3'}"
    if mode == "production" and database_url.startswith("sqlite") and not env.get("REGISTRY_ALLOW_SQLITE"):
        # SQLite is fine for one training centre's laptop, but a national registry must say so explicitly.
        raise ConfigurationError("production uses PostgreSQL; set REGISTRY_ALLOW_SQLITE=1 to run on SQLite")

    testing = mode == "testing"
    return {
        "REGISTRY_ENV": mode,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secrets_found["SECRET_KEY"],
        "KEY_ENCRYPTION_KEY": secrets_found["KEY_ENCRYPTION_KEY"],
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "PUBLIC_BASE_URL": env.get("REGISTRY_PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); none by default.
        "TRUSTED_PROXIES": _checked_networks(env.get("REGISTRY_TRUSTED_PROXIES", "")),
        # Counted in Redis when the registry has it, so that every worker and machine counts together; should
        # Redis stop answering, each worker counts in its own memory until it answers again (and logs it).
        "RATELIMIT_STORAGE_URI": env.get("REGISTRY_RATELIMIT_STORAGE_URL") or env.get("REGISTRY_REDIS_URL")
        or "memory://",
        "RATELIMIT_STORAGE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
        if (env.get("REGISTRY_RATELIMIT_STORAGE_URL") or env.get("REGISTRY_REDIS_URL") or "").startswith("redis")
        else {},
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": env.get("REGISTRY_RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env.get("REGISTRY_LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "LOGIN_ADDRESS_RATE_LIMIT": env.get("REGISTRY_LOGIN_ADDRESS_RATE_LIMIT", "60 per minute;300 per hour"),
        "VERIFY_RATE_LIMIT": env.get("REGISTRY_VERIFY_RATE_LIMIT", "120 per minute"),
        "VERIFIER_NOTE_RATE_LIMIT": env.get("REGISTRY_VERIFIER_NOTE_RATE_LIMIT", "10 per hour"),
        # Reports count the months changed since the last count again at most this often (services/report_tallies.py).
        "REPORT_RECOUNT_SECONDS": float(env.get("REGISTRY_REPORT_RECOUNT_SECONDS", "0" if testing else "60")),
        # More months than this waiting to be counted are left to the job worker (minutes each on a national
        # registry, past a request's timeout); the report shows the tallies counted so far and says so.
        "REPORT_MONTHS_IN_REQUEST": int(env.get("REGISTRY_REPORT_MONTHS_IN_REQUEST", "1000" if testing else "3")),
        # Seconds an API check may wait in a worker's memory to be written with others (services/check_log.py).
        "VERIFICATION_LOG_DELAY": float(env.get("REGISTRY_VERIFICATION_LOG_DELAY", "0" if testing else "1")),
        "ARGON2_TIME_COST": int(env.get("REGISTRY_ARGON2_TIME_COST", "1" if testing else "3")),
        "ARGON2_MEMORY_COST": int(env.get("REGISTRY_ARGON2_MEMORY_COST", "1024" if testing else "65536")),
        "DEMO_MODE": mode in ("development", "demo", "testing"),
        "TESTING": testing,
        "WTF_CSRF_ENABLED": env.get("REGISTRY_CSRF", "1") != "0",
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_I18N_ENABLED": False,
        # Roles that must use a second factor (an authenticator app); optional for the others.
        "TOTP_REQUIRED_ROLES": tuple(role.strip() for role in env.get(
            "REGISTRY_TOTP_REQUIRED_ROLES", "admin,provider_admin" if mode == "production" else "").split(",")
            if role.strip()),
        # A staff login not used for this long ends (a laptop left open in a training centre).
        "SESSION_IDLE_MINUTES": float(env.get("REGISTRY_SESSION_IDLE_MINUTES", "60")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": mode == "production",
        "REMEMBER_COOKIE_SECURE": mode == "production",
        "MAX_EVIDENCE_BYTES": int(env.get("REGISTRY_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024))),
        # Above the evidence limit, so an oversized file gets a message beside the field, not a bare 413.
        "MAX_CONTENT_LENGTH": int(env.get("REGISTRY_MAX_REQUEST_BYTES", str(32 * 1024 * 1024))),
        # The retention rule (registry/jobs/retention.py): evidence kept this long after its certificate is issued,
        # an uploaded spreadsheet's file and rows this long after the upload.
        "EVIDENCE_RETENTION_YEARS": int(env.get("REGISTRY_EVIDENCE_RETENTION_YEARS", "2")),
        "IMPORT_RETENTION_DAYS": int(env.get("REGISTRY_IMPORT_RETENTION_DAYS", "30")),
        # Evidence and rendered documents in S3-compatible object storage (registry/infra/file_store.py) rather
        # than the two folders below: s3://bucket/prefix?endpoint_url=...&region=...
        "STORAGE_URL": env.get("REGISTRY_STORAGE_URL", ""),
        "EVIDENCE_PATH": env.get("REGISTRY_EVIDENCE_PATH", str(instance / "evidence")),
        "DOCUMENT_CACHE_PATH": env.get("REGISTRY_DOCUMENT_CACHE_PATH", str(instance / "documents")),
        # The job queue (registry/infra/queue.py): Redis when given, else a SQLite file beside the database.
        "REDIS_URL": env.get("REGISTRY_REDIS_URL", ""),
        "QUEUE_PATH": env.get("REGISTRY_QUEUE_PATH", str(instance / "queue.sqlite3")),
        # Run jobs in the request that starts them, with no worker (tests of pages, not of the queue).
        "QUEUE_IMMEDIATE": env.get("REGISTRY_QUEUE_IMMEDIATE", "1" if testing else "0") == "1",
        # A running job renews its lease at each batch; a job whose lease ran out is taken up again.
        "JOB_LEASE_SECONDS": float(env.get("REGISTRY_JOB_LEASE_SECONDS", "60")),
        "QUEUE_WORKERS": int(env.get("REGISTRY_QUEUE_WORKERS", "2")),
        # Several registries (or test runs) may share one Redis: each its own queue name.
        "QUEUE_NAME": env.get("REGISTRY_QUEUE_NAME", "registry"),
        # Rows an import writes and commits at a time: a job taken up again redoes at most one batch's work.
        "IMPORT_BATCH": int(env.get("REGISTRY_IMPORT_BATCH", "200")),
        # A cohort's PDFs are rendered by this many processes (one per core) from this many certificates on.
        "RENDER_PROCESSES": int(env.get("REGISTRY_RENDER_PROCESSES", str(os.cpu_count() or 1))),
        "RENDER_PARALLEL_FROM": int(env.get("REGISTRY_RENDER_PARALLEL_FROM", "100")),
        "APPEAL_WINDOW_DAYS": int(env.get("REGISTRY_APPEAL_WINDOW_DAYS", "30")),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": env.get("REGISTRY_TIMEZONE", "Asia/Bangkok"),
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "registry" / "translations"),
    }


def _engine_options(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    # A connection tested before each use (a restarted server's dead ones are replaced), and a server that does not
    # answer given up on after a few seconds rather than holding the request until a proxy's timeout.
    return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}


def _instance_secrets(instance: Path) -> dict[str, str]:
    """Secrets generated once for a development machine and kept in ``instance/secrets.json``."""
    path = instance / "secrets.json"
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
    if all(stored.get(name) for name in SECRET_NAMES):
        return stored
    for name in SECRET_NAMES:
        stored.setdefault(name, secrets.token_urlsafe(32))
    instance.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2), encoding="utf-8")
    path.chmod(0o600)
    return stored
