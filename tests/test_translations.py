"""Every user-facing string is translated into all five languages, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from registry.core.languages import LANGUAGE_CODES

CATALOGS = Path(__file__).resolve().parent.parent / "registry" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _template_ids() -> set[str]:
    with (CATALOGS / "messages.pot").open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_catalog_translates_every_message(language: str) -> None:
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    wanted = _template_ids()
    present = {message.id: message for message in catalog if message.id}
    missing = sorted(wanted - present.keys())
    assert not missing, f"{language}: {len(missing)} messages missing, e.g. {missing[:3]}"
    untranslated = sorted(i for i, m in present.items() if i in wanted and not m.string)
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    fuzzy = sorted(i for i, m in present.items() if m.fuzzy)
    assert not fuzzy, f"{language}: fuzzy messages {fuzzy[:3]}"
    for message_id, message in present.items():
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message_id)), (
            f"{language}: placeholders differ in {message_id!r}"
        )


def test_source_strings_are_all_extracted() -> None:
    """The committed template is current: re-extracting finds no message it lacks."""
    from babel.messages.extract import extract_from_dir

    root = CATALOGS.parent.parent
    found: set[str] = set()
    method_map = [("registry/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    for _, _, message, _, _ in extract_from_dir(str(root), method_map=method_map, keywords=keywords):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    stale = sorted(found - _template_ids())
    assert not stale, f"run `make extract-messages`: {len(stale)} new strings, e.g. {stale[:3]}"
