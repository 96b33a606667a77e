"""What the index should hold, computed from the database rows (the only truth)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy.orm import selectinload

from registry.documents.models import Document, DocumentVersion
from registry.extensions import db
from registry.search._types import Entry

FieldProvider = Callable[[list[int]], dict[int, list[str]]]
_providers: dict[str, FieldProvider] = {}
PROVIDER_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
MARKDOWN_NOISE = re.compile(r"\]\([^)]*\)|[#*_>`|~\[\]]+")


def register_field_provider(name: str, fn: FieldProvider) -> None:
    """Add a keyword field (e.g. "goal") whose values `fn(document_ids)` supplies at index time."""
    if not PROVIDER_NAME_RE.match(name) or name in ("type", "unit", "state", "scope"):
        raise ValueError(f"invalid search field name {name!r}")
    _providers[name] = fn


def unregister_field_provider(name: str) -> None:
    _providers.pop(name, None)


def provider_names() -> tuple[str, ...]:
    return tuple(sorted(_providers))


def plain_text(markdown: str) -> str:
    """Markdown source without link targets and markup characters, for indexing and snippets."""
    return MARKDOWN_NOISE.sub(" ", markdown or "")


def version_text(version: DocumentVersion) -> str:
    return text_of(version.body, ((a.filename, a.extracted_text) for a in version.attachments))


def text_of(body: str | None, attachments: Iterable[tuple[str, str | None]]) -> str:
    """The searchable text of a version: its body as plain text, then each attachment's name and
    extracted text, in attachment order (the index and the snippets read the same text)."""
    parts = [plain_text(body)]
    parts += [f"{filename}\n{extracted or ''}" for filename, extracted in attachments]
    return "\n\n".join(p for p in parts if p)


def _fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def entry_for(version: DocumentVersion, extra: dict[str, list[str]]) -> Entry:
    document = version.document
    audience = {str(u.id) for u in document.audience}
    if document.unit_id is not None:
        audience.add(str(document.unit_id))
    data = {
        "version_id": version.id,
        "document_id": document.id,
        "code": document.code,
        "language": document.language,
        "title": version.title,
        "text": version_text(version),
        "type": document.type.prefix,
        "unit": document.unit.code if document.unit else "",
        "audience": tuple(sorted(audience)),
        "visibility": document.visibility,
        "owner_id": document.owner_id,
        "author_id": version.author_id,
        "state": version.state,
        "is_current": version.state == "effective" and document.withdrawn_at is None,
        "tags": tuple(document.tags),
        "extra": tuple((name, tuple(sorted(set(values)))) for name, values in sorted(extra.items())),
    }
    return Entry(**data, fingerprint=_fingerprint(data))


def load_documents(document_ids: Iterable[int]) -> list[Document]:
    ids = sorted(set(document_ids))
    if not ids:
        return []
    stmt = (
        db.select(Document)
        .where(Document.id.in_(ids))
        .options(selectinload(Document.versions).selectinload(DocumentVersion.attachments))
    )
    return list(db.session.execute(stmt).scalars().unique())


def entries_for_documents(document_ids: Iterable[int]) -> list[Entry]:
    """The entries of every version of the given documents, provider fields included."""
    documents = load_documents(document_ids)
    ids = [d.id for d in documents]
    extras = {name: (fn(ids) if ids else {}) for name, fn in _providers.items()}
    entries = []
    for document in documents:
        extra = {name: list(values.get(document.id, [])) for name, values in extras.items()}
        # A version disposed of after its retention has no text left to find; it leaves the index.
        entries += [entry_for(version, extra) for version in document.versions if version.disposed_at is None]
    return entries


def document_id_batches(size: int) -> Iterator[list[int]]:
    """Every document id, in ascending batches (keyset pagination, bounded memory)."""
    last = 0
    while True:
        ids = list(
            db.session.execute(
                db.select(Document.id).where(Document.id > last).order_by(Document.id).limit(size)
            ).scalars()
        )
        if not ids:
            return
        yield ids
        last = ids[-1]
