"""Forms of the evaluation pages: framework upload, criterion links, assessments and their rows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

MAX_UPLOAD = 2 * 1024 * 1024


class FrameworkUploadForm(FlaskForm):
    file = FileField(_l("Framework file (CSV)"))
    submit = SubmitField(_l("Import framework"))


class CriterionLinksForm(FlaskForm):
    documents = StringField(_l("Documents (codes)"), validators=[Length(max=2000)])
    goals = StringField(_l("Goals (codes)"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Save links"))


class AssessmentForm(FlaskForm):
    framework = SelectField(_l("Framework"), choices=[])
    title = StringField(_l("Title"), validators=[Length(max=300)])
    period_start = DateField(_l("Period start"), validators=[Optional()])
    period_end = DateField(_l("Period end"), validators=[Optional()])
    submit = SubmitField(_l("Start self-assessment"))


class RowForm(FlaskForm):
    level = SelectField(_l("Level"), choices=[])
    justification = TextAreaField(_l("Justification"), validators=[Length(max=20000)])
    strengths = TextAreaField(_l("Strengths"), validators=[Length(max=20000)])
    improvements = TextAreaField(_l("Improvement actions"), validators=[Length(max=20000)])
    submit = SubmitField(_l("Save"))


class GoalFromImprovementForm(FlaskForm):
    plan = SelectField(_l("Plan"), choices=[])
    code = StringField(_l("Code of the new goal"), validators=[Length(max=30)])
    submit = SubmitField(_l("Make a goal of the improvement actions"))


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token."""


def split_codes(text: str | None) -> list[str]:
    """`TO-001, PK-002 TO-003` as a list of codes."""
    return [c for c in (text or "").replace(",", " ").replace(";", " ").split() if c]
