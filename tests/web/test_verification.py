"""Verification answers honestly: a corpus of tampered codes, typed numbers, and every status."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import cbor2
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select, update

from registry.core import cose
from registry.core.certificate_numbers import check_character
from registry.extensions import db
from registry.models import Certificate, IssuerKey, TrainingCentre
from registry.services import accounts, certificates, demo, issuer_keys
from registry.services.certificates import IssueContext
from registry.services.recent_checks import recent_checks
from tests.factories import DOCUMENT_KEY

CORPUS = json.loads((Path(__file__).resolve().parents[1] / "data" / "tamper_corpus.json").read_text("utf-8"))


@pytest.fixture
def issued(app: Flask) -> dict[str, Any]:
    """The demo certificates, issued; returns SOK Sreyneang's code and number, and PCT's signing key."""
    with app.app_context():
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="http://registry.test",
                               today=date.today())
        demo.seed_demo(db.session, DOCUMENT_KEY, context)
        sok = db.session.scalars(select(Certificate).where(Certificate.holder_name_latin == "SOK Sreyneang")).one()

        pct = db.session.scalars(select(TrainingCentre).where(TrainingCentre.code == "PCT")).one()
        pct_key, pct_private = issuer_keys.current_key(db.session, pct, app.config["KEY_ENCRYPTION_KEY"])
        bsh_key = db.session.scalars(select(IssuerKey).where(IssuerKey.kid == sok.kid)).one()
        db.session.commit()
        return {"code": sok.qr_code, "number": sok.number, "kid": sok.kid, "pct_kid": pct_key.kid,
                "pct_private": pct_private, "bsh_key_id": bsh_key.id}


def _parts(code: str) -> tuple[bytes, dict[Any, Any], bytes, bytes]:
    message = cbor2.loads(cose.from_code(code))
    protected, unprotected, payload, signature = message.value
    return protected, unprotected, payload, signature


def _assemble(protected: bytes, unprotected: Any, payload: bytes, signature: bytes, tag: int | None = 18) -> str:
    body = [protected, unprotected, payload, signature]
    return cose.to_code(cbor2.dumps(cbor2.CBORTag(tag, body) if tag is not None else body))


def _apply(recipe: dict[str, Any], fixture: dict[str, Any], app: Flask) -> str:
    code = fixture["code"]
    raw = cose.from_code(code)
    protected, unprotected, payload, signature = _parts(code)
    op = recipe["op"]
    if op == "flip":
        data = bytearray(raw)
        data[recipe["byte"]] ^= 1 << recipe["bit"]
        return cose.to_code(bytes(data))
    if op == "field":
        claims = cbor2.loads(payload)
        value = recipe["value"]
        claims[recipe["field"]] = cbor2.CBORTag(100, value) if recipe["field"] in ("d", "x") else value
        return _assemble(protected, unprotected, cbor2.dumps(claims), signature)
    if op == "other_centre_key":
        return cose.to_code(cose.sign1(payload, fixture["pct_kid"], fixture["pct_private"]))
    if op in ("kid", "kid_of_other_centre"):
        kid = recipe.get("kid") or fixture["pct_kid"]
        return _assemble(cbor2.dumps({1: -8, 4: kid.encode()}), unprotected, payload, signature)
    if op == "compromised":
        with app.app_context():
            key = db.session.get(IssuerKey, fixture["bsh_key_id"])
            assert key is not None
            key.compromised_from = key.valid_from - timedelta(days=1)
            db.session.commit()
        from registry.services.verification import forget_cached_directory

        forget_cached_directory()
        return code
    if op == "truncate":
        keep = recipe["keep"]
        cut = int(len(raw) * keep) if isinstance(keep, float) else keep
        return cose.to_code(raw[:cut])
    if op == "append":
        return cose.to_code(raw + bytes.fromhex(recipe["hex"]))
    if op == "untag":
        return _assemble(protected, unprotected, payload, signature, tag=None)
    if op == "retag":
        return _assemble(protected, unprotected, payload, signature, tag=recipe["tag"])
    if op == "alg":
        return _assemble(cbor2.dumps({1: recipe["alg"], 4: fixture["kid"].encode()}), unprotected, payload,
                         signature)
    if op == "unprotected":
        return _assemble(protected, {4: b"XX"}, payload, signature)
    if op == "payload_raw":
        return _assemble(protected, unprotected, bytes.fromhex(recipe["hex"]), signature)
    if op == "payload_trailing":
        return _assemble(protected, unprotected, payload + b"\x00", signature)
    if op == "short_signature":
        return _assemble(protected, unprotected, payload, signature[:63])
    if op == "zero_signature":
        return _assemble(protected, unprotected, payload, bytes(64))
    if op == "text":
        return str(recipe["text"])
    if op == "repeat":
        return str(recipe["char"]) * int(recipe["count"])
    if op == "wrong_check":
        number = fixture["number"]
        wrong = next(c for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != check_character(number[:-2]))
        return number[:-1] + wrong
    raise AssertionError(f"unknown recipe {op}")


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS["recipes"]) >= 50


@pytest.mark.parametrize("recipe", CORPUS["recipes"], ids=[r["name"] for r in CORPUS["recipes"]])
def test_tampered_input_is_never_valid(app: Flask, client: FlaskClient, issued: dict[str, Any],
                                       recipe: dict[str, Any]) -> None:
    text = _apply(recipe, issued, app)
    if recipe["op"] in ("wrong_check",) or text.startswith("TH-"):
        response = client.get("/api/v1/verify/" + text)
    else:
        response = client.post("/api/v1/verify", json={"items": [text]})
    assert response.status_code == 200, (recipe["name"], response.status_code)
    body = response.get_json()
    verdict = body["status"] if "status" in body else body["results"][0]["status"]
    assert verdict in ("invalid", "not_found"), (recipe["name"], verdict)
    if len(text) < 1000:
        page = client.get("/v/" + text) if text and "/" not in text else client.get("/verify?number=" + text[:90])
        assert page.status_code in (200, 404), (recipe["name"], page.status_code)
        if page.status_code == 200:
            assert 'data-status="valid"' not in page.get_data(as_text=True)


def test_the_untouched_code_is_valid_and_so_are_its_forgiving_copies(client: FlaskClient,
                                                                      issued: dict[str, Any]) -> None:
    code = issued["code"]
    spaced = " ".join(code[i:i + 4] for i in range(0, len(code), 4))
    for text in (code, code.lower(), spaced):
        body = client.post("/api/v1/verify", json={"items": [text]}).get_json()["results"][0]
        assert body["status"] == "valid", text[:20]
        assert body["certificate"]["number"] == issued["number"]


@pytest.mark.parametrize("change", [{"holder_name_latin": "SOK Sreyneang Jr"}, {"expires_on": date(2099, 1, 1)},
                                    {"qr_code": "A" * 8}])
def test_a_record_altered_after_issue_no_longer_verifies_with_the_code_issued(
        app: Flask, client: FlaskClient, issued: dict[str, Any], change: dict[str, Any]) -> None:
    # The code is the one the registry signed, byte for byte: the record behind it must still say the same.
    with app.app_context():
        db.session.execute(update(Certificate).where(Certificate.number == issued["number"]).values(**change))
        db.session.commit()
    body = client.get("/api/v1/verify/" + issued["code"]).get_json()
    assert (body["status"], body["problem"]) == ("invalid", "does_not_match_record")


def test_typed_number_is_forgiving_and_a_typo_gets_a_clear_message(client: FlaskClient,
                                                                    issued: dict[str, Any]) -> None:
    number = issued["number"]
    loose = number.lower().replace("-", " ")
    body = client.get("/api/v1/verify/" + loose).get_json()
    assert body["status"] == "valid" and body["certificate"]["number"] == number
    typo = number[:-3] + ("1" if number[-3] != "1" else "2") + number[-2:]
    page = client.get("/verify?number=" + typo + "&lang=en").get_data(as_text=True)
    # A typing slip is not a forgery: a neutral verdict, and the number in a box to correct.
    assert 'data-status="not_found"' in page and "typing mistake" in page and "Check the number you typed" in page
    assert "Not genuine" not in page and "altered" not in page
    assert f'id="number" name="number" maxlength="4500" value="{typo}"' in page
    body = client.get("/api/v1/verify/" + typo).get_json()
    assert (body["status"], body["problem"]) == ("not_found", "check")
    thai = client.get("/verify?number=" + typo + "&lang=th").get_data(as_text=True)
    assert 'data-status="not_found"' in thai and "ตรวจสอบหมายเลขที่คุณพิมพ์" in thai


@pytest.mark.parametrize("paste", [
    pytest.param(lambda code, number: number, id="number"),
    pytest.param(lambda code, number: code, id="qr-text"),
    pytest.param(lambda code, number: f"http://registry.test/v/{code}", id="verify-url"),
    pytest.param(lambda code, number: f" https://registry.test/v/{code.lower()}?lang=th#result ", id="url-with-query"),
])
def test_the_number_box_takes_whatever_the_employer_pastes(client: FlaskClient, issued: dict[str, Any],
                                                            paste: Any) -> None:
    text = paste(issued["code"], issued["number"])
    page = client.get("/verify", query_string={"number": text, "lang": "th"}).get_data(as_text=True)
    assert 'data-status="valid"' in page and issued["number"] in page


def test_verifier_sees_only_what_they_need(client: FlaskClient, issued: dict[str, Any]) -> None:
    page = client.get("/v/" + issued["code"] + "?lang=th")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-status="valid"' in html
    assert "SOK Sreyneang" in html and "พนักงานทำความสะอาดห้องพัก" in html
    assert "2569" in html or "2570" in html  # Buddhist era on the Thai page
    for private in ("1996", "N00412345", "+66", "not_yet_competent", "សុខ ស្រីនាង"):
        assert private not in html
    body = client.get("/api/v1/verify/" + issued["code"]).get_json()
    assert set(body["certificate"]) == {"number", "kind", "holder_name", "qualification", "units",
                                        "units_not_achieved", "provider", "issued_on", "expires_on"}


def test_revoked_and_superseded_answers_point_the_way(app: Flask, client: FlaskClient, issued: dict[str, Any]) -> None:
    with app.app_context():
        somphone = db.session.scalars(select(Certificate).where(
            Certificate.holder_name_latin == "Somphone Phommavong")).one()
        revoked_code = somphone.qr_code
        head = accounts.find_user(db.session, "bsh-manager")
        assert head is not None
        sok = certificates.find_certificate(db.session, issued["number"])
        assert sok is not None
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="http://registry.test",
                               today=sok.issued_on)
        successor = certificates.reissue(db.session, head, sok, context).certificates[0]
        db.session.commit()
        successor_number = successor.number
    assert 'data-status="revoked"' in client.get("/v/" + revoked_code).get_data(as_text=True)
    page = client.get("/v/" + issued["code"] + "?lang=en").get_data(as_text=True)
    assert 'data-status="superseded"' in page and successor_number in page


def test_each_check_is_logged_and_shown_to_the_holder(app: Flask, client: FlaskClient, issued: dict[str, Any]) -> None:
    from registry.models import VerificationEvent

    client.get("/v/" + issued["code"])
    client.get("/api/v1/verify/" + issued["number"], environ_base={"REMOTE_ADDR": "192.0.2.7"})  # another employer
    with app.app_context():
        channels = sorted(e.channel for e in db.session.scalars(select(VerificationEvent)))
    assert channels == ["api", "qr"]


def test_a_thousand_guessed_numbers_reveal_no_name_and_a_flood_of_checks_is_logged_once(
        app: Flask, client: FlaskClient, issued: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbers are sequential and their check character can be computed: a typed number alone shows only the first
    letters of the name; a thousand checks of one certificate by one client leave one entry on the worker's page."""
    from registry.core.certificate_numbers import compose_number
    from registry.models import VerificationEvent

    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "100000 per minute")  # the guesser's allowance aside
    country, centre, year = issued["number"].split("-")[:3]
    guesses = [compose_number(country, centre, int(year), sequence) for sequence in range(1, 1001)]
    answer = client.post("/api/v1/verify", json={"items": guesses})
    assert answer.status_code == 200 and len(answer.json["results"]) == 1000  # type: ignore[index]
    found = [r["certificate"] for r in answer.json["results"] if r["certificate"]]  # type: ignore[index]
    assert len(found) >= 2  # the demo's certificates of this centre are among the guesses
    assert all("*" in c["holder_name"] for c in found) and "S** S********" in {c["holder_name"] for c in found}
    assert "Sreyneang" not in answer.get_data(as_text=True) and "Somphone" not in answer.get_data(as_text=True)
    with app.app_context():
        db.session.execute(delete(VerificationEvent))
        db.session.commit()
    recent_checks.forget()
    assert client.post("/api/v1/verify", json={"items": [issued["number"]] * 1000}).status_code == 200
    assert client.get("/api/v1/verify/" + issued["number"]).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VerificationEvent)) == 1
    # With the holder's year of birth (or its Buddhist-era year), or from the QR code, the whole name.
    for born in ("1996", "2539"):
        answer = client.get(f"/api/v1/verify/{issued['number']}?born={born}").json  # type: ignore[union-attr]
        assert answer["certificate"]["holder_name"] == "SOK Sreyneang"  # type: ignore[index]
    wrong = client.get(f"/api/v1/verify/{issued['number']}?born=1997").json  # type: ignore[union-attr]
    assert wrong["certificate"]["holder_name"] == "S** S********"  # type: ignore[index]
    by_code = client.get("/api/v1/verify/" + issued["code"]).json  # type: ignore[union-attr]
    assert by_code["certificate"]["holder_name"] == "SOK Sreyneang"  # type: ignore[index]
    page = client.get(f"/verify?number={issued['number']}&lang=en").get_data(as_text=True)
    assert "S** S********" in page and "Sreyneang" not in page and 'id="name-unlock"' in page
    page = client.get(f"/verify?number={issued['number']}&born=1996&lang=en").get_data(as_text=True)
    assert "SOK Sreyneang" in page and 'id="name-unlock"' not in page


