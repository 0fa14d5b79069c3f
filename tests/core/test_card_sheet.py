"""Wallet cards ten to an A4 page, with crop marks outside the cards."""

from __future__ import annotations

import pypdfium2

from registry.core.pdf.card import CARD_HEIGHT, CARD_WIDTH, render_wallet_card
from registry.core.pdf.sheets import A4_HEIGHT, A4_WIDTH, MARK_GAP, MARK_LENGTH, card_position, card_sheet
from tests.core.pdf_demo import demo_view


def test_ten_cards_fill_a_page_two_across_and_leave_room_for_the_marks() -> None:
    assert card_position(0) == card_position(10)
    (left, top), (right_left, _) = card_position(0), card_position(1)
    assert right_left == left + CARD_WIDTH
    _, last_top = card_position(9)
    assert last_top + CARD_HEIGHT <= A4_HEIGHT - MARK_GAP - MARK_LENGTH - 3  # printers keep ~3 mm unprinted
    assert top >= MARK_GAP + MARK_LENGTH + 3 and left >= MARK_GAP + MARK_LENGTH + 3
    assert right_left + CARD_WIDTH <= A4_WIDTH - MARK_GAP - MARK_LENGTH - 3


def test_the_sheet_shows_each_card_where_it_belongs() -> None:
    card = render_wallet_card(demo_view("km"))
    sheet = card_sheet([card] * 3)
    with pypdfium2.PdfDocument(sheet) as document:
        assert len(document) == 1
        image = document[0].render(scale=1).to_pil().convert("L")
    points = 72 / 25.4
    for index in range(3):
        left, top = card_position(index)
        band = image.getpixel((int((left + CARD_WIDTH - 4) * points), int((top + 1.5) * points)))  # navy band
        assert isinstance(band, int) and band < 100, index
    left, top = card_position(3)  # no fourth card
    empty = image.getpixel((int((left + CARD_WIDTH - 4) * points), int((top + 1.5) * points)))
    assert empty == 255
