"""Time bringing a long Word file into a draft, and the controlled copies of the result.

    python benchmarks/authoring_speed.py                 # 20 000 words, 10 tables, 10 images, 3 runs
    python benchmarks/authoring_speed.py --words 4000    # quick run

Builds two DOCX files in memory with python-docx and Pillow:

- a long quality document: headings, about `--words` words of Finnish-like paragraphs with bold
  and italic runs, nested bulleted lists (three levels, as Word writes them), numbered lists,
  ten 5 × 4 tables and ten 800 × 500 PNG pictures of gradients and noise (about 0.5 MB each,
  so they are not trivially small);
- a DOCX of 5 000 short paragraphs.

Then, in a throw-away instance (benchmarks/_instance.py), each step runs in its own child
process so that its peak RSS is its own:

(a) `conversion.convert` of the long file, best of `--runs`;
(b) the service path of a request: `word_sources.prepare_source` + `word_sources.apply_source` onto a
    draft, then a commit (a new draft for each run);
(c) `conversion.convert` of the 5 000-paragraph file;
(d) PDF and DOCX export of the version the long file became (`controlled_copies.export_version`).

Peak memory is the child's peak resident set size (VmHWM in /proc/self/status on Linux, else
`resource.getrusage(RUSAGE_SELF).ru_maxrss`, which after fork and exec also counts the parent),
of the whole process, application included, printed after the app is loaded ("loaded")
and after the step ("peak"). Since the loaded application alone is already a large part of
that, the conversions are also run once more under `tracemalloc`, which gives the peak of
memory Python allocated during that one conversion above what was allocated before it
(allocations made by C libraries outside Python's allocator are not counted).
"""

from __future__ import annotations

import argparse
import io
import json
import os
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
from tests.filegen import add_multilevel_bullets, set_list_level  # noqa: E402

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
    "päätöksestä",
    "oikaisua",
    "hakemukset",
    "käsitellään",
    "yksikön",
    "johtaja",
    "tietosuoja",
    "henkilötiedot",
    "säilytetään",
    "vuotta",
    "ja",
    "sekä",
    "kun",
    "jos",
    "ennen",
    "jälkeen",
]
LONG_FILE = "pitka-ohje.docx"
PARAGRAPHS_FILE = "kappaleet.docx"


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def picture(index: int, width: int = 800, height: int = 500) -> bytes:
    """A photo-like PNG: a colour gradient with noise, so that it compresses like a picture does."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(index)
    x = np.linspace(0, 1, width)[None, :]
    y = np.linspace(0, 1, height)[:, None]
    x, y = np.broadcast_arrays(x, y)
    base = np.stack([180 * x + 40 * y, 120 + 80 * y, 200 - 120 * x * y], axis=-1) + index * 7
    pixels = np.clip(base + rng.normal(0, 18, (height, width, 3)), 0, 255).astype("uint8")
    out = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(out, "PNG")
    return out.getvalue()


def _bullet(document, text: str, level: int) -> None:
    set_list_level(document.add_paragraph(text, style="List Bullet"), level)


def _paragraph(document, rng: random.Random, sentences: int) -> int:
    """A paragraph of sentences, one phrase in bold and one in italics; returns its word count."""
    paragraph = document.add_paragraph()
    count = 0
    for n in range(sentences):
        length = rng.randint(7, 14)
        text = _sentence(rng, length) + " "
        count += length
        run = paragraph.add_run(text)
        if n == 1:
            run.bold = True
        elif n == 3:
            run.italic = True
    return count


def long_docx(words: int = 20_000, tables: int = 10, images: int = 10, seed: int = 1) -> bytes:
    """About `words` words in sections, with nested lists, `tables` 5 × 4 tables and `images` pictures."""
    import docx
    from docx.shared import Cm

    rng = random.Random(seed)
    document = docx.Document()
    add_multilevel_bullets(document)
    document.add_heading("Opiskelijahallinnon pitkä toimintaohje", 0)
    sections = max(tables, images, 1)
    per_section = words // sections
    written = 0
    for section in range(1, sections + 1):
        document.add_heading(f"{section}. {_sentence(rng, 3)[:-1]}", 1)
        target = written + per_section
        part = 0
        while written < target:
            part += 1
            if part % 4 == 1:
                document.add_heading(f"{section}.{part // 4 + 1} {_sentence(rng, 2)[:-1]}", 2)
            written += _paragraph(document, rng, rng.randint(4, 7))
            if part == 2:
                for level in (0, 1, 2, 1, 0, 1):
                    text = _sentence(rng, 6)
                    written += 6
                    _bullet(document, text, level)
                for _ in range(3):
                    document.add_paragraph(_sentence(rng, 5), style="List Number")
                    written += 5
            if part == 3 and section <= tables:
                table = document.add_table(rows=5, cols=4)
                table.style = document.styles["Table Grid"]
                for row in range(5):
                    for column in range(4):
                        text = ("Vaihe", "Vastuu", "Kuvaus", "Aikaraja")[column] if row == 0 else _sentence(rng, 3)
                        table.cell(row, column).text = text
                        written += 0 if row == 0 else 3
            if part == 4 and section <= images:
                document.add_picture(io.BytesIO(picture(section)), width=Cm(14))
                document.add_paragraph(f"Kuva {section}. {_sentence(rng, 5)}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def many_paragraphs_docx(count: int = 5000) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Pitkä ohje", 1)
    for number in range(count):
        document.add_paragraph(f"Kappale {number + 1}: ohjeen kohta, jota noudatetaan kaikissa yksiköissä.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_instance(directory: str, words: int) -> None:
    from registry.extensions import db

    long_bytes = long_docx(words)
    (Path(directory) / LONG_FILE).write_bytes(long_bytes)
    (Path(directory) / PARAGRAPHS_FILE).write_bytes(many_paragraphs_docx())
    app = make_app(directory)
    with app.test_request_context("/"):
        ensure_basics()
        db.session.commit()
    print(
        f"{LONG_FILE}: {len(long_bytes) / 1024:.0f} KB; {PARAGRAPHS_FILE}: "
        f"{(Path(directory) / PARAGRAPHS_FILE).stat().st_size / 1024:.0f} KB",
        file=sys.stderr,
    )


def _new_draft(user, title: str):
    from registry.documents import services as documents
    from registry.workflow import machine as workflow

    fields = documents.validate_document_fields(user, type_prefix="TO", title=title)
    return workflow.create_document_with_draft(user, fields, "")


def _convert(path: Path):
    from registry.documents import attachments, conversion, filetypes

    return conversion.convert(path, filetypes.DOCX, max_image_bytes=attachments.max_bytes())


def run_child(directory: str, step: str, runs: int) -> dict:
    from registry.auth.services import find_user
    from registry.documents import services as documents
    from registry.extensions import db
    from registry.workflow import controlled_copies, word_sources

    app = make_app(directory)
    result: dict = {"step": step}
    with app.test_request_context("/"):
        user = find_user("bench@example.org")
        result["rss_loaded_mb"] = peak_mb()
        times = []
        if step in ("convert", "paragraphs"):
            path = Path(directory) / (LONG_FILE if step == "convert" else PARAGRAPHS_FILE)
            for _ in range(runs):
                start = time.perf_counter()
                converted = _convert(path)
                times.append(time.perf_counter() - start)
            result.update(
                markdown_kb=len(converted.markdown) / 1024,
                words=len(converted.markdown.split()),
                images=len(converted.images),
                warnings=converted.warnings,
            )
        elif step == "service":
            data = (Path(directory) / LONG_FILE).read_bytes()
            for run in range(runs):
                version = _new_draft(user, f"Tuotu ohje {run + 1}")
                db.session.commit()
                start = time.perf_counter()
                prepared = word_sources.prepare_source(io.BytesIO(data), LONG_FILE)
                word_sources.apply_source(user, version, prepared, revision=version.revision)
                db.session.commit()
                times.append(time.perf_counter() - start)
            result["document"] = version.document.code
        elif step in ("pdf", "docx"):
            code = json.loads((Path(directory) / "service.json").read_text())["document"]
            version = documents.require_version(user, documents.require_document(user, code), 1)
            size, pages = 0, None
            for _ in range(runs):
                start = time.perf_counter()
                copy = controlled_copies.export_version(user, version, step)
                times.append(time.perf_counter() - start)
                size = len(copy.content)
                db.session.commit()
            if step == "pdf":
                from pypdf import PdfReader

                pages = len(PdfReader(io.BytesIO(copy.content)).pages)
            result.update(bytes=size, pages=pages)
        result.update(best=min(times), median=statistics.median(times), rss_peak_mb=peak_mb())
        if step in ("convert", "paragraphs"):
            result["traced_peak_mb"] = _traced_peak(lambda: _convert(path))
    return result


def _traced_peak(work) -> float:
    """The peak of memory allocated by Python while `work` runs once more (tracemalloc, above a baseline)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - baseline) / 1048576


