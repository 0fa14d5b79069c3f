from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import qrcode
import zxingcpp
from PIL import Image

from registry.core.certificate_pdf import (
    ZWSP,
    CertificateView,
    break_opportunities,
    missing_glyphs,
    render_certificate,
    render_wallet_card,
)

QR_URL = "https://registry.example/v/" + "AB2CD3EF4GH5IJ6KL7MN" * 8
QR_BORDER = 4
DEFAULT_FONTS_DIR_FOR_TESTS = __import__("registry.core.certificate_pdf", fromlist=["x"]).DEFAULT_FONTS_DIR
MM = 72 / 25.4  # points per millimetre

UNITS_EN = (
    ("D1.HHK.CL3.01", "Provide housekeeping services to guests"),
    ("D1.HHK.CL3.03", "Prepare rooms for guests"),
    ("D1.HHK.CL3.05", "Clean public areas"),
    ("D1.HOT.CL1.04", "Maintain hospitality industry knowledge"),
)
UNITS_HOLDER = {
    "th": (
        "ให้บริการงานแม่บ้านแก่แขก",
        "จัดเตรียมห้องพักสำหรับแขก",
        "ทำความสะอาดพื้นที่สาธารณะ",
        "รักษาความรู้ด้านอุตสาหกรรมการโรงแรม",
    ),
    "km": (
        "ផ្តល់សេវាថែទាំបន្ទប់ដល់ភ្ញៀវ",
        "រៀបចំបន្ទប់សម្រាប់ភ្ញៀវ",
        "សម្អាតទីកន្លែងសាធារណៈ",
        "រក្សាចំណេះដឹងអំពីឧស្សាហកម្មបដិសណ្ឋារកិច្ច",
    ),
    "lo": (
        "ໃຫ້ບໍລິການແມ່ບ້ານແກ່ແຂກ",
        "ກະກຽມຫ້ອງພັກສຳລັບແຂກ",
        "ທຳຄວາມສະອາດພື້ນທີ່ສາທາລະນະ",
        "ຮັກສາຄວາມຮູ້ກ່ຽວກັບອຸດສາຫະກຳການໂຮງແຮມ",
    ),
    "my": (
        "ဧည့်သည်များအား အိမ်စောင့်ဝန်ဆောင်မှုပေးခြင်း",
        "ဧည့်သည်များအတွက် အခန်းများပြင်ဆင်ခြင်း",
        "အများသုံးနေရာများကို သန့်ရှင်းရေးလုပ်ခြင်း",
        "ဧည့်ဝန်ဆောင်မှုလုပ်ငန်းဆိုင်ရာ အသိပညာကို ထိန်းသိမ်းခြင်း",
    ),
    "en": tuple(title for _, title in UNITS_EN),
}
HOLDERS = {
    "km": ("សុខ ស្រីនាង", "SOK Sreyneang", "វិញ្ញាបនបត្រ", "បុគ្គលិកសម្អាតបន្ទប់"),
    "my": ("ဇော်မင်းထွန်း", "Zaw Min Htun", "အောင်မြင်မှုလက်မှတ်", "အခန်းသန့်ရှင်းရေးဝန်ထမ်း"),
    "lo": ("ສົມພອນ ພົມມະວົງ", "Somphone Phommavong", "ໃບຢັ້ງຢືນ", "ພະນັກງານທຳຄວາມສະອາດຫ້ອງພັກ"),
    "th": ("สมศรี ใจดี", "Somsri Jaidee", "ประกาศนียบัตร", "พนักงานทำความสะอาดห้องพัก"),
    "en": ("Mary Smith", "Mary Smith", "Certificate", "Room Attendant"),
}


