from __future__ import annotations

import re
import time
from dataclasses import fields, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import qrcode
import zxingcpp
from PIL import Image

from registry.core.pdf import CertificateLabels, render_certificate, render_wallet_card
from registry.core.pdf.line_breaking import ZWSP
from tests.core.pdf_demo import HOLDERS, QR_BORDER, QR_URL, demo_view

MM = 72 / 25.4  # points per millimetre


def qr_modules(url: str = QR_URL) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    qr.add_data(url)
    qr.make(fit=True)
    return int(qr.modules_count)


def render_page(pdf: bytes, dpi: int = 300) -> tuple[Image.Image, tuple[float, float]]:
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    return page.render(scale=dpi / 72).to_pil(), page.get_size()


def page_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return str(document[0].get_textpage().get_text_range())


def char_boxes(pdf: bytes, page: int = 0) -> list[tuple[float, float, float, float]]:
    textpage = pdfium.PdfDocument(pdf)[page].get_textpage()
    return [textpage.get_charbox(index) for index in range(textpage.count_chars())]


def image_bounds(pdf: bytes) -> list[tuple[float, float, float, float]]:
    page = pdfium.PdfDocument(pdf)[0]
    return [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE])]


def test_fonts_are_embedded_for_every_script_printed() -> None:
    pdf = render_certificate(demo_view("km"))
    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+(\w+)", pdf))
    assert fonts == {b"NotoSans", b"NotoSansBold", b"NotoSansThai", b"NotoSansKhmer"}
    assert pdf.count(b"/FontFile2") == len(fonts)


def test_certificate_is_a4_portrait_and_card_is_id1_size() -> None:
    _, a4 = render_page(render_certificate(demo_view("lo")), dpi=10)
    _, card = render_page(render_wallet_card(demo_view("lo")), dpi=10)
    assert a4 == pytest.approx((595.28, 841.89), abs=0.01)
    assert card == pytest.approx((242.65, 153.07), abs=0.01)


@pytest.mark.parametrize("render", [render_certificate, render_wallet_card])
def test_qr_code_decodes_from_the_rendered_page(render: object) -> None:
    assert callable(render)
    image, _ = render_page(render(demo_view("my")), dpi=300)
    assert [barcode.text for barcode in zxingcpp.read_barcodes(image)] == [QR_URL]


@pytest.mark.parametrize("render", [render_certificate, render_wallet_card])
def test_qr_modules_are_at_least_25_mm_wide(render: object) -> None:
    assert callable(render)
    [(left, _, right, _)] = image_bounds(render(demo_view("km")))
    modules = qr_modules()
    assert (right - left) * modules / (modules + 2 * QR_BORDER) >= 25 * MM


def test_names_titles_and_number_are_printed_as_text() -> None:
    text = page_text(render_certificate(demo_view("km")))
    for expected in ("SOK Sreyneang", "Room Attendant", "TH-BSH-2026-00042-7", "D1.HOT.CL1.04", "AQRF", "9112",
                     "12 March 2026"):
        assert expected in text
    # Text extraction reorders shaped Khmer and Thai, so only check that their letters are all there.
    assert set("សុខស្រីនាងបុគ្គលិកសម្អាតបន្ទប់") <= set(text)
    assert ZWSP not in text
    assert "\u25cc" not in text  # HarfBuzz draws dotted circles for marks it could not attach


@pytest.mark.parametrize("language", ["km", "my", "lo", "th"])
def test_long_names_and_many_units_stay_inside_the_frame(language: str) -> None:
    native, _, _, title = HOLDERS[language]
    view = replace(
        demo_view(language),
        holder_name_native=(native.replace(" ", "") * 4)[:60],
        holder_name_latin="Phommavongsa-Rattanasinh Somphone Keomanivanh Xaysombath",
        title_holder=title * 2,
        units=[(f"D1.HHK.CL3.{i:02}", "Provide housekeeping services to guests in a multi-storey hotel", title * 2)
               for i in range(12)],
    )
    certificate = render_certificate(view)
    assert len(pdfium.PdfDocument(certificate)) == 2  # the units that do not fit continue overleaf
    for page in range(2):
        for left, bottom, right, top in char_boxes(certificate, page):
            assert 15 * MM <= left <= right <= (210 - 15) * MM
            assert 15 * MM <= bottom <= top <= (297 - 15) * MM
    for left, bottom, right, top in char_boxes(render_wallet_card(view)):
        assert 1.5 * MM <= left <= right <= (85.6 - 1.5) * MM
        assert 1.5 * MM <= bottom <= top <= (54 - 1.5) * MM


