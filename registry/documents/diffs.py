"""Word-level differences between two versions (title, body, attachment text)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

# Words (letters incl. å ä ö, digits), runs of whitespace, and single punctuation marks.
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class DiffSegment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class FieldDiff:
    field: str  # "title", "body" or "attachment:<file name>"
    segments: list[DiffSegment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.segments)

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "changed": self.changed,
            "segments": [{"op": s.op, "text": s.text} for s in self.segments],
        }


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def diff_text(old: str, new: str) -> list[DiffSegment]:
    """Insertions and deletions at word level, merged into runs."""
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    segments: list[DiffSegment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = DiffSegment(op, segments[-1].text + text)
        else:
            segments.append(DiffSegment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("equal", "".join(a[i1:i2]))
        else:
            push("delete", "".join(a[i1:i2]))
            push("insert", "".join(b[j1:j2]))
    return segments


def _attachment_texts(version) -> dict[str, str]:
    if version is None:
        return {}
    return {a.filename: a.extracted_text or "" for a in version.attachments}


def diff_versions(old, new) -> list[FieldDiff]:
    """Differences from `old` (may be None) to `new`: title, body, then each attachment's text.

    A version disposed of after its retention has no text left: only the titles are compared."""
    title = FieldDiff("title", diff_text(old.title if old else "", new.title))
    if new.disposed_at is not None or (old is not None and old.disposed_at is not None):
        return [title]
    diffs = [
        FieldDiff("title", diff_text(old.title if old else "", new.title)),
        FieldDiff("body", diff_text(old.body if old else "", new.body)),
    ]
    old_files, new_files = _attachment_texts(old), _attachment_texts(new)
    for name in sorted(set(old_files) | set(new_files)):
        diffs.append(FieldDiff(f"attachment:{name}", diff_text(old_files.get(name, ""), new_files.get(name, ""))))
    return diffs
