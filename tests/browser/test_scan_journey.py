"""An employer scans a certificate's QR code with the phone camera, in the /verify page itself.

Chromium films a fake camera from a YUV4MPEG2 file showing a QR code. Headless Linux chromium has no
BarcodeDetector for QR codes, so these tests exercise the vendored jsQR path of static/js/scan.js.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qrcode  # type: ignore[import-untyped]
from playwright.sync_api import Browser, expect

from registry.core.qr_image import qr_for
from tests.browser.conftest import CHROMIUM_FLAGS

WIDTH, HEIGHT = 640, 480
# Remembers the stream being filmed; the camera's light goes off only when every track is stopped.
KEEP_CAMERA = "() => (window.filmed = document.getElementById('scan-video').srcObject) !== null"
CAMERA_OFF = """() => document.getElementById('scan-video').srcObject === null
                      && window.filmed.getTracks().every((track) => track.readyState === 'ended')"""


def write_camera_video(path: Path, matrix: list[list[bool]], frames: int = 3) -> None:
    """A few grey-level frames of `matrix` (quiet zone included), black on white, centred and as large as fits."""
    module = min(WIDTH, HEIGHT) * 9 // 10 // len(matrix)
    left, top = (WIDTH - module * len(matrix)) // 2, (HEIGHT - module * len(matrix)) // 2
    luma = bytearray(b"\xff" * WIDTH * HEIGHT)
    for y, row in enumerate(matrix):
        line = b"".join((b"\x00" if dark else b"\xff") * module for dark in row)
        for dy in range(module):
            start = (top + y * module + dy) * WIDTH + left
            luma[start:start + len(line)] = line
    chroma = b"\x80" * (WIDTH // 2 * HEIGHT // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    path.write_bytes(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * frames)


def plain_qr(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


@pytest.fixture(scope="module")
def camera_filming(browser: Browser, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[Callable[[list[list[bool]]], Browser]]:
    """Launches a chromium whose camera films the given QR code (one launch per code: the video is a flag)."""
    launched: list[Browser] = []

    def launch(matrix: list[list[bool]]) -> Browser:
        video = tmp_path_factory.mktemp("camera") / "qr.y4m"
        write_camera_video(video, matrix)
        # The session browser's own Playwright: a second sync_playwright() cannot run beside it.
        camera = browser.browser_type.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[*CHROMIUM_FLAGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-video-capture={video}"])
        launched.append(camera)
        return camera

    yield launch
    for camera in launched:
        camera.close()


@pytest.mark.parametrize("printed_base_url", ["this server", "https://registry.example.org/th", "no URL"])
def test_thai_employer_scans_a_certificate_with_the_camera(camera_filming: Callable[[list[list[bool]]], Browser],
                                                           live_server: str, demo_certificates: dict[str, str],
                                                           printed_base_url: str) -> None:
    """Whatever base URL was printed, the code is checked by this server, the one the employer trusts."""
    path = demo_certificates["SOK Sreyneang"]
    code = path.removeprefix("/v/")
    if printed_base_url == "no URL":
        matrix = plain_qr(code)
    else:  # the two-segment QR code printed on certificates
        matrix = qr_for(live_server if printed_base_url == "this server" else printed_base_url, code).get_matrix()
    phone = camera_filming(matrix).new_context(viewport={"width": 390, "height": 844})
    phone.grant_permissions(["camera"], origin=live_server)
    page = phone.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server}/verify?lang=th")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "jsqr" in url.lower()], "jsQR must load only when scanning starts"

    page.locator("#scan-start").click()
    expect(page).to_have_url(live_server + path)
    expect(page.locator("#result")).to_have_attribute("data-status", "valid")
    expect(page.locator(".holder-name")).to_have_text("SOK Sreyneang")
    assert [url for url in requested if url.endswith("/static/vendor/jsqr/jsQR.js")]
    phone.close()


def test_another_sites_qr_code_is_refused_politely(camera_filming: Callable[[list[list[bool]]], Browser],
                                                   live_server: str, screenshots: Path) -> None:
    phone = camera_filming(plain_qr("https://example.com/pay/123")).new_context(
        viewport={"width": 390, "height": 844})
    phone.grant_permissions(["camera"], origin=live_server)
    page = phone.new_page()
    errors: list[str] = []  # a Content-Security-Policy refusal shows here
    page.on("console", lambda entry: errors.append(entry.text) if entry.type == "error" else None)
    page.goto(f"{live_server}/verify?lang=km")
    page.locator("#scan-start").click()
    foreign = page.locator("#scan").get_attribute("data-foreign")
    assert foreign and foreign != "This QR code is not a certificate of the registry.", "said in Khmer"
    expect(page.locator("#scan-message")).to_have_text(foreign)
    expect(page.locator("#scan-video")).to_be_visible()
    page.screenshot(path=str(screenshots / "verify-scan-km.png"), full_page=True)
    assert page.url == f"{live_server}/verify?lang=km"
    assert page.evaluate(KEEP_CAMERA), "keeps scanning"
    page.locator("#scan-stop").click()
    expect(page.locator("#scan-start")).to_be_visible()
    assert page.evaluate(CAMERA_OFF)

    page.locator("#scan-start").click()
    page.wait_for_function(KEEP_CAMERA)
    page.evaluate("""() => { Object.defineProperty(document, "hidden", {value: true, configurable: true});
                             document.dispatchEvent(new Event("visibilitychange")); }""")
    assert page.evaluate(CAMERA_OFF), "the camera stops when the phone shows another app"
    assert not errors
    phone.close()


@pytest.mark.parametrize(("error", "words"), [("NotAllowedError", "data-denied"),
                                              ("NotFoundError", "data-unavailable")])
def test_camera_refused_or_missing_points_to_the_upload(browser: Browser, live_server: str,
                                                        error: str, words: str) -> None:
    """Permission denied says to allow the camera; no camera says to upload a photo or type the number."""
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    # What the phone's browser answers, made certain here whatever camera this machine has.
    phone.add_init_script(f"""navigator.mediaDevices.getUserMedia =
                               () => Promise.reject(new DOMException("test", "{error}"));""")
    page = phone.new_page()
    page.goto(f"{live_server}/verify?lang=en")
    page.locator("#scan-start").click()
    advice = page.locator("#scan").get_attribute(words)
    assert advice
    expect(page.locator("#scan-message")).to_have_text(advice)
    expect(page.locator("#scan-start")).to_be_visible()
    expect(page.locator("#scan-viewer")).to_be_hidden()
    phone.close()


def test_the_workers_slip_is_told_apart_from_the_certificate(
        camera_filming: Callable[[list[list[bool]]], Browser], live_server: str) -> None:
    """The slip's QR code opens the worker's own page: the employer is told to scan the certificate instead."""
    slip = plain_qr(f"{live_server}/h/SLIPTOKEN123")
    phone = camera_filming(slip).new_context(viewport={"width": 390, "height": 844})
    phone.grant_permissions(["camera"], origin=live_server)
    page = phone.new_page()
    page.goto(f"{live_server}/verify?lang=th")
    page.locator("#scan-start").click()
    holder = page.locator("#scan").get_attribute("data-holder")
    assert holder and "ลิงก์ส่วนตัว" in holder, "said in Thai"
    expect(page.locator("#scan-message")).to_have_text(holder)
    assert page.url == f"{live_server}/verify?lang=th"
    phone.close()
