"""A centre's assessor in Thai brings a cohort in from a spreadsheet: downloads the template, fills it (here, the
test does), uploads it, sees the dry run's problems by row and column, fixes the file, imports it; then looks at
the grid in Khmer, submits it; a moderator endorses the whole cohort; the centre's head issues it, prints the
slips and downloads the ZIP of certificates. Screenshots of each step."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

PEOPLE = [
    {"name_latin": "SOK Dara", "name_native": "សុខ ដារា", "sex": "female", "nationality": "KH",
     "date_of_birth": "12/04/2539"},
    {"name_latin": "Zaw Min Htun", "name_native": "ဇော်မင်းထွန်း", "sex": "male", "nationality": "MM",
     "date_of_birth": "1994-03-07"},
    {"name_latin": "Khamla Vong", "name_native": "ຄຳລາ ວົງ", "sex": "female", "nationality": "LA",
     "date_of_birth": "31/02/1995"},  # no such day: the dry run says so
]


DEMO_PASSWORDS = {"bsh-assessor": "assessor-demo-2026", "bsh-moderator": "moderator-demo-2026",
                  "bsh-manager": "manager-demo-2026"}


def _log_in(page: Page, base: str, username: str = "bsh-assessor") -> None:
    if page.locator("form[action='/logout'] button").count():
        page.locator("form[action='/logout'] button").click()
    page.goto(f"{base}/login?lang=th")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEMO_PASSWORDS[username])
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base}/dashboard")


def _fill(template: bytes, people: list[dict[str, str]]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[1]]
    units = [key for key in keys if key and key.startswith("D1.")]
    for person in people:
        row = {**person, "consent": "assessment certification verification", "method": "observation",
               "assessed_on": "20/11/2569", **{unit: "competent" for unit in units}}
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(page: Page, content: bytes, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    page.locator("#file").set_input_files(str(path))
    page.locator("input[type=submit]").click()


def test_thai_assessor_imports_a_cohort_from_a_spreadsheet(page: Page, live_server: str, demo_data: None,
                                                           working_queue: threading.Event,
                                                           screenshots: Path, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server)
    page.goto(f"{live_server}/cohorts/new")
    page.locator("#name").fill("แม่บ้าน รุ่นธันวาคม")
    page.locator("#qualification_id").select_option(index=1)
    page.locator("#assessment_date").fill("2026-11-20")
    page.locator("input[type=submit]").click()
    expect(page.locator("h1")).to_have_text("เพิ่มผู้เข้ารับการประเมินจากสเปรดชีต")
    page.screenshot(path=str(screenshots / "import-upload-th.png"), full_page=True)

    with page.expect_download() as downloaded:
        page.locator("#template-xlsx").click()
    template = Path(downloaded.value.path()).read_bytes()
    sheet = load_workbook(io.BytesIO(template)).worksheets[0]
    assert sheet.cell(1, 1).value == "name_latin" and sheet.cell(2, 3).value == "เพศ"

    _upload(page, _fill(template, PEOPLE), tmp_path, "cohort.xlsx")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("5")
    expect(errors.first).to_contain_text("date_of_birth")
    expect(errors.first).to_contain_text("31/02/1995")
    expect(page.locator("#import-corrections")).to_contain_text("1996-04-12")  # 12/04/2539 is Buddhist era
    page.screenshot(path=str(screenshots / "import-dry-run-errors-th.png"), full_page=True)

    fixed = [*PEOPLE[:2], {**PEOPLE[2], "date_of_birth": "28/02/1995"}]
    page.locator("a", has_text="อัปโหลดไฟล์ที่แก้ไขแล้ว").click()
    _upload(page, _fill(template, fixed), tmp_path, "cohort-fixed.xlsx")
    expect(page.locator("#import-errors")).to_have_count(0)
    page.screenshot(path=str(screenshots / "import-dry-run-clean-th.png"), full_page=True)
    working_queue.clear()  # the worker is busy elsewhere: the import waits in the queue
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator("#job-bar")).to_be_visible()
    expect(page.locator("#job-words")).to_have_text("กำลังรอให้ตัวประมวลผลเริ่มงาน…")
    page.screenshot(path=str(screenshots / "import-queued-th.png"), full_page=True)
    working_queue.set()
    # The job runs in the worker: the bar reaches 100 %, then the page goes to the grid by itself, no reload.
    expect(page.locator("#job-words")).to_have_text("3 จาก 3 แถว", timeout=20_000)
    assert page.evaluate("document.getElementById('job-bar').value === document.getElementById('job-bar').max")
    page.screenshot(path=str(screenshots / "import-progress-100-th.png"), full_page=True)
    expect(page.locator("table.grid tbody tr")).to_have_count(3, timeout=20_000)
    expect(page.locator(".flash").first).to_contain_text("3")
    expect(page.locator("table.grid")).to_contain_text("ဇော်မင်းထွန်း")
    expect(page.locator("[data-state=assessed]")).to_have_count(3)
    page.screenshot(path=str(screenshots / "import-done-grid-th.png"), full_page=True)

    grid_url = page.url.split("?")[0]
    page.goto(grid_url + "?lang=km")
    expect(page.locator("table.grid")).to_contain_text("សុខ ដារា")
    page.screenshot(path=str(screenshots / "import-done-grid-km.png"), full_page=True)
    page.locator("#save-and-submit").click()
    expect(page.locator("[data-state=submitted]")).to_have_count(3)

    _log_in(page, live_server, "bsh-moderator")
    page.goto(grid_url + "?lang=th")
    page.locator("#endorse-all").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-state=endorsed]")).to_have_count(3)

    _log_in(page, live_server, "bsh-manager")
    page.goto(grid_url + "?lang=th")
    page.locator("form[action$='/certificates'] button[type=submit]").click()
    expect(page.locator(".slip")).to_have_count(3)  # each worker's slip, in their language and in Thai
    expect(page.locator(".slip[lang=km] .slip-help").first).to_contain_text("ស្កេន")
    page.screenshot(path=str(screenshots / "cohort-issued-slips-th.png"), full_page=True)
    page.goto(grid_url + "?lang=km")
    page.screenshot(path=str(screenshots / "cohort-issued-grid-km.png"), full_page=True)
    with page.expect_download() as downloaded:
        page.locator("#cohort-zip").click()
    names = zipfile.ZipFile(downloaded.value.path()).namelist()
    assert len(names) == 3 and {"SOK-Dara", "Zaw-Min-Htun", "Khamla-Vong"} == {n.split("-", 5)[5][:-4] for n in names}
