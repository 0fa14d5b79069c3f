"""The demo certificate the PDF tests print, in each of the five languages."""

from __future__ import annotations

import io
from functools import cache

import qrcode

from registry.core.pdf import CertificateLabels, CertificateView

QR_URL = "https://registry.example/v/" + "AB2CD3EF4GH5IJ6KL7MN" * 8
QR_BORDER = 4

# As registry/translations has them (msgctxt "printed certificate").
LABELS_EN = CertificateLabels(
    awarded_to="Awarded to",
    qualification_heading="Qualification",
    units_achieved="Units of competency achieved",
    continued="Continued on the next page",
    issued_by="Issued by",
    certificate_number="Certificate number",
    centre_code="Centre code",
    assessed_on="Assessed on",
    issued_on="Issued on",
    valid_until="Valid until",
    card_issued="Issued",
    card_scan="Scan the code to check",
)
LABELS_TH = CertificateLabels(
    awarded_to="มอบให้แก่",
    qualification_heading="คุณวุฒิ",
    units_achieved="หน่วยสมรรถนะที่ได้รับการรับรอง",
    continued="ต่อหน้าถัดไป",
    issued_by="ออกโดย",
    certificate_number="เลขที่",
    centre_code="รหัสศูนย์ฝึกอบรม",
    assessed_on="วันที่ประเมิน",
    issued_on="วันที่ออก",
    valid_until="ใช้ได้ถึง",
    card_issued="ออกให้",
    card_scan="สแกนรหัสเพื่อตรวจสอบ",
)

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
    """The demo certificate of a holder whose language is `language`, labelled as the application labels it."""
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
        verify_line_th="ตรวจสอบใบรับรองนี้: สแกนคิวอาร์โค้ดด้วยกล้องโทรศัพท์ หรือพิมพ์เลขที่ที่",
        verify_line_en="Check this certificate: scan the QR code with a phone camera, or type its number at",
        verify_url="https://registry.example/verify",
        qr_png=qr_png(),
        labels_en=LABELS_EN,
        labels_th=LABELS_TH,
        assessed_on_th="2 มีนาคม 2569",
    )
