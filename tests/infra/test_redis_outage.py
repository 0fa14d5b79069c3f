"""Redis goes away and comes back (a private redis-server the driven process starts and kills): staff still log in
(rate limits counted in each worker's memory meanwhile, and said in the log), checks still answer, readiness names
Redis, and all is as before once it is back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_serves_through_a_redis_outage(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.infra.redis_outage_drive", str(tmp_path)],  # noqa: S603
                          cwd=ROOT, capture_output=True, text=True, timeout=240, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("ANSWERS ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    answers = json.loads(lines[-1].removeprefix("ANSWERS "))
    for phase in ("before", "during", "during_again", "after"):
        assert answers[phase]["login"] == 302, (phase, answers)  # logged in, never a 500
        assert answers[phase]["wrong_password"] == 200, (phase, answers)  # the form again, with its message
        assert answers[phase]["verify"] == 200 and answers[phase]["verify_status"] == "valid", (phase, answers)
        assert answers[phase]["seconds"] < 10, (phase, answers)  # no request hung on the missing Redis
    assert answers["before"]["ready"] == 200 and answers["after"]["ready"] == 200
    assert answers["during"]["ready"] == 503 and "redis" in answers["during"]["down"]
    assert "in-memory" in done.stderr.lower() or "memory" in done.stderr.lower()  # the fallback is logged
    # A job started while Redis was away: accepted, safe in the database, to be taken up by a worker.
    assert answers["job_during"] == {"status": 202, "state": "queued"}
    assert "kept in the database" in done.stderr
