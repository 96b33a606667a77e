"""Creating a language version of a document and naming the master version a translation follows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth import permissions
from registry.auth.models import User
from registry.documents import attachments, translations
from registry.documents import services as documents
from registry.documents.models import Document, DocumentVersion, VersionState
from registry.errors import ConflictError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.workflow import machine
from registry.workflow.transitions import Action


def create_translation(actor: User, master: Document, language: str) -> DocumentVersion:
    """A new document `<master code>-<language>` and its first draft, starting from the master's current text.

    Refused: a translation of a translation, a language other than sv/en or the master's own, a second
    translation in one language, a withdrawn master and a master with no version in force.
    """
    if not permissions.can_create_document(actor) or not permissions.can_view_document(actor, master):
        raise PermissionDenied(_l("You may not create documents."))
    language = (language or "").strip().lower()
    if master.translation_of_id is not None:
        raise ValidationError(
            {"language": _l("A translation cannot have translations; translate the master document.")}
        )
    if language not in translations.TRANSLATION_LANGUAGES or language == master.language:
        raise ValidationError({"language": _l("A translation's language must be Swedish (sv) or English (en).")})
    if master.is_withdrawn:
        raise ConflictError(_l("A withdrawn document cannot be translated."), code="document_withdrawn")
    machine.lock_document(master.id)  # two simultaneous requests: the second sees the first's translation
    if translations.translation_in(master, language) is not None:
        raise ConflictError(_l("The document already has a translation in this language."), code="translation_exists")
    base = translations.master_current(master)
    if base is None:
        raise ConflictError(_l("The document has no version in force to translate."), code="nothing_to_translate")
    fields = documents.DocumentFields(
        doc_type=master.type,
        title=base.title,
        unit=master.unit,
        owner=master.owner,
        visibility=master.visibility,
        language=language,
        review_interval_months=master.review_interval_months,
        audience=list(master.audience),
        tags=master.tags,
    )
    document = documents.create_document(
        actor, fields, code=translations.translation_code(master, language), translation_of=master
    )
    audit.record(
        actor,
        "document.translate",
        "document",
        document.id,
        document_code=document.code,
        after={"master": master.code, "language": language, "translates": base.display_label},
    )
    version = DocumentVersion(
        document=document,
        number=1,
        title=base.title,
        body=base.body or "",
        author=actor,
        translates_version_id=base.id,
    )
    attachments.copy_attachments(base, version)
    return machine.transition(actor, version, Action.CREATE, VersionState.DRAFT)


def resolve_master_version(document: Document, number) -> DocumentVersion:
    """The master version number `number` that a translation's draft may name (one ever in force)."""
    master = document.translation_of
    if master is None:
        raise ValidationError({"translates": _l("Only a translation names a version of its master document.")})
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = None
    found = next((v for v in translations.master_versions(master) if v.number == number), None)
    if found is None:
        raise ValidationError(
            {"translates": _l("Choose a version of %(code)s that has been in force.", code=master.code)}
        )
    return found


def name_master_version(actor: User, version: DocumentVersion, number, *, revision: int) -> DocumentVersion:
    """Make a translation's draft name the master version it translates (an edit: a new revision)."""
    machine.require_move(actor, version, Action.EDIT)
    machine.require_revision(version, revision)
    chosen = resolve_master_version(version.document, number)
    if chosen.id == version.translates_version_id:
        return version
    before = translations.named_master_version(version)
    version.translates_version_id = chosen.id
    machine.mark_changed(version, revision)
    audit.record(
        actor,
        "version.edit",
        "document_version",
        version.id,
        document_code=version.document.code,
        before={"translates": before.display_label if before else None, "revision": revision},
        after={"translates": chosen.display_label, "revision": version.revision},
    )
    db.session.flush()
    return version
