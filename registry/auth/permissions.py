"""Every permission predicate in one place; views, services and the API ask these.

Rule for writes: every predicate that allows a change starts from `has_write_role`.
The auditor role grants no write role, so a user whose only elevated role is
auditor is read-only everywhere, even as a document's owner or a draft's author.
Account self-service (logging in, one's own API tokens) is not a registry write.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, true

from registry.auth.models import Role
from registry.states import PUBLISHED_STATES, VersionState

EDITOR_ROLES = (Role.AUTHOR, Role.QUALITY_OWNER)
WRITE_ROLES = (Role.AUTHOR, Role.APPROVER, Role.QUALITY_OWNER, Role.ADMIN)
OVERSIGHT_ROLES = (Role.QUALITY_OWNER, Role.AUDITOR, Role.ADMIN)
PUBLISHED = PUBLISHED_STATES


def is_logged_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def has_role(user, *roles: Role | str) -> bool:
    return is_logged_in(user) and user.has_role(*roles)


def is_read_only_auditor(user) -> bool:
    """An auditor with no write role: refused every change, whatever else they own."""
    return has_role(user, Role.AUDITOR) and not has_write_role(user)


def has_write_role(user) -> bool:
    """Holds a role that may change something; reader and auditor grant none."""
    return has_role(user, *WRITE_ROLES)


def is_owner(user, document) -> bool:
    return is_logged_in(user) and document.owner_id == user.id


def _in_audience(user, document) -> bool:
    unit_ids = {u.id for u in user.units}
    audience = {u.id for u in document.audience}
    if document.unit_id is not None:
        audience.add(document.unit_id)
    return bool(unit_ids & audience)


def can_view_document(user, document) -> bool:
    """Public documents for everyone; internal for staff; restricted for its audience.
    visible_document_clause is the same rule in SQL: change both together."""
    if document.visibility == "public":
        return True
    if not is_logged_in(user):
        return False
    if document.visibility == "internal":
        return True
    return is_owner(user, document) or has_role(user, *OVERSIGHT_ROLES) or _in_audience(user, document)


def visible_document_clause(user, document):
    """can_view_document as a SQL condition on a document row (`document`, the Document entity or an
    alias), so that lists filter and page in the database: change both together."""
    public = document.visibility == "public"
    if not is_logged_in(user):
        return public
    if has_role(user, *OVERSIGHT_ROLES):
        return true()
    seen = [document.visibility.in_(("public", "internal")), document.owner_id == user.id]
    unit_ids = [u.id for u in user.units]
    if unit_ids:
        # The audience as an EXISTS on the association table alone: relationship.any() would also join
        # the unit table, and costs more to build than the query costs to run.
        audience = document.audience.property.secondary
        seen += [
            document.unit_id.in_(unit_ids),
            exists().where(audience.c.document_id == document.id, audience.c.unit_id.in_(unit_ids)),
        ]
    return or_(*seen)


def can_see_unpublished(user, version) -> bool:
    """Drafts and versions in review: their author, the owner, quality owners, approvers, auditors, admins.
    visible_version_clause is the same rule in SQL: change both together."""
    if not is_logged_in(user):
        return False
    if version.author_id == user.id or is_owner(user, version.document):
        return True
    if has_role(user, *OVERSIGHT_ROLES):
        return True
    return version.state != VersionState.DRAFT and has_role(user, Role.APPROVER)


def can_view_version(user, version) -> bool:
    if not can_view_document(user, version.document):
        return False
    return version.state in PUBLISHED or can_see_unpublished(user, version)


def visible_version_clause(user, version, document):
    """The state rule of can_view_version as a SQL condition on a version row (`version`, a
    DocumentVersion entity or alias) and its document (`document`), so that a query can match only
    versions the user may see. The document's own visibility stays can_view_document's."""
    published = version.state.in_(PUBLISHED)
    if not is_logged_in(user):
        return published
    if has_role(user, *OVERSIGHT_ROLES):
        return true()
    seen = [published, version.author_id == user.id, document.owner_id == user.id]
    if has_role(user, Role.APPROVER):
        seen.append(version.state != VersionState.DRAFT)
    return or_(*seen)


def can_create_document(user) -> bool:
    return has_role(user, *EDITOR_ROLES)


def can_start_draft(user, document) -> bool:
    """A new draft from the current version: authors, quality owners and the owner."""
    if document.is_withdrawn or not can_view_document(user, document):
        return False
    return has_role(user, *EDITOR_ROLES) or (is_owner(user, document) and has_write_role(user))


def can_edit_version(user, version) -> bool:
    """Only a draft, and only by its author or the document's owner."""
    if version.state != VersionState.DRAFT or not has_write_role(user):
        return False
    return version.author_id == user.id or is_owner(user, version.document)


