"""Split the collected page texts (raw/*.txt) into one Markdown file per document (docs/NNN.md).

A record in raw/*.txt starts with a header line
    === NNN | kind | organisation | url | title
followed by the page text as stored in the pages corpus (navigation boilerplate removed).
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent


def records():
    for path in sorted((HERE / "raw").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for chunk in re.split(r"^=== ", text, flags=re.M)[1:]:
            header, _, body = chunk.partition("\n")
            number, kind, organisation, url, title = (part.strip() for part in header.split(" | ", 4))
            yield number, kind, organisation, url, title, body.strip()


def main() -> None:
    out = HERE / "docs"
    out.mkdir(exist_ok=True)
    seen = set()
    for number, kind, organisation, url, title, body in records():
        if number in seen:
            raise SystemExit(f"duplicate document number {number}")
        seen.add(number)
        body = re.sub(r"\.{4,}", "...", body)
        front = f"---\ntitle: {title}\nurl: {url}\norganisation: {organisation}\nkind: {kind}\n---\n\n"
        (out / f"{number}.md").write_text(front + body + "\n", encoding="utf-8")
    print(f"{len(seen)} documents")


if __name__ == "__main__":
    main()
