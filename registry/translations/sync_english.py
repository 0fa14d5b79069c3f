"""Fill the English catalog from the source strings, which are English (run by `make extract-messages`)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def sync(po_path: Path) -> None:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, width=0)


if __name__ == "__main__":
    sync(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "en" / "LC_MESSAGES" / "messages.po")
