"""axe-core on the pages the public and the staff meet first: no critical or serious violation, in Thai and Khmer.

axe runs in the page itself (the script comes with axe-playwright-python, nothing is fetched), on a 360 px phone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from registry.core.certificate_lifecycle import CertificateStatus
from registry.extensions import db
from registry.infra.app_context import issue_context
from registry.models import Certificate
from registry.services import demo
from tests.factories import DOCUMENT_KEY

AXE = Axe()
SERIOUS = {"critical", "serious"}


@pytest.fixture
def seeded(app: Flask, live_server: str) -> dict[str, dict[str, str]]:
    """The demo's certificates (Somphone's revoked) with Zaw's suspended: verify paths, numbers, holder links."""
    with app.test_request_context():
        links = demo.seed_demo(db.session, DOCUMENT_KEY, issue_context()).holder_links
        db.session.execute(update(Certificate).where(Certificate.holder_name_latin == "Zaw Min Htun")
                           .values(status=CertificateStatus.SUSPENDED))
        db.session.commit()
        return {c.holder_name_latin: {"verify": f"/v/{c.qr_code}", "number": c.number,
                                      "holder": "/h/" + links[c.holder_name_latin].split("/h/")[1]}
                for c in db.session.scalars(select(Certificate))}


def _problems(page: Page) -> list[dict[str, Any]]:
    violations = AXE.run(page).response["violations"]
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in violations if v["impact"] in SERIOUS]


@pytest.mark.parametrize("language", ["th", "km"])
def test_public_pages_have_no_serious_violations(browser: Browser, live_server: str,
                                                 seeded: dict[str, dict[str, str]], language: str,
                                                 screenshots: Path) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    sok = seeded["SOK Sreyneang"]
    typo = sok["number"][:-1] + ("A" if sok["number"][-1] != "A" else "B")
    tampered = seeded["Zaw Min Htun"]["verify"][:-6] + "AAAAAA"
    pages = {
        "verify": "/verify",
        "valid": sok["verify"],
        "revoked": seeded["Somphone Phommavong"]["verify"],
        "suspended": seeded["Zaw Min Htun"]["verify"],
        "not found": f"/verify?number={typo}",
        "invalid": tampered,
        "login": "/login",
    }
    found = {}
    for name, path in pages.items():
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={language}")
        found[name] = _problems(page)
        if name == "valid":
            page.screenshot(path=str(screenshots / f"a11y-valid-{language}.png"))
    page.goto(f"{live_server}{sok['holder']}?lang={language}")
    found["worker's page"] = _problems(page)
    page.goto(f"{live_server}{sok['holder']}/qr?lang={language}")
    expect(page.locator("h1")).to_have_count(1)
    found["worker's QR page"] = _problems(page)
    page.screenshot(path=str(screenshots / f"a11y-holder-qr-{language}.png"))
    phone.close()
    assert found == {name: [] for name in found}


def test_candidate_form_has_no_serious_violations(browser: Browser, live_server: str,
                                                  seeded: dict[str, dict[str, str]]) -> None:
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(f"{live_server}/login?lang=th")
    page.locator("#username").fill("bsh-assessor")
    page.locator("#password").fill("assessor-demo-2026")
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server}/dashboard")
    page.goto(f"{live_server}/candidates/new?lang=km")
    assert _problems(page) == []
    page.locator("main form input[type=submit]").last.click()  # the errors shown
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    assert _problems(page) == []
    phone.close()


def test_the_focus_ring_stands_out_on_a_white_input(browser: Browser, live_server: str, screenshots: Path) -> None:
    """WCAG 2.2's focus appearance: the ring differs from the white field and the page by at least 3:1."""
    page = browser.new_page()
    page.goto(f"{live_server}/verify?lang=th")
    page.locator("#number").focus()
    page.keyboard.type("A")  # focus-visible, as from the keyboard
    page.screenshot(path=str(screenshots / "focus-ring-th.png"))
    ring = page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {color: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle};
    }""")
    page.close()
    assert ring["style"] != "none" and ring["width"] >= 2
    assert _contrast(ring["color"], "rgb(255, 255, 255)") >= 3


def _contrast(first: str, second: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(part) / 255 for part in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
