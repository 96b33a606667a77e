"""`python -m registry.i18n_check [--fill-en]`: list untranslated messages (exit 1 if any).

English msgids are the source text, so `--fill-en` copies each msgid into the English catalogue.
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po

from registry.i18n import SOURCE_DIR


def _path(lang: str):
    return SOURCE_DIR / lang / "LC_MESSAGES" / "messages.po"


def fill_english() -> None:
    with _path("en").open("rb") as source:
        catalogue = read_po(source, locale="en")
    for message in catalogue:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with _path("en").open("wb") as out:
        write_po(out, catalogue, width=100)


def main(argv: list[str]) -> int:
    if "--fill-en" in argv:
        fill_english()
    missing = []
    for lang in ("fi", "en"):
        with _path(lang).open("rb") as source:
            for message in read_po(source, locale=lang):
                text = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and not all(text):
                    missing.append(f"{lang}: {message.id!r}")
    print("\n".join(missing) or "all messages translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
