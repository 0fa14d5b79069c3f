"""An employer in Thailand opens a certificate's QR link on a phone: an honest verdict, in Thai by default."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from registry.core.languages import LANGUAGE_CODES


def test_thai_employer_sees_valid_then_revoked(browser: Browser, live_server: str,
                                               demo_certificates: dict[str, str], screenshots: Path) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH",
                                extra_http_headers={"Accept-Language": "th-TH,th;q=0.9"})
    page = phone.new_page()
    page.goto(live_server + demo_certificates["SOK Sreyneang"])
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")
    expect(page.locator(".holder-name")).to_have_text("SOK Sreyneang")
    expect(page.locator("main")).to_contain_text("พนักงานทำความสะอาดห้องพัก")
    page.goto(live_server + demo_certificates["Somphone Phommavong"])
    expect(page.locator("#result")).to_have_attribute("data-status", "revoked")
    phone.close()


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_verdict_screenshots_in_each_language(browser: Browser, live_server: str,
                                              demo_certificates: dict[str, str], screenshots: Path,
                                              language: str) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    for name, verdict in (("Zaw Min Htun", "valid"), ("Somphone Phommavong", "revoked")):
        page.goto(f"{live_server}{demo_certificates[name]}?lang={language}")
        expect(page.locator("#result")).to_have_attribute("data-status", verdict)
        page.screenshot(path=str(screenshots / f"verify-{verdict}-{language}.png"), full_page=True)
    page.goto(f"{live_server}/v/AAAA{demo_certificates['Zaw Min Htun'][7:]}?lang={language}")
    expect(page.locator("#result")).to_have_attribute("data-status", "invalid")
    page.screenshot(path=str(screenshots / f"verify-invalid-{language}.png"), full_page=True)
    phone.close()


def test_verify_page_is_light_on_first_load(browser: Browser, live_server: str,
                                            demo_certificates: dict[str, str]) -> None:
    """In Thai, at most 150 KB on first load with its fonts and 30 KB without: an employer may be on a slow, metered
    phone connection. The language menu's Khmer, Lao and Burmese names must not fetch those scripts' fonts."""
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(live_server + demo_certificates["SOK Sreyneang"] + "?lang=th")
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    entries = page.evaluate("""() => [performance.getEntriesByType('navigation')[0],
                                      ...performance.getEntriesByType('resource')]
                                     .map(e => ({name: e.name, size: e.transferSize}))""")
    for entry in entries:
        if entry["size"] == 0:  # answered through the service worker (the status-list warm-up): count its body
            entry["size"] = len(page.request.get(entry["name"]).body())
    phone.close()
    fonts = [e for e in entries if e["name"].split("?")[0].endswith((".ttf", ".woff2", ".woff"))]
    rest = [e for e in entries if e not in fonts]
    assert rest[0]["name"].startswith(live_server + "/v/") and rest[0]["size"] > 0
    without_fonts, with_fonts = sum(e["size"] for e in rest), sum(e["size"] for e in entries)
    print(f"\n/v/CODE in Thai, first load: {with_fonts / 1024:.1f} KiB with fonts, "
          f"{without_fonts / 1024:.1f} KiB without ({len(fonts)} font files)")
    names = [e["name"].rsplit("/", 1)[-1] for e in fonts]
    print(", ".join(f"{name} {e['size'] / 1024:.1f}" for name, e in zip(names, fonts, strict=True)))
    assert not any(name.startswith(("NotoSansKhmer", "NotoSansLao", "NotoSansMyanmar")) for name in names), names
    assert any(name.startswith("NotoSansThai") for name in names), names
    assert without_fonts <= 30 * 1024, rest
    assert with_fonts <= 150 * 1024, entries


def test_printed_code_still_checks_offline_after_one_visit(browser: Browser, live_server: str,
                                                           demo_certificates: dict[str, str],
                                                           screenshots: Path) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH",
                                extra_http_headers={"Accept-Language": "th"})
    page = phone.new_page()
    page.goto(live_server + demo_certificates["SOK Sreyneang"])
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null"
                           " || navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # A phone that never saw Zaw's centre's status lists: once offline (so nothing in flight can store them
    # again), forget the ones this visit kept, in the worker's cache and in the HTTP cache.
    page.wait_for_load_state("networkidle")
    phone.set_offline(True)
    forget = """caches.open('registry-verify-v4').then(c => c.keys().then(keys => Promise.all(
                    keys.filter(r => r.url.includes('/status/')).map(r => c.delete(r)))).then(() => c.keys()))
                .then(keys => keys.filter(r => r.url.includes('/status/')).length)"""
    for _ in range(20):
        if page.evaluate(forget) == 0 and (time.sleep(0.2) or page.evaluate(forget) == 0):
            break
    phone.new_cdp_session(page).send("Network.clearBrowserCache")
    page.goto(live_server + demo_certificates["Zaw Min Htun"])
    expect(page.locator("#result")).to_have_attribute("data-status", "unchecked")
    expect(page.locator("#holder-name")).to_have_text("Zaw Min Htun")
    expect(page.locator("#status-never")).to_be_visible()
    assert page.evaluate("""document.fonts.ready.then(() =>
        document.fonts.check('16px "Noto Sans Thai"', 'ไทย') && [...document.fonts].some(
            f => f.family.includes('Noto Sans Thai') && f.status === 'loaded'))""")  # kept by the worker
    page.screenshot(path=str(screenshots / "verify-offline-th.png"), full_page=True)
    page.goto(live_server + "/v/AAAA" + demo_certificates["Zaw Min Htun"][7:])
    expect(page.locator("#result")).to_have_attribute("data-status", "invalid")
    phone.close()


def test_offline_check_remembers_revocations_seen_online(browser: Browser, live_server: str,
                                                         demo_certificates: dict[str, str]) -> None:
    """The demo centre's status list, fetched once online, tells a revoked certificate apart offline."""
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    page = phone.new_page()
    page.goto(live_server + demo_certificates["SOK Sreyneang"])
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function("""caches.open('registry-verify-v4').then(c => c.keys())
                              .then(keys => keys.some(r => r.url.includes('/status/')))""")
    phone.set_offline(True)
    page.goto(live_server + demo_certificates["Somphone Phommavong"])
    expect(page.locator("#result")).to_have_attribute("data-status", "revoked")
    page.goto(live_server + demo_certificates["Zaw Min Htun"])
    expect(page.locator("#result")).to_have_attribute("data-status", "unchecked")
    page.goto(live_server + demo_certificates["SOK Sreyneang"])
    expect(page.locator("#result")).to_have_attribute("data-status", "unchecked")
    # Not revoked as far as this phone knows, and since when it knows: the list's fetch time, in Thai.
    expect(page.locator("#status-checked")).to_be_visible()
    expect(page.locator("#status-date")).to_contain_text("25")  # the Buddhist era: 25xx
    expect(page.locator("#status-never")).to_be_hidden()
    phone.close()


