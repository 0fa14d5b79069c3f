"""Certificates through the API and the pages: issue, documents, status lists, the holder's page."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from joserfc import jws
from joserfc.jwk import OKPKey

from registry.extensions import db
from registry.services import accounts, api_tokens, demo
from tests.factories import DOCUMENT_KEY


@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    with app.app_context():
        demo.seed_demo(db.session, DOCUMENT_KEY)
        result = {}
        for username in ("bsh-manager", "bsh-assessor", "pct-manager"):
            user = accounts.find_user(db.session, username)
            assert user is not None
            result[username] = api_tokens.create_token(db.session, None, user)
        db.session.commit()
    return result


def _call(client: FlaskClient, token: str, method: str, url: str, body: Any = None) -> Any:
    return client.open(url, method=method, json=body, headers={"Authorization": f"Bearer {token}"})


def _endorsed_ids(client: FlaskClient, token: str) -> list[int]:
    from registry.models import Assessment

    with client.application.app_context():
        from sqlalchemy import select

        return list(db.session.scalars(select(Assessment.id).order_by(Assessment.id)))


def _issue(client: FlaskClient, tokens: dict[str, str], which: int = 0) -> dict[str, Any]:
    assessment_id = _endorsed_ids(client, tokens["bsh-manager"])[which]
    response = _call(client, tokens["bsh-manager"], "POST", "/api/v1/certificates", {"assessment_id": assessment_id})
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def test_issue_returns_the_certificate_resource(client: FlaskClient, tokens: dict[str, str]) -> None:
    body = _issue(client, tokens, which=1)  # Zaw Min Htun: two of four units
    assert body["kind"] == "statement_of_attainment" and body["status"] == "valid"
    assert body["holder"]["name"] == "Zaw Min Htun" and body["holder"]["name_native"] == "ဇော်မင်းထွန်း"
    assert [unit["code"] for unit in body["units"]] == ["D1.HHK.CL3.01", "D1.HHK.CL3.03"]
    assert body["verify_url"].startswith("http://registry.test/v/")
    assert body["holder_url"].startswith("http://registry.test/h/")
    assert body["number"].startswith("TH-BSH-")
    again = _call(client, tokens["bsh-manager"], "GET", f"/api/v1/certificates/{body['number']}").get_json()
    assert again["holder_url"] is None and again["number"] == body["number"]
    assert _call(client, tokens["bsh-assessor"], "POST", "/api/v1/certificates",
                 {"assessment_id": 1}).status_code == 403
    assert _call(client, tokens["pct-manager"], "GET", f"/api/v1/certificates/{body['number']}").status_code == 404


def _jwks_keys(client: FlaskClient) -> dict[str, dict[str, Any]]:
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return {key["kid"]: key for key in response.get_json()["keys"]}


def test_credential_is_a_vc_jwt_verified_by_an_independent_library(client: FlaskClient,
                                                                    tokens: dict[str, str]) -> None:
    body = _issue(client, tokens)
    response = _call(client, tokens["bsh-manager"], "GET", f"/api/v1/certificates/{body['number']}/credential")
    assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
    token = response.get_data(as_text=True)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    jwk = _jwks_keys(client)[header["kid"]]
    assert jwk["centre"] == "BSH" and jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519"
    key = OKPKey.import_key({k: jwk[k] for k in ("kty", "crv", "x")})
    with pytest.warns(Warning):  # joserfc warns that "EdDSA" is being renamed "Ed25519" (RFC 9864)
        verified = jws.deserialize_compact(token, key, algorithms=["EdDSA"])
    credential = json.loads(verified.payload)
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialStatus"]["statusListIndex"] is not None


def test_revocation_shows_in_the_published_status_list(client: FlaskClient, tokens: dict[str, str]) -> None:
    from registry.core.status_list import decode_bitstring, is_set

    body = _issue(client, tokens)
    list_url = body["status_list"]["url"].replace("http://registry.test", "")
    index = body["status_list"]["index"]

    def bit(purpose: str) -> bool:
        response = client.get(list_url.replace("/revocation", f"/{purpose}"))
        assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
        payload = json.loads(base64.urlsafe_b64decode(response.get_data(as_text=True).split(".")[1] + "=="))
        return is_set(decode_bitstring(payload["credentialSubject"]["encodedList"]), index)

    assert not bit("revocation") and not bit("suspension")
    manager = tokens["bsh-manager"]
    number = body["number"]
    assert _call(client, manager, "POST", f"/api/v1/certificates/{number}/suspend",
                 {"reason": "checking"}).get_json()["status"] == "suspended"
    assert bit("suspension")
    assert _call(client, manager, "POST", f"/api/v1/certificates/{number}/reinstate").get_json()["status"] == "valid"
    revoked = _call(client, manager, "POST", f"/api/v1/certificates/{number}/revoke", {"reason": "fraud"})
    assert revoked.get_json()["status"] == "revoked" and revoked.get_json()["status_reason"] == "fraud"
    assert bit("revocation")
    bad = _call(client, manager, "POST", f"/api/v1/certificates/{number}/revoke", {"reason": "because"})
    assert bad.status_code == 409


def test_reissue_supersedes_and_points_to_the_successor(client: FlaskClient, tokens: dict[str, str]) -> None:
    body = _issue(client, tokens)
    response = _call(client, tokens["bsh-manager"], "POST", f"/api/v1/certificates/{body['number']}/reissue")
    assert response.status_code == 201
    successor = response.get_json()
    old = _call(client, tokens["bsh-manager"], "GET", f"/api/v1/certificates/{body['number']}").get_json()
    assert old["status"] == "superseded" and old["superseded_by"] == successor["number"]
    assert successor["supersedes"] == body["number"]


def test_holder_page_needs_no_login_and_offers_the_documents(client: FlaskClient, tokens: dict[str, str]) -> None:
    body = _issue(client, tokens)
    path = body["holder_url"].replace("http://registry.test", "")
    page = client.get(path + "?lang=km")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "សុខ ស្រីនាង" in html and body["number"] in html
    assert page.headers["Referrer-Policy"] == "no-referrer" and "no-store" in page.headers["Cache-Control"]
    assert "1996" not in html and "N00412345" not in html  # no birth date, no document number
    with client.get(path + "/certificate.pdf?doc=km") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with client.get(path + "/card.pdf") as card:
        assert card.status_code == 200 and card.data.startswith(b"%PDF")
    with client.get(path + "/qr.png") as image:
        assert image.data.startswith(b"\x89PNG")
    assert client.get(path + "/credential.jwt").mimetype == "application/vc+jwt"
    assert client.get(path + "x").status_code == 404
    assert client.get("/h/" + "A" * 24).status_code == 404


def test_qr_code_on_the_printed_pdf_decodes_and_verifies_with_the_jwks_alone(
        client: FlaskClient, tokens: dict[str, str]) -> None:
    import pypdfium2
    import zxingcpp

    from tests.offline_verifier import verify_qr_url

    body = _issue(client, tokens, which=1)
    with client.get(f"/api/v1/certificates/{body['number']}/pdf",
                    headers={"Authorization": f"Bearer {tokens['bsh-manager']}"}) as response:
        document = pypdfium2.PdfDocument(io.BytesIO(response.data))
    image = document[0].render(scale=300 / 72).to_pil()
    document.close()
    [barcode] = [b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert barcode.text == body["verify_url"]
    claims = verify_qr_url(barcode.text, client.get("/.well-known/jwks.json").get_json())
    assert claims["n"] == body["number"] and claims["h"] == "Zaw Min Htun" and claims["k"] == "S"
    assert claims["u"] == 0b0011 and claims["p"] == "BSH"
