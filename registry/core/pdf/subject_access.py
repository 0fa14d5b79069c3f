"""A worker's own copy of everything the registry holds on them (the PDPA right of access), as A4 pages to read.

Every word comes in translated and every value already formatted (`AccessView`): this module only lays them out,
labels beside values, wrapping long values and continuing on as many pages as a long history needs, with the
worker's name and the page number at the foot of every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from registry.core.pdf.fonts import DEFAULT_FONTS_DIR
from registry.core.pdf.fpdf2_adjustments import Document
from registry.core.pdf.typesetter import GOLD, INK, MUTED, NAVY, RULE, Typesetter

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
MARGIN = 16.0
CONTENT = A4_WIDTH - 2 * MARGIN
TOP = 16.0
BOTTOM = A4_HEIGHT - 18.0  # the foot line sits below
LABEL_WIDTH = 58.0
GAP = 4.0
INDENT = 4.0

TITLE_SIZE, NAMES_SIZE, NOTE_SIZE = 17.0, 12.0, 9.0
HEADING_SIZE, ENTRY_SIZE, LABEL_SIZE, VALUE_SIZE, ITEM_SIZE, FOOT_SIZE = 12.5, 10.5, 8.5, 9.5, 9.0, 7.5


@dataclass(frozen=True)
class Listing:
    """A titled list inside an entry (unit results, evidence files, appeals, checks): one paragraph per item."""

    heading: str
    items: Sequence[str]
    empty: str = ""  # printed in place of the items when there are none


@dataclass(frozen=True)
class Entry:
    """One record: a consent, an assessment, a certificate; or, without a title, the person's details."""

    title: str
    facts: Sequence[tuple[str, str]]  # (label, value as printed)
    listings: Sequence[Listing] = ()


@dataclass(frozen=True)
class Section:
    heading: str
    entries: Sequence[Entry]
    empty: str = ""  # printed in place of the entries when there are none


@dataclass(frozen=True)
class AccessView:
    language: str
    title: str
    names: str  # the worker's names, as they are known in every script
    made_on: str  # the export's date, in words
    intro: str
    sections: Sequence[Section]
    page_of: str  # with %(page)d and %(pages)d
    foot: str = ""  # printed at the foot of every page, beside the page number (the worker's name)
    notes: Sequence[str] = field(default_factory=tuple)


def view_texts(view: AccessView) -> list[str]:
    """Every string the document prints (fonts are chosen, and glyph coverage checked, over these)."""
    texts = [view.title, view.names, view.made_on, view.intro, view.foot, *view.notes, _page_label(view, 999, 999)]
    for section in view.sections:
        texts += [section.heading, section.empty]
        for entry in section.entries:
            texts.append(entry.title)
            texts += [text for fact in entry.facts for text in fact]
            for listing in entry.listings:
                texts += [listing.heading, listing.empty, *listing.items]
    return [text for text in texts if text]


def render_access_export(view: AccessView, fonts_dir: Path = DEFAULT_FONTS_DIR) -> bytes:
    """The whole export as an A4 portrait PDF, fonts embedded (subset), at least one page."""
    pdf = Document(orientation="P", unit="mm", format=(A4_WIDTH, A4_HEIGHT))
    pdf.set_title(view.title)
    pdf.set_lang(view.language)
    setter = Typesetter(pdf, fonts_dir, view_texts(view))
    with setter.measuring():
        pages = _Flow(setter, view, pages=0).run()
    _Flow(setter, view, pages=pages).run()
    return setter.finish()


def _page_label(view: AccessView, page: int, pages: int) -> str:
    return view.page_of % {"page": page, "pages": pages}


