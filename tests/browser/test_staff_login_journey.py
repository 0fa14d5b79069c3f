"""A centre's staff member logs in, in each of the five languages, and sees a dashboard fit for their role."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from registry.core.languages import LANGUAGE_CODES


def _log_in(page: Page, base: str, language: str, username: str, password: str) -> None:
    page.goto(f"{base}/login?lang={language}")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base}/dashboard")


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_assessor_logs_in_and_sees_the_dashboard(
    page: Page, live_server: str, demo_data: None, screenshots: Path, language: str
) -> None:
    _log_in(page, live_server, language, "bsh-assessor", "assessor-demo-2026")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_contain_text("Somchai Boonmee")
    # The demo centre's Thai name is shaped by the browser with the bundled Noto Sans Thai.
    expect(page.get_by_text("ศูนย์พัฒนาทักษะการโรงแรมบางแสน")).to_be_visible()
    # Loaded on demand (unicode-range): wait for the load the page may still be making, then check it succeeded.
    fonts = page.evaluate("""async () => {
        await document.fonts.load('16px "Noto Sans Khmer"', 'ខ្មែរ');
        return document.fonts.check('16px "Noto Sans Khmer"', 'ខ្មែរ');
    }""")
    assert fonts
    page.screenshot(path=str(screenshots / f"dashboard-assessor-{language}.png"), full_page=True)


def test_centre_head_sees_staff_and_audit(page: Page, live_server: str, demo_data: None, screenshots: Path) -> None:
    _log_in(page, live_server, "km", "bsh-manager", "manager-demo-2026")
    page.goto(f"{live_server}/admin/users")
    expect(page.locator("table")).to_contain_text("bsh-assessor")
    expect(page.locator("table")).not_to_contain_text("pct-manager")
    page.screenshot(path=str(screenshots / "staff-list-km.png"), full_page=True)


def test_admin_sees_the_catalogue_on_a_laptop(page: Page, live_server: str, demo_data: None,
                                              screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    _log_in(page, live_server, "my", "admin", "admin-demo-2026")
    page.goto(f"{live_server}/catalogue")
    expect(page.locator("table")).to_contain_text("DEMO-HK-RA-2")
    expect(page.locator("table")).to_contain_text("အခန်းသန့်ရှင်းရေးဝန်ထမ်း")
    page.screenshot(path=str(screenshots / "catalogue-my.png"), full_page=True)


def test_wrong_password_keeps_the_user_name(page: Page, live_server: str, demo_data: None) -> None:
    page.goto(f"{live_server}/login?lang=lo")
    page.locator("#username").fill("bsh-assessor")
    page.locator("#password").fill("not the password")
    page.locator("input[type=submit]").click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("#username")).to_have_value("bsh-assessor")


def test_a_centre_head_sets_up_a_second_factor_on_a_phone_in_burmese(
        browser: Browser, live_server: str, demo_data: None, screenshots: Path) -> None:
    import re

    import pyotp

    phone = browser.new_context(viewport={"width": 360, "height": 780}).new_page()
    _log_in(phone, live_server, "my", "bsh-manager", "manager-demo-2026")
    phone.goto(f"{live_server}/account/two-factor?lang=my")
    expect(phone.locator("img.totp-qr")).to_be_visible()
    secret = re.sub(r"\s", "", phone.locator("#totp-secret").inner_text())
    phone.screenshot(path=str(screenshots / "two-factor-setup-my.png"), full_page=True)
    phone.locator("#code").fill("123456")  # a slip
    phone.locator("input[type=submit]").click()
    expect(phone.locator("#code")).to_have_attribute("aria-invalid", "true")
    phone.locator("#code").fill(pyotp.TOTP(secret).now())
    phone.locator("input[type=submit]").click()
    expect(phone.locator("#recovery-codes li")).to_have_count(10)
    phone.context.clear_cookies()
    phone.goto(f"{live_server}/login?lang=my")
    phone.locator("#username").fill("bsh-manager")
    phone.locator("#password").fill("manager-demo-2026")
    phone.locator("input[type=submit]").click()
    phone.wait_for_url(f"{live_server}/login/code")
    phone.screenshot(path=str(screenshots / "two-factor-login-my.png"), full_page=True)
    phone.locator("#code").fill(pyotp.TOTP(secret).now())
    phone.locator("input[type=submit]").click()
    phone.wait_for_url(f"{live_server}/dashboard")
    phone.context.close()
