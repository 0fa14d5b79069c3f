"""An analyst reads the programme's reports in Thai and Burmese on a laptop: filters, a chart and its tables."""

from __future__ import annotations

from pathlib import Path

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
    expect(page.locator("#by-sex tbody tr")).to_have_count(2)  # the demo's women and man
    page.locator("#f-nationality").select_option("KH")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator("#f-nationality")).to_have_value("KH")
    expect(page.locator("#report-totals [data-indicator=registered]")).to_have_text("<5")
    page.screenshot(path=str(screenshots / "reports-th.png"), full_page=True)
    page.goto(f"{live_server}/reports?lang=my")
    expect(page.locator("h1")).to_have_text("အစီရင်ခံစာများ")
    assert "Sreyneang" not in page.content()
    page.screenshot(path=str(screenshots / "reports-my.png"), full_page=True)
    page.context.close()
