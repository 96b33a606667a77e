"""Message catalogues: the .po files are the source; .mo files are compiled into the instance folder."""

from __future__ import annotations

import threading
from pathlib import Path

from babel import support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, Request
from flask_babel import get_locale
from wtforms.i18n import messages_path

SOURCE_DIR = Path(__file__).resolve().parent / "translations"


def compile_catalogues(target: Path) -> Path:
    """Compile every translations/<lang>/LC_MESSAGES/messages.po that is newer than its .mo."""
    for po_path in SOURCE_DIR.glob("*/LC_MESSAGES/messages.po"):
        lang = po_path.parent.parent.name
        mo_path = target / lang / "LC_MESSAGES" / "messages.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as source:
            catalogue = read_po(source, locale=lang)
        partial = mo_path.with_suffix(".tmp")
        with partial.open("wb") as out:
            write_mo(out, catalogue)
        partial.replace(mo_path)
    return target


_wtforms_catalogues: dict[str, support.Translations] = {}
_wtforms_lock = threading.Lock()


def wtforms_catalogue(locale: str) -> support.Translations:
    """WTForms' own messages in `locale`, read from disk once per process (not on every request)."""
    found = _wtforms_catalogues.get(locale)
    if found is None:
        with _wtforms_lock:
            found = _wtforms_catalogues.get(locale)
            if found is None:
                found = support.Translations.load(messages_path(), [locale], domain="wtforms")
                _wtforms_catalogues[locale] = found
    return found


class LamppuRequest(Request):
    """Flask-WTF looks for `request.wtforms_translations` before loading the catalogue from disk:
    give it the one kept for the request's language."""

    @property
    def wtforms_translations(self) -> support.Translations:
        return wtforms_catalogue(str(get_locale()))

    @wtforms_translations.setter
    def wtforms_translations(self, _value) -> None:
        pass  # Flask-WTF stores what it loaded; the kept catalogue answers next time anyway


def init_app(app: Flask) -> None:
    target = compile_catalogues(Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)
    app.request_class = LamppuRequest
