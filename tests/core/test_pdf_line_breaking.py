from __future__ import annotations

from registry.core.pdf import ZWSP, break_opportunities
from tests.core.pdf_demo import HOLDERS


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
