"""A4 sheets of wallet cards for a cohort: ten cards a page (2 x 5), with crop marks at every cut line.

The cards are the wallet-card PDFs already rendered (and kept), placed as they are: PDFium imports each card's page
as a form XObject onto the sheet, so a sheet of 500 cards costs no second rendering.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdfium2 as pdfium
from fpdf import FPDF

from registry.core.pdf.card import CARD_HEIGHT, CARD_WIDTH

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
LEFT = (A4_WIDTH - COLUMNS * CARD_WIDTH) / 2
TOP = (A4_HEIGHT - ROWS * CARD_HEIGHT) / 2
MARK_GAP, MARK_LENGTH = 2.0, 6.0  # crop marks start 2 mm off the cards: no mark is printed on a card
POINTS_PER_MM = 72 / 25.4


def card_position(index: int) -> tuple[float, float]:
    """The top-left corner (mm from the page's top-left) of the card at ``index`` on its page."""
    row, column = divmod(index % PER_PAGE, COLUMNS)
    return LEFT + column * CARD_WIDTH, TOP + row * CARD_HEIGHT


def _marked_pages(pages: int) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title("Wallet cards")
    right, bottom = LEFT + COLUMNS * CARD_WIDTH, TOP + ROWS * CARD_HEIGHT
    for _ in range(pages):
        pdf.add_page()
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
        for column in range(COLUMNS + 1):
            x = LEFT + column * CARD_WIDTH
            pdf.line(x, TOP - MARK_GAP - MARK_LENGTH, x, TOP - MARK_GAP)
            pdf.line(x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK_LENGTH)
        for row in range(ROWS + 1):
            y = TOP + row * CARD_HEIGHT
            pdf.line(LEFT - MARK_GAP - MARK_LENGTH, y, LEFT - MARK_GAP, y)
            pdf.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y)
    return bytes(pdf.output())


def card_sheet(cards: Sequence[bytes]) -> bytes:
    """The cards, ten to an A4 page in reading order, as one PDF."""
    pages = max(1, -(-len(cards) // PER_PAGE))
    sheet = pdfium.PdfDocument(_marked_pages(pages))
    sources: list[pdfium.PdfDocument] = []  # open until the sheet is saved: PDFium reads their pages then
    try:
        for first in range(0, len(cards), PER_PAGE):
            page = sheet[first // PER_PAGE]  # one handle per page: PDFium writes what that handle was given
            for index in range(first, min(first + PER_PAGE, len(cards))):
                source = pdfium.PdfDocument(cards[index])
                sources.append(source)
                item = source.page_as_xobject(0, sheet).as_pageobject()
                left, top = card_position(index)
                # PDF space: points, from the bottom-left corner.
                item.transform(pdfium.PdfMatrix().translate(
                    left * POINTS_PER_MM, (A4_HEIGHT - top - CARD_HEIGHT) * POINTS_PER_MM))
                page.insert_obj(item)
            page.gen_content()
            page.close()
        out = io.BytesIO()
        sheet.save(out)
        return out.getvalue()
    finally:
        sheet.close()
        for source in sources:
            source.close()
