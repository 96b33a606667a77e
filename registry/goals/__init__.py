"""Plans, goals, indicators, measurements, progress entries and the goal progress report."""

from __future__ import annotations

from flask import Flask

from registry import search
from registry.auth import permissions
from registry.auth.permissions import can_link_goals
from registry.goals.charts import format_number
from registry.goals.forms import DocumentGoalsForm, goal_choices
from registry.goals.links import goal_codes_for_documents, goals_for_document
from registry.goals.services import sorted_measurements


def document_goals(document) -> list:
    """The goals a document serves; the document page asks this through a template global."""
    return goals_for_document(document)


def goal_link_form(document):
    """The form for changing a document's goals, or None when the current user may not change them."""
    from flask_login import current_user

    if not can_link_goals(current_user, document):
        return None
    form = DocumentGoalsForm(formdata=None)
    form.goals.choices = goal_choices()
    form.goals.data = [str(g.id) for g in document_goals(document)]
    return form


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        document_goals=document_goals,
        goal_link_form=goal_link_form,
        format_number=format_number,
        sorted_measurements=sorted_measurements,
        can_manage_goals=permissions.can_manage_goals,
        can_write_progress=permissions.can_write_progress,
        can_record_measurement=permissions.can_record_measurement,
    )
    # Goal codes become a search field: the `goal` filter and facet of the search page and API.
    search.register_field_provider("goal", goal_codes_for_documents)
