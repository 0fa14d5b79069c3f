"""A Thai assessor fills a column at once, corrects one cell, and submits the cohort in one press: the correction is
saved first. A moderator endorses the whole cohort, except what they assessed themselves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, expect

from registry.core.roles import Role
from registry.extensions import db
from registry.services import accounts, cohorts
from tests.factories import PASSWORD, make_candidate, make_qualification, make_user


def _seed(app: Flask) -> int:
    with app.app_context():
        head = accounts.find_user(db.session, "bsh-manager")
        assert head is not None
        assessor = make_user(db.session, Role.ASSESSOR, head.centre, username="grid-assessor")
        make_user(db.session, Role.MODERATOR, head.centre, username="grid-moderator")
        qualification = make_qualification(db.session, units=2)
        people = [make_candidate(db.session, assessor, name_latin=f"Grid Worker {n}", name_native="").id
                  for n in ("A", "B", "C")]
        cohort = cohorts.create_cohort(db.session, assessor, "รุ่นทดสอบ", qualification, date(2026, 11, 20),
                                       [assessor.id], people)
        db.session.commit()
        return cohort.id


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login?lang=th")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base}/dashboard")


def test_fill_a_column_correct_a_cell_and_submit_in_one_press(
        app: Flask, browser: Browser, live_server: str, demo_data: None, screenshots: Path) -> None:
    cohort_id = _seed(app)
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH").new_page()
    _log_in(page, live_server, "grid-assessor")
    page.goto(f"{live_server}/cohorts/{cohort_id}")
    page.locator("#fill_outcome").select_option("competent")
    page.locator("#fill_method").select_option("observation")
    page.locator("#fill-button").click()
    expect(page.locator(".flash").first).to_contain_text("6")
    expect(page.locator("select[name^='o-'] >> nth=5")).to_have_value("competent")
    expect(page.locator("[data-state=assessed]")).to_have_count(0)  # filled on the page only, not saved
    page.locator("select[name^='o-'] >> nth=1").select_option("not_yet_competent")  # a correction
    page.screenshot(path=str(screenshots / "grid-filled-th.png"), full_page=True)
    page.locator("#save-and-submit").click()
    expect(page.locator("[data-state=submitted]")).to_have_count(3)
    expect(page.locator("table.grid tbody tr >> nth=0")).to_contain_text("ยังไม่ผ่าน")  # the correction was kept
    page.screenshot(path=str(screenshots / "grid-submitted-th.png"), full_page=True)
    page.context.close()

    moderator = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH").new_page()
    _log_in(moderator, live_server, "grid-moderator")
    moderator.goto(f"{live_server}/cohorts/{cohort_id}")
    moderator.locator("#endorse-all").click()
    expect(moderator.locator("#to-endorse")).to_have_text("3")
    moderator.screenshot(path=str(screenshots / "endorse-cohort-th.png"), full_page=True)
    moderator.locator("main form button[type=submit]").click()
    expect(moderator.locator("[data-state=endorsed]")).to_have_count(3)
    moderator.context.close()


def test_leaving_a_grid_with_unsaved_edits_asks_first(
        app: Flask, browser: Browser, live_server: str, demo_data: None) -> None:
    cohort_id = _seed(app)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(page, live_server, "grid-assessor")
    page.goto(f"{live_server}/cohorts/{cohort_id}")
    page.locator("select[name^='o-'] >> nth=0").click()  # a person's gesture: browsers ask only after one
    page.locator("select[name^='o-'] >> nth=0").select_option("competent")
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator(".main-nav a").first.click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert f"/cohorts/{cohort_id}" in page.url  # still here, the edit still in its cell
    expect(page.locator("select[name^='o-'] >> nth=0")).to_have_value("competent")
