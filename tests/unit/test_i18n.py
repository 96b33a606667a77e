"""The catalogues cover every user-visible string in the code and templates."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}
METHODS = [("registry/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {}}
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_catalogue_translates_every_message(lang):
    path = ROOT / "registry" / "translations" / lang / "LC_MESSAGES" / "messages.po"
    catalogue = read_po(io.BytesIO(path.read_bytes()), locale=lang)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_source_messages() - translated)
    assert not missing, f"untranslated in {lang}: {missing[:10]}"


def test_finnish_is_the_default_locale(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="fi"' in page and "Kirjaudu Lamppuun" in page


def test_language_switch_shows_english(client):
    client.get("/lang/en")
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in page and "Log in to Lamppu" in page