def test_the_cards_qr_code_keeps_its_quiet_zone_and_the_card_says_who_and_how_to_check() -> None:
    view = replace(demo_view("my"), card_scope="2 of 4 units")
    card = render_wallet_card(view)
    [(left, bottom, right, top)] = image_bounds(card)
    assert left >= 0 and bottom >= 0 and right <= 85.6 * MM and top <= 54 * MM
    module = (right - left) / (qr_modules() + 2 * QR_BORDER)
    for c_left, c_bottom, c_right, c_top in char_boxes(card):
        # No character reaches into the image, whose 4 white modules on each side are the quiet zone.
        if c_top > bottom and c_bottom < top:
            assert c_right <= left or c_left >= right
    assert module * QR_BORDER >= 0.9 * MM  # about a millimetre of white on every side
    text = page_text(card)
    for printed in ("Bang Saen Hospitality Skills Centre", "Scan the code to check", "2 of 4 units"):
        assert printed in text


def test_the_footer_ends_each_verify_sentence_with_the_address_at_a_legible_size() -> None:
    certificate = render_certificate(demo_view("km"))
    text = page_text(certificate).replace("\r\n", " ")
    assert "or type its number at https://registry.example/verify" in " ".join(text.split())
    document = pdfium.PdfDocument(certificate)
    textpage = document[0].get_textpage()
    start = textpage.get_text_range().index("https://registry.example/verify")
    assert textpage.get_charbox(start)[3] - textpage.get_charbox(start)[1] >= 5.5  # an 8.5 pt line's cap height


def test_a_statement_prints_what_it_covers_instead_of_levels_and_a_revoked_copy_is_stamped() -> None:
    view = replace(demo_view("km"), levels=[("AQRF", "2")], scope_en="2 of 4 units: not the qualification",
                   scope_th="2 จาก 4 หน่วย", stamp="REVOKED")
    text = page_text(render_certificate(view))
    assert "2 of 4 units: not the qualification" in text and "AQRF" not in text
    assert "REVOKED" in text and "REVOKED" in page_text(render_wallet_card(view))
    assert "REVOKED" not in page_text(render_certificate(demo_view("km")))


def test_renders_twenty_certificates_well_under_a_second_each() -> None:
    views = [demo_view(language) for language in ("km", "my", "lo", "th")] * 5
    started = time.perf_counter()
    for view in views:
        render_certificate(view)
    assert (time.perf_counter() - started) / len(views) < 1.0


def test_a_name_beyond_the_core_latin_font_is_printed_with_the_whole_font() -> None:
    view = replace(demo_view("km"), holder_name_latin="Nguyễn Thị Ánh Ŋoc")
    assert "Nguyễn Thị Ánh Ŋoc" in page_text(render_certificate(view))
    assert "SOK Sreyneang" in page_text(render_certificate(demo_view("km")))


def test_every_fixed_label_is_printed_from_the_view() -> None:
    names = [field.name for field in fields(CertificateLabels)]
    english = CertificateLabels(*(f"EN-{name}" for name in names))
    thai = CertificateLabels(*(f"ไทย{index}" for index, _ in enumerate(names)))
    long_title = "Provide housekeeping services to guests in a multi-storey hotel"
    view = replace(demo_view("km"), labels_en=english, labels_th=thai,
                   units=[(f"D1.HHK.CL3.{i:02}", long_title, long_title) for i in range(30)])
    printed = page_text(render_certificate(view)) + page_text(render_wallet_card(view))
    for name in names:
        assert f"EN-{name}" in printed
    for index, name in enumerate(names):
        if name != "centre_code":  # printed in English only
            assert f"ไทย{index}" in printed
        else:
            assert f"ไทย{index}" not in printed
