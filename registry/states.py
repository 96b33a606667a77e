"""The states of a document version (DESIGN.md section 4): a vocabulary every layer shares.

Only the workflow machine assigns them; the column that holds them carries their CHECK constraint
(documents.models).
"""

from __future__ import annotations

import enum


class VersionState(enum.StrEnum):
    """Where a version is in its life; a str, so it compares, prints and serialises as its value."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    EFFECTIVE = "effective"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


STATE_VALUES = tuple(s.value for s in VersionState)
PUBLISHED_STATES = (VersionState.EFFECTIVE, VersionState.SUPERSEDED, VersionState.WITHDRAWN)
OPEN_STATES = (VersionState.DRAFT, VersionState.IN_REVIEW, VersionState.APPROVED, VersionState.SCHEDULED)