def _run(directory: str, step: str, runs: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", directory, step, "--runs", str(runs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


LABELS = {
    "convert": "(a) `conversion.convert`, long DOCX",
    "service": "(b) `prepare_source` + `apply_source` + commit",
    "paragraphs": "(c) `conversion.convert`, 5 000 paragraphs",
    "pdf": "(d) PDF copy of the imported version",
    "docx": "(d) DOCX copy of the imported version",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", choices=list(LABELS), help="steps to run (pdf/docx need service)")
    parser.add_argument("--keep", metavar="DIR", help="build the instance in DIR, or reuse it when it is there")
    parser.add_argument("--child", nargs=2, metavar=("DIR", "STEP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], args.child[1], args.runs)))
        return
    directory = args.keep or tempfile.mkdtemp(prefix="lamppu-authoring-bench-")
    if not (Path(directory) / LONG_FILE).exists():
        Path(directory).mkdir(parents=True, exist_ok=True)
        build_instance(directory, args.words)
    steps = args.only or list(LABELS)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    print("| step | best / median of runs | result | peak RSS (loaded → after) |")
    print("|---|---|---|---|")
    for step in steps:
        result = _run(directory, step, args.runs)
        if step == "service":
            (Path(directory) / "service.json").write_text(json.dumps(result))
        if step in ("convert", "paragraphs"):
            what = (
                f"{result['words']} words, {result['markdown_kb']:.0f} KB Markdown, {result['images']} images; "
                f"{result['traced_peak_mb']:.0f} MB allocated at peak"
            )
        elif step == "service":
            what = f"draft of {result['document']}"
        elif step == "pdf":
            what = f"{result['pages']} pages, {result['bytes'] / 1024:.0f} KB"
        else:
            what = f"{result['bytes'] / 1024:.0f} KB"
        print(
            f"| {LABELS[step]} | {result['best']:.2f} s / {result['median']:.2f} s | {what} | "
            f"{result['rss_loaded_mb']:.0f} → {result['rss_peak_mb']:.0f} MB |",
            flush=True,
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)


if __name__ == "__main__":
    main()
