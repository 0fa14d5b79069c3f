"""A soak: mixed traffic at a fixed rate against the registry served as `make serve` serves it (gunicorn with the
checked-in configuration) on PostgreSQL, with the database cut twice for 10 s (a TCP proxy between the app and
the server, cut and restored), for 10 minutes (`--minutes`; CI runs 1).

Traffic, on loopback: public verification (most of it: the API by QR code and by number, the verify page), the
workers' own pages, PDF downloads, and staff API writes (issuance and revocation). Prints the requests sent, the
errors other than the 503s expected while the database is cut (target 0), how long the app took to serve again
after each cut, p50/p99 latency outside the cuts, every acknowledged certificate checked to exist at the end, and
each gunicorn process's memory at the start, middle and end (target: flat within 10 %). Exits non-zero on an
unexpected error or a lost certificate, so that CI fails on them; latency and memory are reported, not judged.

Run: `.venv/bin/python bench/soak.py [--minutes M] [--rate R] [--cut-seconds S]`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CERTIFICATES = 2_000  # issued before the run (the verify traffic's codes)
TO_ISSUE = 3_000  # endorsed assessments left for the run's issuance
MIX = (("verify_api", 55), ("verify_number", 10), ("verify_page", 10), ("worker_page", 10), ("pdf", 4),
       ("issue", 7), ("revoke", 4))


@dataclass
class Seeded:
    codes: list[str]
    numbers: list[str]
    holder_paths: list[str]
    waiting: list[int]  # endorsed assessments, issued during the run
    token: str


def seed(env: dict[str, str]) -> Seeded:
    import issue as issue_bench
    from flask_migrate import upgrade
    from sqlalchemy import select

    from registry import create_app
    from registry.extensions import db
    from registry.models import Assessment, User
    from registry.services import api_tokens, certificates
    from registry.services.certificates import IssueContext

    app = create_app(env=env)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        head_id, assessment_ids = issue_bench.seed(CERTIFICATES + TO_ISSUE)
        head = db.session.get(User, head_id)
        assert head is not None
        context = IssueContext(app.config["KEY_ENCRYPTION_KEY"], env["REGISTRY_PUBLIC_BASE_URL"], date.today())
        batch = list(db.session.scalars(select(Assessment).where(Assessment.id.in_(assessment_ids[:CERTIFICATES]))))
        issued = certificates.issue_certificates(db.session, head, batch, context)
        token = api_tokens.create_token(db.session, None, head)
        db.session.commit()
        seeded = Seeded(codes=[c.qr_code for c in issued.certificates],
                        numbers=[c.number for c in issued.certificates],
                        holder_paths=[f"/h/{issued.holder_tokens[c.id]}" for c in issued.certificates],
                        waiting=list(assessment_ids[CERTIFICATES:]), token=token)
        db.engine.dispose()
    return seeded


@dataclass
class Outcome:
    at: float
    kind: str
    status: int
    seconds: float


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)  # numbers of certificates issued with a 201
    lock: threading.Lock = field(default_factory=threading.Lock)


class Traffic:
    """Requests of the mix at ``rate`` a second, each sent at its planned moment by one of a pool of threads."""

    def __init__(self, port: int, seeded: Seeded, rate: float, run: Run) -> None:
        self.port, self.seeded, self.rate, self.run = port, seeded, rate, run
        self.random = random.Random(7)
        self.kinds = [kind for kind, weight in MIX for _ in range(weight)]
        self.plan_lock = threading.Lock()
        self.next_at = 0.0
        self.issued: list[str] = []  # valid numbers that may be revoked

    def request(self, kind: str) -> tuple[str, str, dict[str, str], bytes | None]:
        seeded, pick = self.seeded, self.random
        auth = {"Authorization": f"Bearer {seeded.token}", "Content-Type": "application/json"}
        if kind == "verify_api":
            return "GET", f"/api/v1/verify/{pick.choice(seeded.codes)}", {}, None
        if kind == "verify_number":
            return "GET", f"/api/v1/verify/{pick.choice(seeded.numbers)}", {}, None
        if kind == "verify_page":
            return "GET", f"/v/{pick.choice(seeded.codes)}", {"Accept-Language": "th"}, None
        if kind == "worker_page":
            return "GET", pick.choice(seeded.holder_paths), {}, None
        if kind == "pdf":
            return "GET", f"{pick.choice(seeded.holder_paths[:200])}/certificate.pdf", {}, None
        if kind == "issue" and seeded.waiting:
            return "POST", "/api/v1/certificates", auth, json.dumps(
                {"assessment_id": seeded.waiting.pop()}).encode()
        if kind == "revoke" and self.issued:
            number = self.issued.pop(0)
            return "POST", f"/api/v1/certificates/{number}/revoke", auth, json.dumps(
                {"reason": "issued_in_error"}).encode()
        return "GET", f"/api/v1/verify/{pick.choice(seeded.codes)}", {}, None

    def worker(self, started: float, deadline: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=35)
        while True:
            with self.plan_lock:
                at = self.next_at
                self.next_at += 1 / self.rate
                kind = self.random.choice(self.kinds)
                method, path, headers, body = self.request(kind)
            moment = started + at
            if moment >= deadline:
                return
            time.sleep(max(0.0, moment - time.perf_counter()))
            sent = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status, data = 0, b""
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=35)
            outcome = Outcome(sent - started, kind, status, time.perf_counter() - sent)
            with self.run.lock:
                self.run.outcomes.append(outcome)
                if kind == "issue" and status == 201:
                    number = json.loads(data)["number"]
                    self.run.acknowledged.append(number)
                    self.issued.append(number)


def processes(master: int) -> dict[int, int]:
    """Resident memory (KiB) of gunicorn's master and each of its workers now."""
    found = {}
    for pid in [master, *_children(master)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[pid] = int(line.split()[1])
        except OSError:
            continue
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=30.0, help="requests per second")
    parser.add_argument("--cut-seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=24)
    options = parser.parse_args()
    from temporary_database import temporary_database
    from verify import free_port

    from tests.infra.tcp_proxy import TcpProxy

    seconds = options.minutes * 60
    cuts = [seconds / 3, 2 * seconds / 3]
    with tempfile.TemporaryDirectory() as folder, temporary_database(folder, postgres=True) as database:
        port = free_port()
        env = {**os.environ, "REGISTRY_ENV": "demo", "REGISTRY_INSTANCE_PATH": folder,
               "REGISTRY_DATABASE_URL": database, "REGISTRY_SECRET_KEY": "soak-secret-key-" + "x" * 20,
               "REGISTRY_KEY_ENCRYPTION_KEY": "soak-kek-" + "y" * 24,
               "REGISTRY_VERIFY_RATE_LIMIT": "1000000 per minute",
               "REGISTRY_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "REGISTRY_BIND": f"127.0.0.1:{port}"}
        seeded = seed(env)
        from sqlalchemy.engine import make_url

        url = make_url(database)
        proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
        env["REGISTRY_DATABASE_URL"] = url.set(port=proxy.port).render_as_string(hide_password=False)
        gunicorn = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "python:registry.infra.gunicorn_conf",
             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
        run = Run()
        memory: dict[str, dict[int, int]] = {}
        try:
            for _ in range(200):
                try:
                    probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                    probe.request("GET", "/api/v1/ready")
                    if probe.getresponse().status == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            traffic = Traffic(port, seeded, options.rate, run)
            started = time.perf_counter()
            deadline = started + seconds
            pool = [threading.Thread(target=traffic.worker, args=(started, deadline)) for _ in range(options.threads)]
            for thread in pool:
                thread.start()
            # "Start" once every kind of request has run for a while (fonts loaded, caches and pools filled): the
            # memory a worker settles at, against which growth is told.
            time.sleep(min(cuts[0] - 1, max(5.0, seconds * 0.15)))
            memory["start"] = processes(gunicorn.pid)
            windows: list[tuple[float, float]] = []
            for cut_at in cuts:
                time.sleep(max(0.0, started + cut_at - time.perf_counter()))
                proxy.cut()
                cut_from = time.perf_counter() - started  # when it really happened, not when it was planned
                time.sleep(options.cut_seconds)
                proxy.restore()
                restored_at = time.perf_counter() - started
                windows.append((cut_from, restored_at))
            time.sleep(max(0.0, started + seconds * 0.75 - time.perf_counter()))
            memory["middle"] = processes(gunicorn.pid)
            for thread in pool:
                thread.join()
            memory["end"] = processes(gunicorn.pid)
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=60)
            proxy.close()
        lost = missing_certificates(database, run.acknowledged)

    return report(run, windows, memory, lost, options)


def missing_certificates(database: str, numbers: list[str]) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    with engine.connect() as connection:
        stored = set(connection.execute(text("SELECT number FROM certificate")).scalars())
    engine.dispose()
    return [number for number in numbers if number not in stored]


def report(run: Run, windows: list[tuple[float, float]], memory: dict[str, dict[int, int]], lost: list[str],
           options: argparse.Namespace) -> int:
    outcomes = sorted(run.outcomes, key=lambda outcome: outcome.at)
    # A request met a cut if it was on its way while the database was away: sent during the cut, or sent just
    # before and still waiting for its answer when the cut came.
    met_cut = [any(o.at < end and o.at + o.seconds >= start for start, end in windows) for o in outcomes]
    in_cut = [o for o, met in zip(outcomes, met_cut, strict=True) if met]
    outside = [o for o, met in zip(outcomes, met_cut, strict=True) if not met]
    expected_503 = [o for o in in_cut if o.status == 503]
    recovery = []
    for _, end in windows:
        after = [o for o in outside if o.at >= end]
        first_ok = next((o.at - end for o in after if o.status < 500), None)
        recovery.append(first_ok)
    # After a cut, a request already on its way may still meet the cut: allowed only within the recovery time.
    unexpected = [o for o in outside if (o.status == 0 or o.status >= 500 or o.status in (400, 401, 403, 404))
                  and not any(end <= o.at < end + (gap or 0) + 0.01 for (_, end), gap in zip(windows, recovery,
                                                                                                strict=True))]
    unexpected += [o for o in in_cut if o.status not in (503, 200, 201, 302) or o.status == 0]
    latencies = sorted(o.seconds for o in outside if o.status and o.status < 500)
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0
    by_kind: dict[str, int] = {}
    for outcome in outcomes:
        by_kind[outcome.kind] = by_kind.get(outcome.kind, 0) + 1
    print(f"soak: {options.minutes:g} min at {options.rate:g} requests/s on PostgreSQL, gunicorn as configured, "
          f"the database cut for {options.cut_seconds:g} s at {', '.join(f'{s:.0f} s' for s, _ in windows)}")
    print(f"  requests: {len(outcomes):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(by_kind.items()))})")
    print(f"  during the cuts: {len(in_cut):,} requests, {len(expected_503):,} answered 503 as expected")
    print(f"  served again after each cut: {', '.join(f'{r:.1f} s' if r is not None else 'never' for r in recovery)}")
    print(f"  errors other than the cuts' 503s: {len(unexpected)} (target 0)")
    for outcome in unexpected[:10]:
        print(f"    {outcome.at:7.1f} s {outcome.kind} -> {outcome.status or 'no answer'}")
    print(f"  latency outside the cuts: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(f"  certificates acknowledged (201): {len(run.acknowledged):,}, missing afterwards: {len(lost)} (target 0)")
    for moment in ("start", "middle", "end"):
        shown = ", ".join(f"{pid}: {kib / 1024:.0f} MB" for pid, kib in sorted(memory.get(moment, {}).items()))
        print(f"  memory at the {moment}: {shown}")
    workers = {moment: sorted(list(found.values())[1:]) for moment, found in memory.items()}
    if workers.get("start") and workers.get("end"):
        growth = (statistics.mean(workers["end"]) / statistics.mean(workers["start"]) - 1) * 100
        print(f"  workers' memory, end against start: {growth:+.1f} % (target within 10 %; workers are replaced "
              f"after about 5,000 requests each)")
    return 1 if unexpected or lost or any(r is None for r in recovery) else 0


if __name__ == "__main__":
    sys.exit(main())
