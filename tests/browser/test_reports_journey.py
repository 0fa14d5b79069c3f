"""An analyst reads the programme's reports in Thai and Burmese on a laptop: filters, a chart and its tables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from playwright.sync_api import Browser, expect

from registry.core.roles import Role
from registry.extensions import db
from tests.factories import PASSWORD, make_user


def test_an_analyst_filters_the_report_in_thai_and_burmese(
        app: Flask, browser: Browser, live_server: str, demo_certificates: dict[str, str], screenshots: Path) -> None:
    with app.app_context():
        make_user(db.session, Role.ANALYST, username="programme-officer")
        db.session.commit()
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server}/login?lang=th")
    page.locator("#username").fill("programme-officer")
    page.locator("#password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.locator(".main-nav a", has_text="รายงาน").click()
    expect(page.locator("h1")).to_have_text("รายงาน")
    expect(page.locator("#chart-sex svg")).to_be_visible()
    expect(page.locator("#table-sex tbody tr")).to_have_count(2)  # the demo's women and man
    expect(page.locator("#chart-month svg")).to_be_visible()
    expect(page.locator("#chart-nationality table tbody tr")).to_have_count(3)  # beside its chart, the same numbers
    this_year = datetime.now(ZoneInfo("Asia/Bangkok")).year
    expect(page.locator("#f-year option", has_text=str(this_year + 543))).to_have_count(1)  # the Buddhist era
    page.locator("#f-year").select_option(str(this_year))
    page.locator("#f-nationality").select_option("KH")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#f-nationality")).to_have_value("KH")
    expect(page.locator("#period-text")).to_contain_text(str(this_year + 543))
    expect(page.locator("#report-totals [data-indicator=registered]")).to_have_text("<5")
    expect(page.locator("#table-month tbody tr")).to_have_count(12)  # every month of the year, the quiet ones too
    page.screenshot(path=str(screenshots / "reports-th.png"), full_page=True)
    phone = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server}/reports?lang=my&sex=female")
    expect(phone.locator("h1")).to_have_text("အစီရင်ခံစာများ")
    expect(phone.locator("#f-sex")).to_have_value("female")
    assert "Sreyneang" not in phone.content() and "TH-BSH" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling of the page
    phone.screenshot(path=str(screenshots / "reports-my-phone.png"), full_page=True)
    with phone.expect_download() as download:
        phone.locator("#report-exports a[href*='summary.pdf']").click()
    assert download.value.suggested_filename == "report-summary.pdf"
    phone.context.close()
    page.context.close()
