"""What the employer and the worker are told: a partial award says so, a revoked certificate says since when and whom
to ask, the details that match the paper to the person (only with consent), the worker's own language, and what a
stranger may write on the worker's page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pypdfium2 as pdfium
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from registry.extensions import db
from registry.models import Candidate, Certificate, Consent, ConsentPurpose, VerificationEvent
from registry.services import demo
from registry.services.certificates import IssueContext
from registry.services.recent_checks import recent_checks
from tests.factories import DOCUMENT_KEY, log_in
from tests.web.helpers import post_form

REVOKED_AT = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)  # 1 December 03:30 in Bangkok


@pytest.fixture
def demo_certificates(app: Flask) -> dict[str, Any]:
    """The demo's three certificates (Sok: full, Zaw: 2 of 4 units, Somphone: revoked), by Latin name, with each
    worker's secret link."""
    with app.app_context():
        context = IssueContext(master_secret=app.config["KEY_ENCRYPTION_KEY"], base_url="http://registry.test",
                               today=date.today())
        seeded = demo.seed_demo(db.session, DOCUMENT_KEY, context)
        db.session.execute(update(Certificate).where(Certificate.holder_name_latin == "Somphone Phommavong")
                           .values(status_changed_at=REVOKED_AT))
        db.session.commit()
        found = {c.holder_name_latin: {"code": c.qr_code, "number": c.number, "id": c.id}
                 for c in db.session.scalars(select(Certificate))}
        for name, link in seeded.holder_links.items():
            found[name]["link"] = link.removeprefix("http://registry.test")
        return found


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The employer -----------------------------------------------------------------------------------------------------

