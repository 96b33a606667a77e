"""Forms for plans, goals, indicators, measurements, progress entries and document goal links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from registry.auth.models import User
from registry.extensions import db
from registry.goals.models import Goal, Plan

PLAN_KIND_CHOICES = [SelectChoice("project", _l("Development project")), SelectChoice("strategy", _l("Strategy"))]
DIRECTION_CHOICES = [SelectChoice("higher", _l("Higher is better")), SelectChoice("lower", _l("Lower is better"))]
FREQUENCY_CHOICES = [
    SelectChoice("monthly", _l("Monthly")),
    SelectChoice("quarterly", _l("Quarterly")),
    SelectChoice("semiannual", _l("Twice a year")),
    SelectChoice("annual", _l("Once a year")),
]
PERIOD_HINT = _l('For example "kevät 2012", "syksy 2012", "2012", "2012-09" or "Q3 2012".')


class PlanForm(FlaskForm):
    code = StringField(_l("Code"), validators=[Length(max=30)])
    name = StringField(_l("Name"), validators=[Length(max=300)])
    kind = SelectField(_l("Kind"), choices=PLAN_KIND_CHOICES, default="project")
    organisation = StringField(_l("Organisation"), validators=[Length(max=300)])
    contact = TextAreaField(_l("Contact person and contact details"), validators=[Length(max=2000)])
    period = StringField(_l("Period"), validators=[Length(max=60)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    submit = SubmitField(_l("Save plan"))


class GoalForm(FlaskForm):
    code = StringField(_l("Code"), validators=[Length(max=30)])
    title = StringField(_l("Title"), validators=[Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    parent = SelectField(_l("Parent goal"), validators=[Optional()])
    owner = SelectField(_l("Owner"), validators=[Optional()])
    submit = SubmitField(_l("Save goal"))


class IndicatorForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=200)])
    unit = StringField(_l("Unit of measure"), validators=[Length(max=40)])
    target = StringField(_l("Target value"), validators=[Length(max=40)])
    direction = SelectField(_l("Direction"), choices=DIRECTION_CHOICES, default="higher")
    frequency = SelectField(_l("Measured"), choices=FREQUENCY_CHOICES, default="annual")
    submit = SubmitField(_l("Save indicator"))


class MeasurementForm(FlaskForm):
    period = StringField(_l("Period"), validators=[Length(max=40)])
    value = StringField(_l("Value"), validators=[Length(max=40)])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Save value"))


class ProgressForm(FlaskForm):
    period = StringField(_l("Reporting period"), validators=[Length(max=40)])
    text = TextAreaField(_l("Results achieved"), validators=[Length(max=20000)])
    submit = SubmitField(_l("Save results"))


class ConfirmForm(FlaskForm):
    """A bare POST form (archive, restore, delete): CSRF and a button."""

    submit = SubmitField(_l("Confirm"))


class DocumentGoalsForm(FlaskForm):
    goals = SelectMultipleField(
        _l("Goals this document serves"),
        validators=[Optional()],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    submit = SubmitField(_l("Save goal links"))


def goal_choices() -> list[SelectChoice]:
    """Every active goal as (id, "PLAN · T1 Title")."""
    rows = db.session.execute(
        db.select(Goal)
        .join(Plan, Goal.plan_id == Plan.id)
        .where(Goal.archived.is_(False))
        .order_by(Plan.name, Goal.position, Goal.code)
    ).scalars()
    return [SelectChoice(str(g.id), f"{g.plan.code} · {g.code} {g.title}") for g in rows]


def user_choices() -> list[SelectChoice]:
    users = db.session.execute(db.select(User).where(User.active.is_(True)).order_by(User.display_name)).scalars()
    return [SelectChoice("", _l("(none)"))] + [SelectChoice(u.email, f"{u.display_name} <{u.email}>") for u in users]