class _Flow:
    """Places the document's blocks top to bottom, starting a page whenever the next block would pass the foot.

    Run twice: measuring, to count the pages, then drawing, with "page n of N" known.
    """

    def __init__(self, setter: Typesetter, view: AccessView, pages: int) -> None:
        self.setter, self.view, self.pages = setter, view, pages
        self.page = 0
        self.y = TOP

    def run(self) -> int:
        self._new_page()
        self._opening()
        for section in self.view.sections:
            self._section(section)
        return self.page

    def _new_page(self) -> None:
        self.page += 1
        self.y = TOP
        if not self.setter.drawing:
            return
        self.setter.pdf.add_page()
        foot_y = BOTTOM + 5
        self.setter.rule(MARGIN, foot_y - 1.5, MARGIN + CONTENT, RULE, 0.3)
        label = _page_label(self.view, self.page, self.pages)
        label_width = self.setter.width(label, FOOT_SIZE) + 1
        self.setter.text(label, MARGIN + CONTENT - label_width, foot_y, label_width, FOOT_SIZE, color=MUTED,
                         align="R")
        self.setter.text(self.view.foot, MARGIN, foot_y, CONTENT - label_width - GAP, FOOT_SIZE, color=MUTED,
                         min_size=5.5)
        if self.page > 1:  # which document a loose page belongs to
            self.y = self.setter.text(self.view.title, MARGIN, TOP - 6, CONTENT, FOOT_SIZE, color=MUTED,
                                      min_size=5.5) + 3

    def _make_room(self, height: float) -> None:
        """A new page unless `height` fits below the cursor (a block taller than a page starts one of its own)."""
        if self.y + height > BOTTOM and self.y > TOP + 12:
            self._new_page()

    def _opening(self) -> None:
        setter, view = self.setter, self.view
        self.y = setter.text(view.title, MARGIN, self.y, CONTENT, TITLE_SIZE, bold=True, color=NAVY, min_size=11)
        self.y = setter.text(view.names, MARGIN, self.y + 1, CONTENT, NAMES_SIZE, color=INK)
        self.y = setter.text(view.made_on, MARGIN, self.y + 1, CONTENT, NOTE_SIZE, color=MUTED)
        self.y = setter.text(view.intro, MARGIN, self.y + 2, CONTENT, NOTE_SIZE)
        for note in view.notes:
            self.y = setter.text(note, MARGIN, self.y + 1, CONTENT, NOTE_SIZE, color=MUTED)
        setter.rule(MARGIN, self.y + 2.5, MARGIN + CONTENT, GOLD, 0.6)
        self.y += 4

    def _section(self, section: Section) -> None:
        heading = self._height(section.heading, CONTENT, HEADING_SIZE, bold=True) + 5
        first = self._entry_start_height(section.entries[0]) if section.entries else self._height(
            section.empty, CONTENT, VALUE_SIZE)
        self._make_room(heading + first)
        self.y = self.setter.text(section.heading, MARGIN, self.y + 4, CONTENT, HEADING_SIZE, bold=True, color=NAVY)
        self.setter.rule(MARGIN, self.y + 0.5, MARGIN + CONTENT, NAVY, 0.4)
        self.y += 1.5
        if not section.entries:
            self.y = self.setter.text(section.empty, MARGIN, self.y, CONTENT, VALUE_SIZE, color=MUTED)
        for index, entry in enumerate(section.entries):
            self._entry(entry, separated=index > 0)

    def _entry_start_height(self, entry: Entry) -> float:
        """The entry's title and first line of content: never left alone at the foot of a page."""
        height = self._height(entry.title, CONTENT, ENTRY_SIZE, bold=True) + 2.5
        if entry.facts:
            return height + self._fact_height(*entry.facts[0])
        if entry.listings:
            return height + self._height(entry.listings[0].heading, CONTENT, LABEL_SIZE) + 1
        return height

    def _entry(self, entry: Entry, separated: bool) -> None:
        self._make_room(self._entry_start_height(entry))
        if separated and self.y > TOP + 12:
            self.setter.rule(MARGIN, self.y + 1, MARGIN + CONTENT, RULE, 0.2)
        self.y += 2
        if entry.title:
            self.y = self.setter.text(entry.title, MARGIN, self.y, CONTENT, ENTRY_SIZE, bold=True, color=NAVY)
            self.y += 0.5
        for label, value in entry.facts:
            self._fact(label, value)
        for listing in entry.listings:
            self._listing(listing)

    def _fact_height(self, label: str, value: str) -> float:
        return max(self._height(label, LABEL_WIDTH, LABEL_SIZE),
                   self._height(value, CONTENT - LABEL_WIDTH - GAP, VALUE_SIZE)) + 0.8

    def _fact(self, label: str, value: str) -> None:
        self._make_room(self._fact_height(label, value))
        label_bottom = self.setter.text(label, MARGIN, self.y + 0.4, LABEL_WIDTH, LABEL_SIZE, color=MUTED)
        value_bottom = self.setter.text(value, MARGIN + LABEL_WIDTH + GAP, self.y, CONTENT - LABEL_WIDTH - GAP,
                                        VALUE_SIZE)
        self.y = max(label_bottom, value_bottom) + 0.8

    def _listing(self, listing: Listing) -> None:
        items = list(listing.items) or ([listing.empty] if listing.empty else [])
        heading = self._height(listing.heading, CONTENT, LABEL_SIZE) + 1
        self._make_room(heading + (self._item_height(items[0]) if items else 0))
        self.y = self.setter.text(listing.heading, MARGIN, self.y + 1, CONTENT, LABEL_SIZE, color=MUTED)
        for item in items:
            self._item(item, muted=not listing.items)

    def _item_height(self, item: str) -> float:
        return self._height(item, CONTENT - INDENT, ITEM_SIZE) + 0.6

    def _item(self, item: str, muted: bool) -> None:
        self._make_room(self._item_height(item))
        if self.setter.drawing and not muted:
            self.setter.pdf.set_fill_color(*NAVY)
            self.setter.pdf.circle(x=MARGIN + 1.2, y=self.y + self._first_line_middle(item), radius=0.55, style="F")
        self.y = self.setter.text(item, MARGIN + INDENT, self.y, CONTENT - INDENT, ITEM_SIZE,
                                  color=MUTED if muted else INK) + 0.6

    def _first_line_middle(self, text: str) -> float:
        return self.setter.line_height(text, ITEM_SIZE) / 2

    def _height(self, text: str, width: float, size: float, bold: bool = False) -> float:
        return self.setter.height(text, width, size, bold) if text else 0.0
