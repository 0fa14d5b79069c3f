"""Verification at national scale: the verify API against a trivial JSON endpoint of the same app.

With 1,000,000 certificates in the database (20,000 issued for real through the service, the rest bulk
rows that make the tables and indexes national-sized), gunicorn serves the app with its checked-in
configuration on loopback; wrk (a C load generator, so that the client takes little of the two cores) measures
requests per second and p50/p99 latency for
`GET /api/v1/verify/{QR code}` and for `GET /api/v1/health` in the same run, in alternating turns so that the
shared machine's changing load falls on both. Targets: verify >= 0.7 x trivial on SQLite, >= 0.6 x on
PostgreSQL.
Each wrk thread walks its own share of the real codes, so no certificate is checked twice in a run: every
request pays for the whole check (decoding, the record, the rate limit, the log), as checks of a nation's
certificates would.

Run: `.venv/bin/python bench/verify.py [--postgres] [--certificates N] [--seconds S] [--rounds R]
[--connections C] [--database URL]` (`make system-deps` installs wrk). `--database` fills the (empty) database at URL
once and measures on it again on later runs, which saves the fill (minutes) while trying changes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import nullcontext
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REAL = 40_000
ISSUE_BATCH = 500
WARM_UP = 2_000  # codes checked before measuring, never during
CHUNK = 50_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_database(url: str, total: int, env: dict[str, str]) -> list[str]:
    """Migrate, issue REAL certificates, then fill to `total` rows; return the real QR codes."""
    import issue as issue_bench
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from registry import create_app
    from registry.extensions import db
    from registry.models import Assessment, Certificate, StatusList, User
    from registry.services import certificates
    from registry.services.certificates import IssueContext

    app = create_app(env=env)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        head_id, assessment_ids = issue_bench.seed(REAL)
        head = db.session.get(User, head_id)
        assert head is not None
        context = IssueContext(app.config["KEY_ENCRYPTION_KEY"], "http://127.0.0.1", date(2026, 11, 23))
        codes: list[str] = []
        for first in range(0, len(assessment_ids), ISSUE_BATCH):
            batch = list(db.session.scalars(select(Assessment).where(
                Assessment.id.in_(assessment_ids[first:first + ISSUE_BATCH]))))
            issued = certificates.issue_certificates(db.session, head, batch, context)
            codes += [c.qr_code for c in issued.certificates]
            template_id = issued.certificates[0].id
            db.session.commit()
        template = db.session.get(Certificate, template_id)
        assert template is not None
        lists_needed = (total - REAL) // 131_072 + 1
        list_ids = []
        for _ in range(lists_needed):
            status_list = StatusList(centre_id=template.centre_id, size=131_072, next_index=131_072, revision=0)
            db.session.add(status_list)
            db.session.flush()
            list_ids.append(status_list.id)
        db.session.commit()
        base = {c.name: getattr(template, c.key) for c in Certificate.__table__.columns if c.key != "id"}
        started = time.perf_counter()
        for offset in range(0, total - REAL, CHUNK):
            rows = []
            for n in range(offset, min(offset + CHUNK, total - REAL)):
                rows.append({**base, "number": f"TH-FILL-2026-{n:07d}-X", "status_list_id": list_ids[n // 131_072],
                             "status_index": n % 131_072, "qr_code": f"FILL{n}",
                             "credential_id": f"urn:uuid:{uuid.uuid4()}", "holder_token_hash": None,
                             # History rows of the template's assessment: an assessment has one live certificate
                             # (a partial unique index), and these only give the tables a nation's size.
                             "status": "superseded", "supersedes_id": None, "superseded_by_id": None})
            db.session.execute(insert(Certificate.__table__), rows)
            db.session.commit()
        print(f"database: {total:,} certificates ({time.perf_counter() - started:.0f} s to fill)", flush=True)
        settle(db.engine)
    return codes


def codes_already_there(url: str) -> list[str] | None:
    """The real QR codes of a database an earlier run filled, or None when it is empty."""
    from sqlalchemy import create_engine, inspect, select

    from registry.models import Certificate

    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("certificate"):
            return None
        with engine.connect() as connection:
            codes = list(connection.scalars(select(Certificate.qr_code).where(
                Certificate.qr_code.not_like("FILL%")).order_by(Certificate.id)))
        return codes or None
    finally:
        engine.dispose()


def settle(engine) -> None:  # type: ignore[no-untyped-def]
    """Let the database finish digesting the bulk load before measuring, as a live registry's would have.

    Otherwise autovacuum and checkpoints on the million fresh rows run during the measurement, on the same two
    cores, and the figures swing by half from one run to the next. Then the real certificates' rows and index
    entries are read into the database's cache, where a live registry's checked certificates are: the bulk rows
    written last had pushed them out, and every check of the first run after a fill read its row from the disk's
    cache (PostgreSQL 0.44 x the trivial endpoint, then 0.62 on the same database).
    """
    from sqlalchemy import text

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("VACUUM ANALYZE"))
            connection.execute(text("CHECKPOINT"))
        else:
            connection.execute(text("ANALYZE"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        warm_up_cache(connection)


def warm_up_cache(connection) -> None:  # type: ignore[no-untyped-def]
    """Read the real certificates' rows (by the primary key's index: a sequential scan of a large table would
    bypass PostgreSQL's cache) and their numbers' index entries, without checking any."""
    from sqlalchemy import text

    connection.execute(text("SELECT sum(length(qr_code)) FROM certificate WHERE id <= :real"), {"real": REAL})
    connection.execute(text("SELECT count(*) FROM certificate WHERE number >= 'TH-BENCH' AND number < 'TH-BENCI'"))


# wrk walks the paths in a file, each of its threads its own share, and prints its figures as JSON at the end.
WRK_SCRIPT = """
local paths, counter, step = {}, 0, 1
local threads_seen = 0
function setup(thread)
  thread:set("first", threads_seen)
  threads_seen = threads_seen + 1
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  step = tonumber(args[2])
  counter = first