@cache
def qr_png(url: str = QR_URL) -> bytes:
    """A QR code made with the qrcode package itself (the project's QR module is tested on its own)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer)
    return buffer.getvalue()


def qr_modules(url: str = QR_URL) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    qr.add_data(url)
    qr.make(fit=True)
    return int(qr.modules_count)


def demo_view(language: str) -> CertificateView:
    native, latin, kind_holder, title_holder = HOLDERS[language]
    return CertificateView(
        number="TH-BSH-2026-00042-7",
        kind_label_en="Certificate",
        kind_label_th="ประกาศนียบัตร",
        kind_label_holder=kind_holder,
        holder_name_native=native,
        holder_name_latin=latin,
        holder_language=language,
        title_en="Room Attendant",
        title_th="พนักงานทำความสะอาดห้องพัก",
        title_holder=title_holder,
        qualification_code="DEMO-HK-RA-2",
        units=[(code, en, holder) for (code, en), holder in zip(UNITS_EN, UNITS_HOLDER[language], strict=True)],
        levels=[("AQRF", "2"), ("DSD", "1"), ("TPQI", "2"), ("ISCO-08", "9112")],
        centre_name_en="Bang Saen Hospitality Skills Centre",
        centre_name_th="ศูนย์พัฒนาทักษะการโรงแรมบางแสน",
        centre_code="BSH",
        assessed_on_en="2 March 2026",
        issued_on_en="12 March 2026",
        issued_on_th="12 มีนาคม 2569",
        expires_on_en="11 March 2031",
        expires_on_th="11 มีนาคม 2574",
        verify_line_th="ตรวจสอบได้ที่ registry.example/verify โดยสแกนคิวอาร์โค้ดหรือกรอกเลขที่ประกาศนียบัตร",
        verify_line_en="Verify at registry.example/verify: scan the QR code or enter the certificate number.",
        verify_url=QR_URL,
        qr_png=qr_png(),
    )


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


def test_breaks_go_between_syllables_of_the_demo_names_and_titles() -> None:
    assert break_opportunities("សុខ ស្រីនាង") == f"សុខ ស្រី{ZWSP}នាង"
    assert break_opportunities("ဇော်မင်းထွန်း") == f"ဇော်{ZWSP}မင်း{ZWSP}ထွန်း"
    assert break_opportunities("အခန်းသန့်ရှင်းရေးဝန်ထမ်း") == ZWSP.join(
        ["အ", "ခန်း", "သန့်", "ရှင်း", "ရေး", "ဝန်", "ထမ်း"]
    )
    assert break_opportunities("พนักงานทำความสะอาดห้องพัก") == ZWSP.join(
        ["พ", "นัก", "งาน", "ทำ", "ความ", "สะ", "อาด", "ห้อง", "พัก"]
    )
    assert break_opportunities("ພະນັກງານທຳຄວາມສະອາດຫ້ອງພັກ") == ZWSP.join(
        ["ພະ", "ນັກ", "ງານ", "ທຳ", "ຄວາມ", "ສະ", "ອາດ", "ຫ້ອງ", "ພັກ"]
    )


def test_breaks_never_split_clusters_or_latin() -> None:
    # Subscript consonants, killed finals, split vowels and initial clusters stay whole.
    assert break_opportunities("ក្រុម") == "ក្រុម"
    assert break_opportunities("သန့်") == "သန့်"
    assert ZWSP not in break_opportunities("เขา")
    assert ZWSP not in break_opportunities("กรุง")
    assert ZWSP not in break_opportunities("หมู่")
    assert break_opportunities("SOK Sreyneang D1.HHK.CL3.01") == "SOK Sreyneang D1.HHK.CL3.01"


def test_breaks_only_add_zero_width_spaces() -> None:
    for native, _, kind, title in HOLDERS.values():
        for text in (native, kind, title):
            assert break_opportunities(text).replace(ZWSP, "") == text


def test_missing_glyphs_is_empty_for_the_demo_strings_in_all_five_scripts() -> None:
    texts: list[str] = []
    for language in HOLDERS:
        view = demo_view(language)
        texts += [value for value in vars(view).values() if isinstance(value, str)]
        texts += [part for unit in view.units for part in unit]
    texts += ["ระดับ 2", "ລະດັບ 2", "កម្រិត 2", "အဆင့် 2"]  # the script fonts have no digits of their own
    assert missing_glyphs(texts) == {}


def test_missing_glyphs_names_characters_no_font_covers() -> None:
    found = missing_glyphs(["ระดับ → 2", "कक्षा", f"ok{ZWSP}\u200d \t"])
    assert found == {"ระดับ → 2": {"→"}, "कक्षा": {"क", "्", "ष", "ा"}}


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


def test_renders_twenty_certificates_well_under_a_second_each() -> None:
    views = [demo_view(language) for language in ("km", "my", "lo", "th")] * 5
    started = time.perf_counter()
    for view in views:
        render_certificate(view)
    assert (time.perf_counter() - started) / len(views) < 1.0


def test_the_core_latin_font_is_noto_sans_cut_down() -> None:
    from fontTools.ttLib import TTFont

    from registry.core.certificate_pdf import DEFAULT_FONTS_DIR

    for weight in ("Regular", "Bold"):
        full = TTFont(DEFAULT_FONTS_DIR / f"NotoSans-{weight}.ttf")
        core = TTFont(DEFAULT_FONTS_DIR / f"NotoSansCore-{weight}.ttf")
        full_cmap, core_cmap = full.getBestCmap(), core.getBestCmap()
        wanted = {*range(0x20, 0x7F), *range(0xA0, 0x180)} & set(full_cmap)
        assert wanted <= set(core_cmap) <= set(full_cmap)
        for code in core_cmap:  # the same letters, the same widths: line breaks do not change
            assert core["hmtx"][core_cmap[code]][0] == full["hmtx"][full_cmap[code]][0]


def test_a_name_beyond_the_core_latin_font_is_printed_with_the_whole_font() -> None:
    view = replace(demo_view("km"), holder_name_latin="Nguyễn Thị Ánh Ŋoc")
    assert "Nguyễn Thị Ánh Ŋoc" in page_text(render_certificate(view))
    assert "SOK Sreyneang" in page_text(render_certificate(demo_view("km")))


@pytest.mark.parametrize("language", ["km", "my", "lo", "th", "en"])
def test_skipping_the_bidi_pass_gives_the_fragments_fpdf2_would(language: str) -> None:
    from fpdf import FPDF

    from registry.core.certificate_pdf import _Document, _Typesetter, _view_texts

    view = demo_view(language)
    texts = [*_view_texts(view), "Nguyễn Thị · 12 (3) — 45%", "KH-BSH-2026-00042-J"]
    fragments = []
    for document in (FPDF(), _Document()):
        setter = _Typesetter(document, DEFAULT_FONTS_DIR_FOR_TESTS, texts)
        setter.pdf.add_page()
        found = []
        for text in texts:
            setter.use(text, 10)
            found.append([("".join(f.characters), f.font.fontkey, f.k, _comparable(f.graphics_state.as_kwargs()))
                          for f in document._preload_bidirectional_text(text, markdown=False)])
            found.append(dict(document.text_shaping))
        fragments.append(found)
    assert fragments[0] == fragments[1]


def _comparable(state: dict[str, object]) -> dict[str, object]:
    from fpdf.fonts import TTFFont

    return {key: value.fontkey if isinstance(value, TTFFont) else value for key, value in state.items()}
