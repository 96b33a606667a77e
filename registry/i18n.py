"""Message catalogues: the .po files are the source; .mo files are compiled into the instance folder."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask

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


def init_app(app: Flask) -> None:
    target = compile_catalogues(Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)