end
function request()
  local path = paths[(counter % #paths) + 1]
  counter = counter + step
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d, '
    .. '"non_2xx": %d}\\n', summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def run_wrk(port: int, paths: list[str], seconds: float, connections: int, threads: int, folder: str
            ) -> dict[str, float]:
    """One run of wrk (C, its own process: it takes little of the two cores the server shares with it)."""
    listing = Path(folder) / f"paths-{uuid.uuid4().hex}.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="ascii")
    script = Path(folder) / "walk.lua"
    script.write_text(WRK_SCRIPT, encoding="ascii")
    done = subprocess.run(  # noqa: S603 (wrk from Debian, fixed arguments)
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s",  # noqa: S607
         "-s", str(script), f"http://127.0.0.1:{port}", "--", str(listing), str(threads)],
        capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK "))
    return dict(json.loads(line[4:]))


def measure_alternately(port: int, trivial_paths: list[str], verify_paths: list[str], seconds: float,
                        connections: int, threads: int, rounds: int, folder: str
                        ) -> tuple[tuple[float, float, float, int], tuple[float, float, float, int]]:
    """Both endpoints, in turns of seconds / rounds each, so that a change in the machine's load (it is shared)
    falls on both alike instead of on whichever ran second."""
    turns: dict[str, list[dict[str, float]]] = {"trivial": [], "verify": []}
    share = len(verify_paths) // rounds
    for turn in range(rounds):
        for name, paths in (("trivial", trivial_paths), ("verify", verify_paths[turn * share:(turn + 1) * share])):
            turns[name].append(run_wrk(port, paths, seconds / rounds, connections, threads, folder))
    return summary(turns["trivial"]), summary(turns["verify"])


def summary(turns: list[dict[str, float]]) -> tuple[float, float, float, int]:
    """Requests per second over all turns; the median turn's p50 and p99 (wrk gives each turn's percentiles)."""
    requests = sum(turn["requests"] for turn in turns)
    seconds = sum(turn["duration_us"] for turn in turns) / 1e6
    p50 = statistics.median(turn["p50_us"] for turn in turns) / 1000
    p99 = statistics.median(turn["p99_us"] for turn in turns) / 1000
    return requests / seconds, p50, p99, int(sum(turn["errors"] + turn["non_2xx"] for turn in turns))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--certificates", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--database", help="a database to fill once and measure on again (default: a new one)")
    options = parser.parse_args()
    from temporary_database import temporary_database

    with tempfile.TemporaryDirectory() as folder, (
            nullcontext(options.database) if options.database
            else temporary_database(folder, options.postgres)) as database:
        env = {**os.environ, "REGISTRY_ENV": "demo", "REGISTRY_INSTANCE_PATH": folder,
               "REGISTRY_DATABASE_URL": database, "REGISTRY_SECRET_KEY": "bench-secret-key-" + "x" * 20,
               "REGISTRY_KEY_ENCRYPTION_KEY": "bench-kek-" + "y" * 20,
               "REGISTRY_VERIFY_RATE_LIMIT": "100000000 per minute"}
        codes = codes_already_there(database)
        if codes is None:
            codes = prepare_database(database, options.certificates, env)
        else:  # filled by an earlier run: its cache may hold other rows by now
            from sqlalchemy import create_engine

            engine = create_engine(database)
            with engine.connect() as connection:
                warm_up_cache(connection)
            engine.dispose()
        port = free_port()
        # The checked-in configuration (registry/infra/gunicorn_conf.py: a sync worker per core), on this port.
        gunicorn = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "python:registry.infra.gunicorn_conf",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env={**env, "REGISTRY_BIND": f"127.0.0.1:{port}"})
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/api/v1/health")
                    break
                except OSError:
                    time.sleep(0.1)
            paths = [f"/api/v1/verify/{code}" for code in codes]
            random.Random(1).shuffle(paths)
            warm_up, paths = paths[:WARM_UP], paths[WARM_UP:]
            # Both workers warmed up on both endpoints (keys, catalogue, pools), verify on codes of its own.
            run_wrk(port, ["/api/v1/health"], 1.0, 2, 1, folder)
            run_wrk(port, warm_up, 1.0, 2, 1, folder)
            trivial, verify = measure_alternately(port, ["/api/v1/health"], paths, options.seconds,
                                                  options.connections, options.wrk_threads, options.rounds, folder)
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
    kind = "PostgreSQL" if "postgresql" in database else "SQLite"
    workers = os.environ.get("REGISTRY_WEB_WORKERS") or os.cpu_count()
    print(f"{kind}, {options.certificates:,} certificates, gunicorn as configured ({workers} sync workers), "
          f"wrk with {options.connections} connections on {options.wrk_threads} thread(s), "
          f"{options.seconds:.0f} s of each endpoint in {options.rounds} alternating turns:")
    print(f"  trivial JSON:  {trivial[0]:7.0f} req/s  p50 {trivial[1]:6.1f} ms  p99 {trivial[2]:6.1f} ms"
          f"  errors {trivial[3]} (baseline)")
    print(f"  verify (QR):   {verify[0]:7.0f} req/s  p50 {verify[1]:6.1f} ms  p99 {verify[2]:6.1f} ms"
          f"  errors {verify[3]}  = {verify[0] / trivial[0]:.2f} x baseline "
          f"(target {'0.6' if kind == 'PostgreSQL' else '0.7'})")
    measured = len(codes) - WARM_UP
    print(f"  ({verify[0] * options.seconds:,.0f} checks of {measured:,} distinct certificates: "
          f"{'each checked at most once' if verify[0] * options.seconds <= measured else 'some checked twice'})")


if __name__ == "__main__":
    main()