def test_each_item_of_a_batch_counts_against_the_rate_limit(app: Flask, client: FlaskClient,
                                                            issued: dict[str, Any]) -> None:
    app.config["VERIFY_RATE_LIMIT"] = "120 per minute"
    refused = client.post("/api/v1/verify", json={"items": [issued["number"]] * 500})
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60


def test_verification_is_rate_limited_per_client_across_the_pages_and_the_api(app: Flask, client: FlaskClient) -> None:
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    try:
        responses = [client.get("/api/v1/verify/TH-BSH-2026-00001-A"), client.get("/verify?number=TH-BSH-2026-00001-A"),
                     client.post("/api/v1/verify", json={"items": ["TH-BSH-2026-00001-A"]}),
                     client.get("/api/v1/verify/TH-BSH-2026-00001-A"), client.get("/verify?number=TH-BSH-2026-00001-A")]
        other_client = client.get("/api/v1/verify/TH-BSH-2026-00001-A", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    finally:
        app.config["VERIFY_RATE_LIMIT"] = "120 per minute"
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    limited, page = responses[3:]
    assert limited.mimetype == "application/problem+json" and 0 < int(limited.headers["Retry-After"]) <= 60
    assert page.mimetype == "text/html" and 0 < int(page.headers["Retry-After"]) <= 60
    assert other_client.status_code == 200


def test_verification_still_answers_when_the_rate_limit_storage_is_unreachable(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from limits.errors import StorageError

    from registry.extensions import limiter

    def unreachable(*args: object, **kwargs: object) -> bool:
        raise StorageError(ConnectionError("Connection refused"))

    monkeypatch.setattr(limiter.limiter, "hit", unreachable)
    response = client.get("/api/v1/verify/TH-BSH-2026-00001-A")
    assert response.status_code == 200 and response.get_json()["status"] == "not_found"  # a typo in its number
    assert "rate-limit storage unreachable" in caplog.text


def test_the_api_keeps_its_connections_and_answers_after_the_database_dropped_one(
        app: Flask, client: FlaskClient, issued: dict[str, Any]) -> None:
    from sqlalchemy import event

    url = "/api/v1/verify/" + issued["code"]
    assert client.get(url).get_json()["status"] == "valid"
    reader = app.extensions["registry_reader"]
    reader.close()  # from no kept connection, so that this test sees every one the API takes
    taken: list[Any] = []

    def checkout(dbapi_connection: Any, record: object, proxy: object) -> None:
        taken.append(dbapi_connection)

    event.listen(reader.engine, "checkout", checkout)
    try:
        for _ in range(3):
            assert client.get(url).get_json()["status"] == "valid"
        assert len(taken) == 1  # one connection, kept from check to check
        # As after a database restart: the kept connection is dead, and the API does not ping it first.
        taken[0].close()
        assert client.get(url).get_json()["status"] == "valid"
        assert len(taken) == 2 and client.get(url).get_json()["status"] == "valid" and len(taken) == 2
    finally:
        event.remove(reader.engine, "checkout", checkout)


def _upload(client: FlaskClient, data: bytes, name: str) -> Any:
    import io
    import re

    page = client.get("/verify").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return client.post("/verify/upload", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_uploaded_photo_pdf_or_credential_is_checked(app: Flask, client: FlaskClient, issued: dict[str, Any]) -> None:
    import io

    import qrcode

    image = io.BytesIO()
    qrcode.make("http://registry.test/v/" + issued["code"]).save(image)
    assert 'data-status="valid"' in _upload(client, image.getvalue(), "IMG_0042.png").get_data(as_text=True)
    with app.app_context():
        token = __import__("registry.services.api_tokens", fromlist=["x"]).create_token(
            db.session, None, accounts.find_user(db.session, "bsh-manager"))
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    with client.get(f"/api/v1/certificates/{issued['number']}/card.pdf", headers=headers) as card:
        pdf = card.data
    assert 'data-status="valid"' in _upload(client, pdf, "card.pdf").get_data(as_text=True)
    credential = client.get(f"/api/v1/certificates/{issued['number']}/credential", headers=headers).data
    assert 'data-status="valid"' in _upload(client, credential, "sok.jwt").get_data(as_text=True)
    header, payload, signature = credential.decode().split(".")
    forged = f"{header}.{payload[:-4]}AAAA.{signature}".encode()
    refused = _upload(client, forged, "sok.jwt")
    assert refused.status_code == 422 and "altered" in refused.get_data(as_text=True)
    blank = io.BytesIO()
    __import__("PIL.Image", fromlist=["Image"]).new("RGB", (200, 200), "white").save(blank, "PNG")
    assert "No QR code could be read" in _upload(client, blank.getvalue(), "blank.png").get_data(as_text=True)
    disguised = _upload(client, b"MZ\x90\x00 a program, not a photo", "photo.jpg")
    assert disguised.status_code == 422 and "Upload a photo" in disguised.get_data(as_text=True)


def test_verifier_may_name_their_organisation_for_the_worker(app: Flask, client: FlaskClient,
                                                             issued: dict[str, Any]) -> None:
    import re

    from registry.models import VerificationEvent

    page = client.get("/v/" + issued["code"] + "?lang=en").get_data(as_text=True)
    event = re.search(r'name="event" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    answer = client.post("/verify/who", data={"csrf_token": token, "event": event,
                                              "organisation": "  Sunrise   Hotel Pattaya "})
    assert answer.status_code == 302
    forged = client.post("/verify/who", data={"csrf_token": token, "event": event + "x", "organisation": "Me"})
    assert forged.status_code == 302
    again = client.post("/verify/who", data={"csrf_token": token, "event": event, "organisation": "Someone else"})
    assert again.status_code == 302
    with app.app_context():
        [logged] = db.session.scalars(select(VerificationEvent)).all()
        assert logged.organisation == "Sunrise Hotel Pattaya" and logged.channel == "qr"


def test_api_checks_waiting_in_a_batch_are_on_the_holders_page(app: Flask, client: FlaskClient,
                                                               issued: dict[str, Any],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from registry.models import VerificationEvent
    from registry.services.check_log import CheckLog

    with app.app_context():
        monkeypatch.setitem(app.extensions, "check_log", CheckLog(delay=600, engine=db.engine))
    monkeypatch.setattr(recent_checks, "window", 0.0)  # three checks by one client, each logged
    assert client.get("/api/v1/verify/" + issued["code"]).json["status"] == "valid"  # type: ignore[index]
    batch = client.post("/api/v1/verify", json={"items": [issued["number"], issued["code"], "KH-XX-2026-00001-A"]})
    assert [r["status"] for r in batch.json["results"]] == ["valid", "valid", "not_found"]  # type: ignore[index]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VerificationEvent)) == 0  # still waiting
        sok = db.session.scalars(select(Certificate).where(Certificate.number == issued["number"])).one()
        token = certificates.replace_holder_link(db.session, accounts.find_user(db.session, "bsh-manager"), sok,
                                                 today=date.today())
        db.session.commit()
    page = client.get(f"/h/{token}?lang=en").get_data(as_text=True)
    checks = page.split("When your certificate was checked", 1)[1].split("</ul>", 1)[0]
    assert checks.count("<li>") == 3 and "Nobody has checked it yet." not in checks
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VerificationEvent)) == 3
