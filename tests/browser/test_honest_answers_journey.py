"""Issue 15's journeys on a 360 px phone: an employer in Thai who mistypes, pastes a URL, meets a partial award and a
revoked certificate; a Khmer-speaking worker whose slip and page speak Khmer, and whose revoked certificate is
explained to them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from registry.extensions import db
from registry.infra.app_context import issue_context
from registry.models import Certificate
from registry.services import demo
from tests.factories import DOCUMENT_KEY

CHANGED_AT = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)  # 1 December 2026 in Bangkok: 1 ธันวาคม 2569


@pytest.fixture
def seeded(app: Flask, live_server: str) -> dict[str, dict[str, Any]]:
    """The demo's certificates by Latin name: verify path, number and the worker's own page."""
    with app.test_request_context():
        links = demo.seed_demo(db.session, DOCUMENT_KEY, issue_context()).holder_links
        db.session.execute(update(Certificate).where(Certificate.status == "revoked")
                           .values(status_changed_at=CHANGED_AT))
        db.session.commit()
        return {c.holder_name_latin: {"verify": f"/v/{c.qr_code}", "number": c.number,
                                      "holder": links[c.holder_name_latin].split("/h/")[1]}
                for c in db.session.scalars(select(Certificate))}


def _thai_phone(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH",
                                  extra_http_headers={"Accept-Language": "th-TH,th;q=0.9"})
    return context.new_page()


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_thai_employer_typo_paste_partial_award_and_revoked(
        browser: Browser, live_server: str, seeded: dict[str, dict[str, Any]], screenshots: Path) -> None:
    page = _thai_phone(browser)
    number = seeded["SOK Sreyneang"]["number"]
    typo = number[:-1] + ("A" if number[-1] != "A" else "B")  # a wrong check character
    page.goto(f"{live_server}/verify")
    page.locator("#number").fill(typo)
    page.locator("#number").press("Enter")
    expect(page.locator("#result")).to_have_attribute("data-status", "not_found")
    expect(page.locator(".verdict-words")).to_have_text("ตรวจสอบหมายเลขที่คุณพิมพ์")
    expect(page.locator("#result")).not_to_contain_text("ไม่ใช่ของจริง")  # never "not genuine"
    page.screenshot(path=str(screenshots / "employer-typo-th.png"), full_page=True)
    box = page.locator(".correct-number #number")
    expect(box).to_have_value(typo)
    box.fill(number)
    box.press("Enter")
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")

    page.goto(f"{live_server}/verify")
    page.locator("#number").fill(live_server + seeded["SOK Sreyneang"]["verify"] + "?utm_source=line")
    page.locator("#number").press("Enter")
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")
    expect(page.locator(".holder-name")).to_have_text("SOK Sreyneang")

    page.goto(live_server + seeded["Zaw Min Htun"]["verify"])
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")
    expect(page.locator("#result .verdict-scope")).to_contain_text("2 จาก 4 หน่วย")
    expect(page.locator(".not-covered li")).to_have_count(2)
    expect(page.locator(".levels")).to_have_count(0)
    expect(page.locator(".name-thai")).to_have_text("ซอ มิน ทุน")
    _fits_the_phone(page)
    page.screenshot(path=str(screenshots / "employer-partial-award-th.png"), full_page=True)

    page.goto(live_server + seeded["Somphone Phommavong"]["verify"])
    expect(page.locator("#result")).to_have_attribute("data-status", "revoked")
    expect(page.locator(".status-since")).to_have_text("เพิกถอนเมื่อ 1 ธันวาคม 2569")
    expect(page.locator(".centre-contact a[href^='tel:']")).to_have_text("+66 38 000 0000")
    _fits_the_phone(page)
    page.screenshot(path=str(screenshots / "employer-revoked-th.png"), full_page=True)
    page.context.close()


def test_khmer_worker_slip_and_revoked_explanation(
        app: Flask, browser: Browser, live_server: str, seeded: dict[str, dict[str, Any]],
        screenshots: Path) -> None:
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    desk = staff.new_page()
    desk.goto(f"{live_server}/login?lang=en")
    desk.locator("#username").fill("bsh-manager")
    desk.locator("#password").fill("manager-demo-2026")
    desk.locator("input[type=submit]").click()
    desk.goto(f"{live_server}/certificates/{seeded['SOK Sreyneang']['number']}?lang=en")
    desk.locator("form[action$='/holder-link'] button").click()
    expect(desk.locator(".slip-help").first).to_have_attribute("lang", "km")
    expect(desk.locator(".slip-help").first).to_contain_text("ស្កេន")  # "scan", in Khmer
    expect(desk.locator(".slip-help").nth(1)).to_have_attribute("lang", "th")
    expect(desk.locator(".flash").first).to_contain_text("A new holder link is made")
    desk.screenshot(path=str(screenshots / "slip-km-th.png"), full_page=True)
    link = live_server + "/h/" + desk.locator(".slip-url code").first.inner_text().split("/h/")[1]

    desk.goto(f"{live_server}/certificates/{seeded['SOK Sreyneang']['number']}?lang=en")
    desk.locator("select[name=reason]").select_option("fraud")
    desk.locator("form[action$='/revoke'] button[type=submit]").click()
    desk.locator("form[action$='/revoke'] button[type=submit]").click()  # the confirmation
    expect(desk.locator("[data-status]").first).to_have_attribute("data-status", "revoked")
    staff.close()

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "km")
    expect(page.locator("#what-happened")).to_be_visible()
    expect(page.locator("#what-happened h2")).to_have_text("អ្វីដែលបានកើតឡើង")
    expect(page.locator("a[href$='/qr']")).to_have_count(0)  # no "show the QR code to an employer"
    expect(page.locator("a[href$='.pdf']")).to_have_count(0)
    _fits_the_phone(page)
    page.screenshot(path=str(screenshots / "worker-revoked-km.png"), full_page=True)
    phone.close()
