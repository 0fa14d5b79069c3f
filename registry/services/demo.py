"""The fictional demo data of DOMAIN.md, loaded by ``flask registry seed-demo``; safe to run twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from registry.core.documents import DocumentType
from registry.core.roles import Role
from registry.core.workflow import Action
from registry.models import AccreditationStatus, User
from registry.services import accounts, assessments, candidates, catalogue, centres, certificates, workflow
from registry.services.assessments import ResultEntry
from registry.services.candidates import CandidateDetails, IdentityDocument
from registry.services.catalogue import QualificationDetails, Titles
from registry.services.certificates import IssueContext


@dataclass(frozen=True)
class DemoSeed:
    logins: tuple[DemoLogin, ...]
    holder_links: dict[str, str]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    centre_code: str | None


# Fixed, published demo passwords: seed-demo refuses to run in production, so they never reach one.
DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", "admin-demo-2026", Role.ADMIN, None),
    DemoLogin("bsh-manager", "manager-demo-2026", Role.PROVIDER_ADMIN, "BSH"),
    DemoLogin("bsh-assessor", "assessor-demo-2026", Role.ASSESSOR, "BSH"),
    DemoLogin("bsh-moderator", "moderator-demo-2026", Role.MODERATOR, "BSH"),
    DemoLogin("pct-manager", "manager-demo-2026", Role.PROVIDER_ADMIN, "PCT"),
    DemoLogin("analyst", "analyst-demo-2026", Role.ANALYST, None),
)

DEMO_CENTRES = (
    centres.CentreDetails(
        code="BSH",
        name_en="Bang Saen Hospitality Skills Centre",
        name_th="ศูนย์พัฒนาทักษะการโรงแรมบางแสน",
        name_home="",
        country="TH",
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_from=date(2024, 1, 1),
        accredited_until=date(2028, 12, 31),
        contact_phone="+66 38 000 0000",
        contact_email="certificates@bsh.example",
    ),
    centres.CentreDetails(
        code="PCT",
        name_en="Phnom Penh Construction Training Institute",
        name_th="สถาบันฝึกอบรมการก่อสร้างพนมเปญ",
        name_home="វិទ្យាស្ថានបណ្តុះបណ្តាលសំណង់ភ្នំពេញ",
        country="KH",
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_from=date(2025, 6, 1),
        accredited_until=date(2029, 5, 31),
        contact_phone="+855 23 000 000",
        contact_email="certificates@pct.example",
    ),
)

DEMO_QUALIFICATIONS = (
    QualificationDetails(
        code="DEMO-HK-RA-2",
        titles=Titles(
            en="Room Attendant",
            th="พนักงานทำความสะอาดห้องพัก",
            km="បុគ្គលិកសម្អាតបន្ទប់",
            lo="ພະນັກງານທຳຄວາມສະອາດຫ້ອງພັກ",
            my="အခန်းသန့်ရှင်းရေးဝန်ထမ်း",
        ),
        sector="Tourism and hospitality",
        aqrf_level=2,
        dsd_level=1,
        tpqi_level=2,
        cqf_level=2,
        lao_tvet_level=1,
        nssa_level=1,
        isco08_code="9112",
        validity_years=None,
        units=[
            ("D1.HHK.CL3.01", Titles(
                en="Provide housekeeping services to guests",
                th="ให้บริการงานแม่บ้านแก่แขก",
                km="ផ្តល់សេវាថែទាំបន្ទប់ដល់ភ្ញៀវ",
                lo="ໃຫ້ບໍລິການແມ່ບ້ານແກ່ແຂກ",
                my="ဧည့်သည်များအား အိမ်ထိန်းဝန်ဆောင်မှု ပေးခြင်း",
            )),
            ("D1.HHK.CL3.03", Titles(
                en="Prepare rooms for guests",
                th="จัดเตรียมห้องพักสำหรับแขก",
                km="រៀបចំបន្ទប់សម្រាប់ភ្ញៀវ",
                lo="ກະກຽມຫ້ອງພັກສຳລັບແຂກ",
                my="ဧည့်သည်များအတွက် အခန်းများ ပြင်ဆင်ခြင်း",
            )),
            ("D1.HHK.CL3.05", Titles(
                en="Clean public areas",
                th="ทำความสะอาดพื้นที่สาธารณะ",
                km="សម្អាតទីកន្លែងសាធារណៈ",
                lo="ທຳຄວາມສະອາດພື້ນທີ່ສາທາລະນະ",
                my="အများသုံးနေရာများ သန့်ရှင်းရေးလုပ်ခြင်း",
            )),
            ("D1.HOT.CL1.04", Titles(
                en="Maintain hospitality industry knowledge",
                th="รักษาความรู้ด้านอุตสาหกรรมการบริการ",
                km="រក្សាចំណេះដឹងអំពីឧស្សាហកម្មបដិសណ្ឋារកិច្ច",
                lo="ຮັກສາຄວາມຮູ້ກ່ຽວກັບອຸດສາຫະກຳການບໍລິການ",
                my="ဧည့်ဝန်ဆောင်မှုလုပ်ငန်း ဗဟုသုတကို ထိန်းသိမ်းခြင်း",
            )),
        ],
    ),
    QualificationDetails(
        code="DEMO-CON-BL-2",
        titles=Titles(
            en="Bricklayer",
            th="ช่างก่ออิฐ",
            km="ជាងរៀបឥដ្ឋ",
            lo="ຊ່າງກໍ່ດິນຈີ່",
            my="အုတ်စီပန်းရံဆရာ",
        ),
        sector="Construction",
        aqrf_level=2,
        dsd_level=1,
        cqf_level=2,
        isco08_code="7112",
        validity_years=5,
        units=[
            ("CON.BRK.01", Titles(
                en="Lay bricks to line and level",
                th="ก่ออิฐให้ได้แนวและระดับ",
                km="រៀបឥដ្ឋឱ្យត្រង់ជួរ និងកម្រិត",
                lo="ກໍ່ດິນຈີ່ໃຫ້ຖືກແນວ ແລະ ລະດັບ",
                my="အုတ်များကို မျဉ်းနှင့်အညီ ညီညာစွာ စီခြင်း",
            )),
            ("CON.BRK.02", Titles(
                en="Mix mortar",
                th="ผสมปูนก่อ",
                km="លាយបាយអ",
                lo="ປະສົມປູນກໍ່",
                my="အင်္ဂတေ ရောစပ်ခြင်း",
            )),
            ("CON.OHS.01", Titles(
                en="Work safely on a construction site",
                th="ปฏิบัติงานอย่างปลอดภัยในสถานที่ก่อสร้าง",
                km="ធ្វើការដោយសុវត្ថិភាពនៅការដ្ឋានសំណង់",
                lo="ເຮັດວຽກຢ່າງປອດໄພໃນສະຖານທີ່ກໍ່ສ້າງ",
                my="ဆောက်လုပ်ရေးလုပ်ငန်းခွင်တွင် ဘေးကင်းစွာ လုပ်ကိုင်ခြင်း",
            )),
        ],
    ),
)

DEMO_DISPLAY_NAMES = {
    "admin": "Registry Administrator",
    "bsh-manager": "Malee Srisuk",
    "bsh-assessor": "Somchai Boonmee",
    "bsh-moderator": "Kanya Wongsawat",
    "pct-manager": "Chan Dara",
    "analyst": "Programme Officer",
}


@dataclass(frozen=True)
class DemoCandidate:
    name_native: str
    details: CandidateDetails
    achieved_units: int  # the first N units of Room Attendant are competent, the rest not yet


DEMO_CANDIDATES = (
    DemoCandidate("សុខ ស្រីនាង", CandidateDetails(
        name_latin="SOK Sreyneang", name_native="សុខ ស្រីនាង", name_thai="สุข สรีเนียง", nationality="KH", sex="female",
        date_of_birth=date(1996, 4, 12), id_document=IdentityDocument(DocumentType.PASSPORT, "N00412345"),
        phone="+66 81 234 5601", preferred_language="km", consent_language="km",
        consent_purposes=["assessment", "certification", "verification"]), 4),
    DemoCandidate("ဇော်မင်းထွန်း", CandidateDetails(
        name_latin="Zaw Min Htun", name_native="ဇော်မင်းထွန်း", name_thai="ซอ มิน ทุน", nationality="MM", sex="male",
        date_of_birth=date(1993, 9, 30), id_document=IdentityDocument(DocumentType.PINK_CARD, "0012345678912"),
        phone="+66 82 345 6702", preferred_language="my", consent_language="my",
        consent_purposes=["assessment", "certification", "verification", "contact"]), 2),
    DemoCandidate("ສົມພອນ ພົມມະວົງ", CandidateDetails(
        name_latin="Somphone Phommavong", name_native="ສົມພອນ ພົມມະວົງ", nationality="LA", sex="female",
        date_of_birth=date(1990, 1, 17), id_document=IdentityDocument(DocumentType.PASSPORT, "P1234567"),
        phone="", preferred_language="lo", returnee=True, consent_language="lo",
        consent_purposes=["assessment", "certification", "verification"]), 4),
)
DEMO_ASSESSMENT_DATE = date(2026, 10, 15)


def _seed_assessments(session: Session, document_key: bytes) -> None:
    """The three demo workers, assessed and endorsed at Bang Saen."""
    assessor = accounts.find_user(session, "bsh-assessor")
    moderator = accounts.find_user(session, "bsh-moderator")
    assert assessor is not None and moderator is not None
    if candidates.search_candidates(session, assessor, ""):
        return
    room_attendant = next(q for q in catalogue.list_qualifications(session) if q.code == "DEMO-HK-RA-2")
    for demo_candidate in DEMO_CANDIDATES:
        candidate = candidates.register_candidate(session, assessor, demo_candidate.details,
                                                  document_key=document_key, today=DEMO_ASSESSMENT_DATE)
        assessment = assessments.open_assessment(session, assessor, candidate, room_attendant)
        units = list(room_attendant.units)
        entries = {
            (assessment.id, unit.id): ResultEntry(
                "competent" if index < demo_candidate.achieved_units else "not_yet_competent", "observation")
            for index, unit in enumerate(units)
        }
        assessments.save_results(session, assessor, [assessment], units, entries, DEMO_ASSESSMENT_DATE,
                                 DEMO_ASSESSMENT_DATE)
        workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)


def _seed_certificates(session: Session, context: IssueContext) -> dict[str, str]:
    """Certificates for the three endorsed demo assessments; Somphone's is then revoked, to show that state.

    Returns each holder's secret link by name: printed once, by the seed command.
    """
    head = accounts.find_user(session, "bsh-manager")
    assert head is not None
    pending = [a for a in assessments.endorsed_without_certificate(session, head)
               if not certificates.certificates_of_assessment(session, head, a)]  # revoked ones stay revoked
    if not pending:
        return {}
    issued = certificates.issue_certificates(session, head, pending, context)
    links = {}
    for certificate in issued.certificates:
        links[certificate.holder_name_latin] = f"{context.base_url}/h/{issued.holder_tokens[certificate.id]}"
        if certificate.holder_name_latin == "Somphone Phommavong":
            certificates.revoke(session, head, certificate, "issued_in_error",
                                "Demo: revoked to show what an employer sees.", today=context.today)
    return links


def seed_demo(session: Session, document_key: bytes, context: IssueContext | None = None) -> DemoSeed:
    """Create whatever part of the demo data is missing; existing records are left as they are.

    With an issue ``context``, the endorsed demo assessments also get their certificates.
    """
    codes = {}
    for details in DEMO_CENTRES:
        centre = centres.find_centre(session, details.code) or centres.create_centre(session, None, details)
        codes[centre.code] = centre.id
    existing = {qualification.code for qualification in catalogue.list_qualifications(session)}
    for qualification in DEMO_QUALIFICATIONS:
        if qualification.code not in existing:
            catalogue.create_qualification(session, None, qualification)
    for login in DEMO_LOGINS:
        if accounts.find_user(session, login.username) is None:
            account = accounts.AccountDetails(
                username=login.username,
                role=login.role,
                centre_id=codes[login.centre_code] if login.centre_code else None,
                display_name=DEMO_DISPLAY_NAMES[login.username],
                preferred_language="th" if login.centre_code == "BSH" else "en",
            )
            accounts.create_user(session, None, account, login.password)
    session.flush()
    _seed_assessments(session, document_key)
    links = _seed_certificates(session, context) if context else {}
    return DemoSeed(logins=DEMO_LOGINS, holder_links=links)


def demo_user(session: Session, username: str) -> User | None:
    return accounts.find_user(session, username)