def can_import(user) -> bool:
    return has_role(user, Role.ADMIN, Role.QUALITY_OWNER)


def can_manage_templates(user) -> bool:
    """Choose which document each type's new documents start from."""
    return has_role(user, Role.ADMIN, Role.QUALITY_OWNER)


def can_manage_search_terms(user) -> bool:
    """Keep the search's abbreviation and synonym list."""
    return has_role(user, Role.ADMIN, Role.QUALITY_OWNER)


def can_administer(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_read_audit(user) -> bool:
    return has_role(user, Role.AUDITOR, Role.ADMIN)


def can_view_goals(user) -> bool:
    """Plans, goals, indicators and reports: every member of staff."""
    return is_logged_in(user)


def can_manage_goals(user) -> bool:
    """Plans, goals and indicators are kept by quality owners."""
    return has_role(user, Role.QUALITY_OWNER)


def is_goal_owner(user, goal) -> bool:
    return is_logged_in(user) and goal.owner_id is not None and goal.owner_id == user.id


def can_write_progress(user, goal) -> bool:
    """The goal's owner writes its results; quality owners may too. Auditors stay read-only."""
    if goal.archived or is_read_only_auditor(user):
        return False
    return can_manage_goals(user) or is_goal_owner(user, goal)


def can_record_measurement(user, indicator) -> bool:
    return can_write_progress(user, indicator.goal)


def can_link_goals(user, document) -> bool:
    """The document's owner or a quality owner changes which goals it serves."""
    if document.is_withdrawn or not can_view_document(user, document):
        return False
    return has_role(user, Role.QUALITY_OWNER) or (is_owner(user, document) and has_write_role(user))


def can_view_history(user, document) -> bool:
    """A document's full change history: auditors, admins and the document's owner."""
    return can_read_audit(user) or (is_owner(user, document) and can_view_document(user, document))


def can_export_audit(user) -> bool:
    return can_read_audit(user)


def is_author(user, version) -> bool:
    return is_logged_in(user) and version.author_id == user.id


def can_be_approver(user) -> bool:
    """Who may be named as an approver at submit."""
    return has_role(user, Role.APPROVER, Role.QUALITY_OWNER)


def can_see_acknowledgements(user, document) -> bool:
    return is_owner(user, document) or has_role(user, *OVERSIGHT_ROLES)


def can_view_disposition(user) -> bool:
    """The disposition list and legal holds: quality owners propose, administrators approve."""
    return has_role(user, Role.QUALITY_OWNER, Role.ADMIN)


def can_set_legal_hold(user) -> bool:
    return has_role(user, Role.QUALITY_OWNER, Role.ADMIN)


def can_propose_disposal(user) -> bool:
    return has_role(user, Role.QUALITY_OWNER)


def can_approve_disposal(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_send_change_request(user, document) -> bool:
    """Staff who may see a document may propose a change to it: like confirming reading, a change
    request is a reader's contribution, so any role but a read-only auditor may send one."""
    return is_logged_in(user) and not is_read_only_auditor(user) and can_view_document(user, document)


def can_decide_change_request(user, document) -> bool:
    """Accept, reject or reopen a change request: the document's owner, a quality owner or an admin."""
    return has_write_role(user) and (is_owner(user, document) or has_role(user, Role.QUALITY_OWNER, Role.ADMIN))


def can_list_change_requests(user) -> bool:
    """The list of every open change request with its age: quality owners, auditors and admins."""
    return has_role(user, *OVERSIGHT_ROLES)