def test_a_typed_number_shows_the_whole_name_only_with_the_year_of_birth(
        browser: Browser, live_server: str, demo_certificates: dict[str, str], screenshots: Path) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH",
                                extra_http_headers={"Accept-Language": "th-TH,th;q=0.9"})
    page = phone.new_page()
    page.goto(live_server + demo_certificates["SOK Sreyneang"])
    number = page.locator("dd.number").inner_text().strip()
    page.goto(f"{live_server}/verify")
    page.locator("input[name=number]").first.fill(number.lower())  # typed as people type
    page.locator("input[name=number]").first.press("Enter")
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")
    expect(page.locator(".holder-name")).to_have_text("S** S********")
    page.locator("#born").fill("2538")  # a slip: the Buddhist-era year one off
    page.locator("#name-unlock button[type=submit]").click()
    expect(page.locator("#born-error")).to_be_visible()
    expect(page.locator(".holder-name")).to_have_text("S** S********")
    page.screenshot(path=str(screenshots / "verify-typed-number-masked-th.png"), full_page=True)
    page.locator("#born").fill("2539")
    page.locator("#name-unlock button[type=submit]").click()
    expect(page.locator(".holder-name")).to_have_text("SOK Sreyneang")
    page.screenshot(path=str(screenshots / "verify-typed-number-th.png"), full_page=True)
    phone.close()
