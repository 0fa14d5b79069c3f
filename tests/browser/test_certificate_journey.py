"""The centre head issues a certificate; the worker opens their page from the slip on a cheap phone."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect


def test_issue_then_the_worker_opens_their_page(page: Page, browser: Browser, live_server: str, demo_data: None,
                                                screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server}/login?lang=th")
    page.locator("#username").fill("bsh-manager")
    page.locator("#password").fill("manager-demo-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server}/dashboard")
    page.goto(f"{live_server}/candidates?q=sok")
    page.get_by_role("link", name="SOK Sreyneang").click()
    page.locator("main ul a[href^='/assessments/']").first.click()
    page.locator("button[data-action=issue]").click()
    expect(page.locator(".slip")).to_have_count(1)
    expect(page.locator(".slip img.slip-qr")).to_be_visible()
    page.screenshot(path=str(screenshots / "holder-slip-th.png"), full_page=True)
    link = page.locator(".slip-url code").inner_text().strip()
    assert "/h/" in link

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="km-KH")
    worker = phone.new_page()
    worker.goto(link.replace("http://registry.test", live_server))
    expect(worker.locator("html")).to_have_attribute("lang", "km")
    expect(worker.locator("h1")).to_contain_text("សុខ ស្រីនាង")
    expect(worker.locator("[data-status=valid]")).to_be_visible()
    worker.screenshot(path=str(screenshots / "holder-page-km.png"), full_page=True)
    pdf = worker.request.get(live_server + str(worker.locator("a[href*='certificate.pdf']").get_attribute("href")))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (screenshots / "certificate-km.pdf").write_bytes(pdf.body())
    worker.locator("a.big").click()
    expect(worker.locator(".qr-screen img")).to_be_visible()
    worker.screenshot(path=str(screenshots / "holder-qr-km.png"))
    phone.close()
