"""Every user-facing string is translated into all five languages, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from registry.core.languages import LANGUAGE_CODES

CATALOGS = Path(__file__).resolve().parent.parent / "registry" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _template_ids() -> set[str | tuple[str, ...]]:
    """Message ids of the template: a string, or (singular, plural) for a message with plural forms."""
    with (CATALOGS / "messages.pot").open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_catalog_translates_every_message(language: str) -> None:
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    wanted = _template_ids()
    present = {message.id: message for message in catalog if message.id}
    missing = sorted(wanted - present.keys())
    assert not missing, f"{language}: {len(missing)} messages missing, e.g. {missing[:3]}"
    untranslated = sorted(str(i) for i, m in present.items() if i in wanted and not all(_forms(m.string)))
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    fuzzy = sorted(str(i) for i, m in present.items() if m.fuzzy)
    assert not fuzzy, f"{language}: fuzzy messages {fuzzy[:3]}"
    for message_id, message in present.items():
        if isinstance(message_id, tuple):
            # Each plural form names what the plural does ("%(num)d certificates"), whatever the number of forms.
            assert len(_forms(message.string)) == catalog.num_plurals, f"{language}: plural forms of {message_id!r}"
        expected = set(PLACEHOLDER.findall(_forms(message_id)[-1]))
        for form in _forms(message.string):
            assert set(PLACEHOLDER.findall(form)) == expected, f"{language}: placeholders differ in {message_id!r}"


def test_source_strings_are_all_extracted() -> None:
    """The committed template is current: re-extracting finds no message it lacks."""
    from babel.messages.extract import extract_from_dir

    root = CATALOGS.parent.parent
    found: set[str] = set()
    method_map = [("registry/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    for _, _, message, _, _ in extract_from_dir(str(root), method_map=method_map, keywords=keywords):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    known = {form for message_id in _template_ids() for form in _forms(message_id)}
    stale = sorted(found - known)
    assert not stale, f"run `make extract-messages`: {len(stale)} new strings, e.g. {stale[:3]}"
