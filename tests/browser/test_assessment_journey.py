"""An assessor registers a Khmer candidate, fills a cohort grid with one mistake, fixes it and submits;
a moderator endorses. Driven in Khmer, with screenshots of each step."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


def _log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login?lang=km")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base}/dashboard")


def test_assessor_and_moderator_journey(page: Page, live_server: str, demo_data: None, screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server, "bsh-assessor", "assessor-demo-2026")

    page.goto(f"{live_server}/candidates/new")
    page.locator("#name_native").fill("កែវ សុភា")
    page.locator("#name_latin").fill("KEO Sophea")
    page.locator("#nationality").select_option("KH")
    page.locator("#sex").select_option("female")
    page.locator("#date_of_birth").fill("1998-07-21")
    page.locator("#id_document_type").select_option("passport")
    page.locator("#id_document_number").fill("N07654321")
    page.locator("#phone").fill("+66 89 111 2233")
    page.locator("#preferred_language").select_option("km")
    # The notice to read is the candidate's, not the assessor's: it opens, and is recorded as the one read.
    expect(page.locator("#consent_language")).to_have_value("km")
    expect(page.locator("details.notice[data-language=km]")).to_have_attribute("open", "")
    expect(page.locator("details.notice[open]")).to_have_count(1)
    for purpose in ("assessment", "certification", "verification"):  # nothing is ticked for the assessor
        page.locator(f"input[name=consent_purposes][value={purpose}]").check()
    expect(page.locator("details[open] p[lang=km]")).to_be_visible()
    page.screenshot(path=str(screenshots / "candidate-form-km.png"), full_page=True)
    page.locator("input[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("កែវ សុភា")
    expect(page.locator("main")).to_contain_text("…4321")
    page.screenshot(path=str(screenshots / "candidate-km.png"), full_page=True)

    page.goto(f"{live_server}/cohorts/new")
    page.locator("#name").fill("Room attendants, November")
    page.locator("#qualification_id").select_option(label="DEMO-HK-RA-2 · បុគ្គលិកសម្អាតបន្ទប់")
    page.locator("#assessment_date").fill("2026-11-20")
    page.get_by_label("KEO Sophea · កែវ សុភា").check()
    page.locator("input[type=submit]").click()
    expect(page.locator("table.grid tbody tr")).to_have_count(1)

    outcomes = page.locator("select[name^='o-']")
    methods = page.locator("select[name^='m-']")
    expect(outcomes).to_have_count(4)
    for index in range(4):
        outcomes.nth(index).select_option("competent")
        if index != 2:  # the third cell is left without a method: a mistake
            methods.nth(index).select_option("observation")
    page.locator(".grid-actions button.primary").click()
    invalid = page.locator("td[data-invalid=true]")
    expect(invalid).to_have_count(1)
    expect(page.locator("select[name^='o-'] >> nth=0")).to_have_value("competent")
    page.screenshot(path=str(screenshots / "cohort-grid-error-km.png"), full_page=True)
    invalid.locator("select[name^='m-']").select_option("questioning")
    page.locator(".grid-actions button.primary").click()
    expect(page.locator("td[data-invalid=true]")).to_have_count(0)
    expect(page.locator("[data-state=assessed]")).to_have_count(1)
    page.locator("#save-and-submit").click()
    expect(page.locator("[data-state=submitted]")).to_have_count(1)
    page.screenshot(path=str(screenshots / "cohort-grid-submitted-km.png"), full_page=True)

    page.locator("form[action='/logout'] button").click()
    _log_in(page, live_server, "bsh-moderator", "moderator-demo-2026")
    page.locator(".awaiting a", has_text="KEO Sophea").click()
    page.locator("button[data-action=endorse]").click()
    expect(page.locator("[data-state=endorsed]")).to_be_visible()
    expect(page.locator("[data-kind=qualification]")).to_be_visible()
    page.screenshot(path=str(screenshots / "assessment-endorsed-km.png"), full_page=True)