def test_a_partial_award_says_so_in_the_verdict_and_awards_no_levels(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    zaw = demo_certificates["Zaw Min Htun"]
    page = client.get(f"/v/{zaw['code']}?lang=en").get_data(as_text=True)
    verdict = _text(page[page.index('id="result"'):page.index("</section>")])
    assert "Statement of attainment: 2 of 4 units of Room Attendant" in verdict
    text = _text(page)
    assert "Units not covered by this certificate" in text
    assert "D1.HHK.CL3.05" in text and "D1.HOT.CL1.04" in text  # the two units Zaw did not achieve, not covered
    assert "does not award the qualification or its levels" in text
    assert "AQRF" not in text and "DSD" not in text and "ISCO" not in text
    thai = _text(client.get(f"/v/{zaw['code']}?lang=th").get_data(as_text=True))
    assert "2 จาก 4 หน่วย" in thai
    full = _text(client.get(f"/v/{demo_certificates['SOK Sreyneang']['code']}?lang=en").get_data(as_text=True))
    assert "AQRF" in full and "Statement of attainment" not in full and "not covered" not in full


def test_the_api_keeps_the_qualifications_levels_and_adds_the_units_not_achieved(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    body = client.get(f"/api/v1/verify/{demo_certificates['Zaw Min Htun']['number']}").get_json()
    certificate = body["certificate"]
    assert certificate["kind"] == "statement_of_attainment"
    assert certificate["qualification"]["levels"]["aqrf"] == 2
    assert [u["code"] for u in certificate["units"]] == ["D1.HHK.CL3.01", "D1.HHK.CL3.03"]
    assert [u["code"] for u in certificate["units_not_achieved"]] == ["D1.HHK.CL3.05", "D1.HOT.CL1.04"]
    full = client.get(f"/api/v1/verify/{demo_certificates['SOK Sreyneang']['number']}").get_json()
    assert full["certificate"]["units_not_achieved"] == []


def test_a_revoked_certificate_says_since_when_and_whom_to_ask_never_why(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    code = demo_certificates["Somphone Phommavong"]["code"]
    page = client.get(f"/v/{code}?lang=th").get_data(as_text=True)
    assert 'data-status="revoked"' in page
    text = _text(page)
    assert "เพิกถอนเมื่อ 1 ธันวาคม 2569" in text  # Bangkok's day, Buddhist era
    assert "ศูนย์พัฒนาทักษะการโรงแรมบางแสน" in text and "+66 38 000 0000" in text
    assert 'href="mailto:certificates@bsh.example"' in page and 'href="tel:+66380000000"' in page
    assert "issued_in_error" not in page and "Demo: revoked" not in page  # the reason stays with the centre
    english = _text(client.get(f"/v/{code}?lang=en").get_data(as_text=True))
    assert "Revoked on December 1, 2026." in english


def test_the_employer_sees_what_matches_the_paper_to_the_worker_and_nothing_more(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    sok = _text(client.get(f"/v/{demo_certificates['SOK Sreyneang']['code']}?lang=en").get_data(as_text=True))
    assert "Year of birth 1996" in sok
    assert "Passport ending in 2345" in sok
    for private in ("N00412345", "12 April 1996", "+66 81", "April"):
        assert private not in sok
    zaw = client.get(f"/v/{demo_certificates['Zaw Min Htun']['code']}?lang=th").get_data(as_text=True)
    assert "ซอ มิน ทุน" in zaw and "2536" in _text(zaw)  # the Thai name as on the pink card; 1993 in the Buddhist era
    assert "บัตรชมพู ลงท้ายด้วย 8912" in _text(zaw)


def test_without_consent_to_verification_nothing_about_the_person_is_shown(
        app: Flask, client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    with app.app_context():
        zaw = db.session.scalars(select(Candidate).where(Candidate.name_latin == "Zaw Min Htun")).one()
        db.session.execute(update(Consent).where(Consent.candidate_id == zaw.id,
                                                 Consent.purpose == ConsentPurpose.VERIFICATION)
                           .values(withdrawn_at=datetime.now(UTC)))
        db.session.commit()
    page = _text(client.get(f"/v/{demo_certificates['Zaw Min Htun']['code']}?lang=en").get_data(as_text=True))
    assert "Zaw Min Htun" in page  # the name as printed stays: it is on the certificate
    for private in ("ซอ มิน ทุน", "Year of birth", "1993", "8912", "Pink card"):
        assert private not in page


# What a stranger may write on the worker's page ---------------------------------------------------------------------

def _event_token(client: FlaskClient, code: str) -> tuple[str, str]:
    page = client.get(f"/v/{code}").get_data(as_text=True)
    token = re.search(r'name="event" value="([^"]+)"', page)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token and csrf
    return token.group(1), csrf.group(1)


def test_a_check_is_named_once_as_plain_text_marked_unconfirmed_and_the_worker_can_hide_it(
        app: Flask, client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    sok = demo_certificates["SOK Sreyneang"]
    event, csrf = _event_token(client, sok["code"])
    note = "<script>alert(1)</script> Siam \u202eHotel"
    assert client.post("/verify/who", data={"event": event, "organisation": note, "csrf_token": csrf}
                       ).status_code == 302
    again = client.post("/verify/who?lang=en", data={"event": event, "organisation": "Someone else",
                                                     "csrf_token": csrf}, follow_redirects=True)
    assert "it can be given only once" in again.get_data(as_text=True)
    page = client.get(f"{sok['link']}?lang=en").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "\u202e" not in page and "Someone else" not in page
    assert "(given by the person who checked, not confirmed)" in page
    with app.app_context():
        event_id = db.session.scalars(select(VerificationEvent.id).where(VerificationEvent.organisation != "")).one()
    hidden = post_form(client, f"{sok['link']}/checks/{event_id}/hide?lang=en", {}, token_page=sok["link"],
                       follow_redirects=True).get_data(as_text=True)
    assert "It no longer shows on your page." in hidden and "alert(1)" not in hidden
    # Another worker's link cannot hide this worker's checks.
    other = demo_certificates["Zaw Min Htun"]["link"]
    with app.app_context():
        db.session.execute(update(VerificationEvent).values(hidden=False))
        db.session.commit()
    client.post(f"{other}/checks/{event_id}/hide", data={"csrf_token": csrf})
    assert "alert(1)" in client.get(sok["link"]).get_data(as_text=True)


def test_naming_checks_is_rate_limited_per_address(
        app: Flask, client: FlaskClient, demo_certificates: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "VERIFIER_NOTE_RATE_LIMIT", "2 per hour")
    monkeypatch.setattr(recent_checks, "window", 0.0)  # each check its own entry, to be named
    code = demo_certificates["SOK Sreyneang"]["code"]
    answers = []
    for index in range(3):
        event, csrf = _event_token(client, code)
        answers.append(client.post("/verify/who", data={"event": event, "organisation": f"Hotel {index}",
                                                        "csrf_token": csrf}).status_code)
    assert answers == [302, 302, 429]


# The worker ------------------------------------------------------------------------------------------------------

def test_the_workers_page_speaks_their_language_whatever_the_browser_remembers(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    link = demo_certificates["SOK Sreyneang"]["link"]
    client.set_cookie("lang", "en")  # the staff member's laptop
    page = client.get(link).get_data(as_text=True)
    assert '<html lang="km"' in page and "ទាញយក" in page  # "Download" in Khmer
    assert '<html lang="th"' in client.get(f"{link}?lang=th").get_data(as_text=True)
    assert '<html lang="km"' in client.get(f"{link}/qr").get_data(as_text=True)


def test_a_revoked_certificate_is_explained_to_its_worker_and_not_offered_to_show(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    link = demo_certificates["Somphone Phommavong"]["link"]
    page = client.get(f"{link}?lang=en").get_data(as_text=True)
    text = _text(page)
    assert "Your certificate was revoked on December 1, 2026." in text
    assert "you can appeal" in text and "+66 38 000 0000" in text
    assert "Show the QR code to an employer" not in text and "Wallet card (PDF)" not in text
    pdf = client.get(f"{link}/certificate.pdf")
    assert pdf.status_code == 200
    printed = str(pdfium.PdfDocument(pdf.data)[0].get_textpage().get_text_range())
    assert "REVOKED" in printed
    valid = client.get(f"{demo_certificates['SOK Sreyneang']['link']}/certificate.pdf").data
    assert "REVOKED" not in str(pdfium.PdfDocument(valid)[0].get_textpage().get_text_range())


def test_a_statement_of_attainment_shows_its_worker_the_units_still_missing(
        client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    text = _text(client.get(f"{demo_certificates['Zaw Min Htun']['link']}?lang=en").get_data(as_text=True))
    assert "Units still missing for the full qualification" in text
    assert "D1.HHK.CL3.05" in text and "D1.HOT.CL1.04" in text


def test_a_holder_slip_speaks_the_workers_language_and_thai_not_the_staff_members(
        app: Flask, client: FlaskClient, demo_certificates: dict[str, Any]) -> None:
    log_in(client, "bsh-manager", "manager-demo-2026")
    show = f"/certificates/{demo_certificates['SOK Sreyneang']['number']}"
    slips = post_form(client, f"{show}/holder-link?lang=en", {}, token_page=show).get_data(as_text=True)
    assert "A new holder link is made" in slips  # the staff member's own words stay in English
    help_texts = re.findall(r'<p class="slip-help" lang="(\w+)">', slips)
    assert help_texts == ["km", "th"]
    assert "Scan this code with your phone camera" not in slips
    old = demo_certificates["SOK Sreyneang"]["link"]
    assert client.get(old).status_code == 404  # the lost link stops working
