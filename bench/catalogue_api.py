"""How the catalogue API keeps up with a trivial JSON endpoint of the same app, in the same run.

Seeds 50 qualifications of 12 units each into a fresh SQLite database, then times
`GET /api/v1/qualifications` against `GET /api/v1/health` through the WSGI test client. The machine
is noisy, so the figure to read is the ratio, not the absolute rate.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from registry import create_app
from registry.core.roles import Role
from registry.extensions import db
from registry.services import accounts, api_tokens, catalogue
from registry.services.catalogue import QualificationDetails, Titles

ROUNDS = 300


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(env={"REGISTRY_ENV": "testing", "REGISTRY_INSTANCE_PATH": folder,
                              "REGISTRY_DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"})
        with app.app_context():
            upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
            for number in range(50):
                catalogue.create_qualification(db.session, None, QualificationDetails(
                    code=f"BENCH-{number}", titles=Titles(en=f"Qualification {number}", th="คุณวุฒิ"),
                    sector="Bench", aqrf_level=2, isco08_code="9112",
                    units=[(f"U{number}.{unit}", Titles(en=f"Unit {unit}", th="หน่วย")) for unit in range(12)]))
            user = accounts.create_user(db.session, None, accounts.AccountDetails("bench", Role.ADMIN, None),
                                        "bench password")
            token = api_tokens.create_token(db.session, None, user)
            db.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        rates = {}
        for name, path in (("health", "/api/v1/health"), ("qualifications", "/api/v1/qualifications")):
            client.get(path, headers=headers)  # warm up
            started = time.perf_counter()
            for _ in range(ROUNDS):
                assert client.get(path, headers=headers).status_code == 200
            rates[name] = ROUNDS / (time.perf_counter() - started)
        print(f"trivial JSON endpoint: {rates['health']:8.0f} requests/s (baseline)")
        print(f"catalogue, 50 x 12:    {rates['qualifications']:8.0f} requests/s "
              f"= {rates['qualifications'] / rates['health']:.2f} x baseline")


if __name__ == "__main__":
    main()
