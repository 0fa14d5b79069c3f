"""Evidence files and rendered documents in S3-compatible object storage (REGISTRY_STORAGE_URL), tested against
moto's S3 server on a free loopback port: nothing is kept on the app server's disk, a download reads the object
back, backups take the objects and restore them, and the storage gone away answers a clear 503."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from flask import Flask
from flask.testing import FlaskClient
from moto.server import ThreadedMotoServer

from registry.core.roles import Role
from registry.extensions import db
from registry.services import certificates
from tests.factories import ISSUE_CONTEXT, log_in, make_assessment, make_centre, make_endorsed_assessment, make_user
from tests.infra.local_servers import free_port
from tests.web.helpers import csrf_token

BUCKET = "registry-files"
PDF = b"%PDF-1.4\n% evidence kept in object storage\n%%EOF\n"


@pytest.fixture
def object_storage(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[object, ThreadedMotoServer]]:
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    monkeypatch.setitem(app.config, "STORAGE_URL", f"s3://{BUCKET}/site?endpoint_url={endpoint}")
    app.extensions.pop("registry_file_stores", None)
    try:
        yield s3, server
    finally:
        app.extensions.pop("registry_file_stores", None)
        server.stop()


def _keys(s3: object, prefix: str) -> set[str]:
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)  # type: ignore[attr-defined]
    return {item["Key"] for item in listing.get("Contents", [])}


def test_evidence_and_documents_live_in_object_storage(
        app: Flask, client: FlaskClient, object_storage: tuple[object, ThreadedMotoServer], tmp_path: Path) -> None:
    s3, server = object_storage
    with app.app_context():
        assessor = make_user(db.session, Role.ASSESSOR, make_centre(db.session, "OBJ"), username="olga")
        assessment_id = make_assessment(db.session, assessor).id
        head, endorsed = make_endorsed_assessment(db.session)
        issued = certificates.issue_certificates(db.session, head, [endorsed], ISSUE_CONTEXT)
        holder = f"/h/{issued.holder_tokens[issued.certificates[0].id]}"
        db.session.commit()
    log_in(client, "olga")
    local = Path(app.config["EVIDENCE_PATH"])
    kept_locally = set(local.iterdir()) if local.exists() else set()  # other tests' files
    page = f"/assessments/{assessment_id}"
    sent = client.post(f"{page}/evidence", data={"csrf_token": csrf_token(client, page), "description": "",
                                                  "file": (io.BytesIO(PDF), "work.pdf")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    [key] = _keys(s3, "site/evidence/")
    assert (set(local.iterdir()) if local.exists() else set()) == kept_locally  # nothing on this server's disk
    evidence_id = re.search(r'href="/evidence/(\d+)"', client.get(page).get_data(as_text=True)).group(1)  # type: ignore[union-attr]
    download = client.get(f"/evidence/{evidence_id}")
    assert download.status_code == 200 and download.data == PDF
    # The worker's PDF is rendered once and kept as an object, then read back.
    worker = app.test_client()
    first = worker.get(f"{holder}/certificate.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    assert any(name.endswith(".pdf") for name in _keys(s3, "site/documents/"))
    assert worker.get(f"{holder}/certificate.pdf").data == first.data
    assert client.get("/api/v1/ready").get_json()["checks"]["evidence_storage"] == "ok"

    # Backed up from object storage, lost, restored to it.
    runner = app.test_cli_runner()
    assert runner.invoke(args=["registry", "backup", str(tmp_path / "backup")]).exit_code == 0
    assert (tmp_path / "backup" / "evidence" / key.removeprefix("site/evidence/")).read_bytes() == PDF
    s3.delete_object(Bucket=BUCKET, Key=key)  # type: ignore[attr-defined]
    restored = runner.invoke(args=["registry", "restore", "--yes", str(tmp_path / "backup")])
    assert restored.exit_code == 0, restored.output
    assert client.get(f"/evidence/{evidence_id}").data == PDF

    # The object storage gone: a clear 503, nothing half saved.
    server.stop()
    refused = client.post(f"{page}/evidence?lang=en",
                          data={"csrf_token": csrf_token(client, page), "description": "",
                                "file": (io.BytesIO(PDF), "again.pdf")}, content_type="multipart/form-data")
    assert refused.status_code == 503 and "cannot store files just now" in refused.get_data(as_text=True)
    assert client.get("/api/v1/ready").get_json()["down"] == ["evidence_storage", "document_storage"]
    server.start()
