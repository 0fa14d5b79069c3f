"""A worker asks their centre to stop showing their name to employers online: the head, on a phone in Khmer, reads
what it will do and withdraws the consent; an employer checking in Thai is told the certificate is valid and
what it certifies, and nothing about the worker; a wrong click is undone by recording the consent again."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from registry.extensions import db
from registry.models import Certificate


def test_a_worker_withdraws_consent_to_online_verification(
        browser: Browser, app: Flask, live_server: str, demo_certificates: dict[str, str], screenshots: Path) -> None:
    with app.app_context():
        certificate = db.session.scalars(select(Certificate).where(
            Certificate.holder_name_latin == "SOK Sreyneang")).one()
        number, candidate_id = certificate.number, certificate.candidate_id
    head = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    head.goto(f"{live_server}/login?lang=km")
    head.locator("#username").fill("bsh-manager")
    head.locator("#password").fill("manager-demo-2026")
    head.locator("input[type=submit]").click()
    head.wait_for_url(f"{live_server}/dashboard")
    head.goto(f"{live_server}/candidates/{candidate_id}")
    rights = head.locator("#rights")
    expect(rights).to_be_visible()
    rights.locator("a[href$='/consents/verification/withdraw']").click()
    # The effect is said before anything changes, in the head's language.
    expect(head.locator(".confirm-change .lead")).to_contain_text("QR")
    head.screenshot(path=str(screenshots / "withdraw-verification-km.png"), full_page=True)
    assert head.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    head.locator(".confirm-change button[type=submit]").click()
    expect(head.locator(".consents .withdrawn")).to_be_visible()

    employer = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    employer.goto(f"{live_server}/verify?lang=th")
    employer.locator("#number").fill(number)
    employer.locator("#number").press("Enter")
    expect(employer.locator("#result")).to_have_attribute("data-status", "valid")
    expect(employer.locator("#withheld")).to_contain_text("พนักงานทำความสะอาดห้องพัก")
    body = employer.locator("body").inner_text()
    assert "SOK" not in body and "S** S" not in body and "ស្រីនាង" not in body
    employer.screenshot(path=str(screenshots / "verify-withheld-th.png"), full_page=True)

    # A wrong click: the consent is recorded again, read in the worker's language, and the name is back.
    head.goto(f"{live_server}/candidates/{candidate_id}")
    head.locator("#rights a[href$='/consents/verification/give']").click()
    expect(head.locator("#language")).to_have_value("km")
    head.locator("input[type=submit]").click()
    expect(head.locator("#rights a[href$='/consents/verification/withdraw']")).to_be_visible()
    employer.reload()
    expect(employer.locator(".holder-name")).to_be_visible()
    head.context.close()
    employer.context.close()
