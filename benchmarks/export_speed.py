"""Time the export of a long version to PDF and DOCX, with the peak memory of each.

    python benchmarks/export_speed.py                 # 25 000 words, 10 tables, 10 images, 3 runs
    python benchmarks/export_speed.py --words 5000    # quick run

Builds a throw-away instance with one draft (so the watermark is drawn on every page) whose
body holds the words in sections of headings, paragraphs and lists, ten tables and ten PNG
images (made with Pillow, uploaded as the draft's attachments). Each format is then
exported in its own child process, so that its peak RSS is its own: the process's peak
before the first export (app and data loaded) and after the last one are both printed.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._instance import ensure_basics, make_app, peak_mb  # noqa: E402

WORDS = [
    "opiskelija",
    "opettaja",
    "ryhmänohjaaja",
    "poissaolo",
    "ilmoitus",
    "kirjaus",
    "seuranta",
    "huoltaja",
    "arviointi",
    "palaute",
    "työpaikka",
    "koulutussopimus",
    "näyttö",
    "tutkinnon",
    "osa",
    "laatu",
    "vastuu",
    "prosessi",
    "aikaraja",
    "Wilma",
    "rehtori",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _image(index: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 700), (235, 242, 250))
    draw = ImageDraw.Draw(image)
    rng = random.Random(index)
    for _ in range(12):
        x, y = rng.randint(0, 1000), rng.randint(0, 550)
        draw.rectangle(
            (x, y, x + 180, y + 120),
            outline=(20, 60, 140),
            width=4,
            fill=(rng.randint(150, 230), rng.randint(180, 240), 240),
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _table(rng: random.Random, index: int) -> str:
    rows = [
        f"| Vaihe {index}.{n} | {_sentence(rng, 4)} | {_sentence(rng, 6)} | {rng.randint(1, 30)} pv |"
        for n in range(1, 9)
    ]
    return "\n".join(["| Vaihe | Vastuu | Kuvaus | Aikaraja |", "|---|---|---|--:|", *rows])


def build_body(words: int, tables: int = 10, images: int = 10, seed: int = 1) -> str:
    """About `words` words in sections; a table and an image spread evenly through them."""
    rng = random.Random(seed)
    paragraphs = max(words // 100, 1)
    every = max(paragraphs // max(tables, 1), 1)
    parts = ["# Pitkä toimintaohje"]
    for n in range(paragraphs):
        if n % every == 0:
            section = n // every + 1
            parts.append(f"## {section}. {_sentence(rng, 3)[:-1]}")
            if section <= tables:
                parts.append(_table(rng, section))
            if section <= images:
                parts.append(f"![Kaavio {section}](attachment:kaavio-{section}.png)")
            parts.append("\n".join(f"- {_sentence(rng, 6)}\n  - {_sentence(rng, 5)}" for _ in range(2)))
        parts.append(" ".join(_sentence(rng, 10) for _ in range(10)))
    return "\n\n".join(parts) + "\n"


def build_instance(directory: str, words: int) -> None:
    from werkzeug.datastructures import FileStorage

    from registry.documents import attachments
    from registry.documents import services as documents
    from registry.extensions import db
    from registry.workflow import machine as workflow

    app = make_app(directory)
    with app.test_request_context("/"):
        user = ensure_basics()
        fields = documents.validate_document_fields(user, type_prefix="TO", title="Pitkä toimintaohje")
        version = workflow.create_document_with_draft(user, fields, "")
        for n in range(1, 11):
            attachments.add_attachment(user, version, FileStorage(io.BytesIO(_image(n)), f"kaavio-{n}.png"))
        workflow.edit_draft(user, version, revision=version.revision, body=build_body(words))
        db.session.commit()
        print(f"body: {len(version.body.split())} words, {len(version.body) // 1024} KB, 10 images")


def run_child(directory: str, fmt: str, runs: int) -> None:
    from registry.auth.services import find_user
    from registry.documents import services as documents
    from registry.extensions import db
    from registry.workflow import controlled_copies

    app = make_app(directory)
    with app.test_request_context("/"):
        user = find_user("bench@example.org")
        version = documents.require_version(user, documents.require_document(user, "TO-001"), 1)
        before = peak_mb()
        times, size = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            copy = controlled_copies.export_version(user, version, fmt)
            times.append(time.perf_counter() - start)
            size = len(copy.content)
            db.session.commit()
        pages = _pdf_pages(copy.content) if fmt == "pdf" else None
        print(
            json.dumps(
                {
                    "format": fmt,
                    "best": min(times),
                    "median": statistics.median(times),
                    "bytes": size,
                    "pages": pages,
                    "rss_before_mb": before,
                    "rss_peak_mb": peak_mb(),
                }
            )
        )


def _pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=25_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("DIR", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], args.child[1], args.runs)
        return
    directory = tempfile.mkdtemp(prefix="lamppu-export-bench-")
    build_instance(directory, args.words)
    print("| format | best / median of runs | size | pages | peak RSS (loaded → after export) |")
    print("|---|---|---|---|---|")
    for fmt in ("pdf", "docx"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", directory, fmt, "--runs", str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        print(
            f"| {fmt.upper()} | {result['best']:.2f} s / {result['median']:.2f} s | "
            f"{result['bytes'] / 1024:.0f} KB | {result['pages'] or '–'} | "
            f"{result['rss_before_mb']:.0f} → {result['rss_peak_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
