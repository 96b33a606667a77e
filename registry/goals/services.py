"""Plans and goals: create, change, archive, delete, and read them in tree order."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth import permissions
from registry.auth.models import User
from registry.errors import ConflictError, NotFoundError, ValidationError
from registry.extensions import db
from registry.goals._validation import (
    MAX_TEXT,
    changed_fields,
    choice_field,
    code_field,
    require,
    text_field,
    user_field,
)
from registry.goals.links import (  # noqa: F401  (re-exported: one place to import from)
    count_open_change_requests,
    goal_codes_for_documents,
    goals_for_document,
    linked_current_documents,
    resolve_goal_codes,
    set_document_goals,
)
from registry.goals.lookup import (  # noqa: F401  (re-exported: one place to import from)
    find_goals,
    goal_tree,
    plan_goals,
    require_goal_id,
    resolve_goal,
)
from registry.goals.measures import (  # noqa: F401  (re-exported: one place to import from)
    IndicatorStatus,
    create_indicator,
    describe_indicator,
    indicator_status,
    progress_by_period,
    record_measurement,
    require_indicator,
    sorted_measurements,
    update_indicator,
    write_progress_entry,
)
from registry.goals.models import PLAN_KINDS, Goal, Plan, document_goal

# --- audited views of the objects ---------------------------------------------------------------


def describe_plan(plan: Plan) -> dict:
    return {
        "code": plan.code,
        "name": plan.name,
        "kind": plan.kind,
        "organisation": plan.organisation,
        "contact": plan.contact,
        "period": plan.period,
        "description": plan.description,
    }


def describe_goal(goal: Goal) -> dict:
    return {
        "plan": goal.plan.code,
        "code": goal.code,
        "title": goal.title,
        "description": goal.description,
        "parent": goal.parent.code if goal.parent else None,
        "owner": goal.owner.email if goal.owner else None,
        "archived": goal.archived,
    }


# --- plans --------------------------------------------------------------------------------------


def list_plans() -> list[Plan]:
    return list(db.session.execute(db.select(Plan).order_by(Plan.name)).scalars())


def require_plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(_l("Plan not found."))
    return plan


def get_plan_by_code(code: str) -> Plan | None:
    return db.session.execute(db.select(Plan).where(Plan.code == (code or "").strip().upper())).scalar_one_or_none()


def _plan_fields(data: dict) -> dict:
    errors: dict = {}
    fields = {
        "code": code_field(errors, "code", data.get("code")),
        "name": text_field(errors, "name", data.get("name"), max_len=300, required=True),
        "kind": choice_field(errors, "kind", data.get("kind") or "project", PLAN_KINDS),
        "organisation": text_field(errors, "organisation", data.get("organisation"), max_len=300),
        "contact": text_field(errors, "contact", data.get("contact"), max_len=2000, multiline=True),
        "period": text_field(errors, "period", data.get("period"), max_len=60),
        "description": text_field(errors, "description", data.get("description"), max_len=MAX_TEXT, multiline=True),
    }
    if errors:
        raise ValidationError(errors)
    return fields


def create_plan(actor: User, **data) -> Plan:
    """A new strategy or project with its organisation, contact person and period."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    fields = _plan_fields(data)
    if get_plan_by_code(fields["code"]) is not None:
        raise ValidationError({"code": _l("A plan with this code already exists.")})
    plan = Plan(**fields)
    db.session.add(plan)
    db.session.flush()
    audit.record(actor, "plan.create", "plan", plan.id, after=describe_plan(plan))
    return plan


def update_plan(actor: User, plan: Plan, **data) -> Plan:
    """Change a plan's details."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    fields = _plan_fields(data)
    other = get_plan_by_code(fields["code"])
    if other is not None and other.id != plan.id:
        raise ValidationError({"code": _l("A plan with this code already exists.")})
    before = describe_plan(plan)
    for key, value in fields.items():
        setattr(plan, key, value)
    db.session.flush()
    old, new = changed_fields(before, describe_plan(plan))
    if new:
        audit.record(actor, "plan.update", "plan", plan.id, before=old, after=new)
    return plan


# --- goals --------------------------------------------------------------------------------------


def _goal_fields(plan: Plan, data: dict, goal: Goal | None = None) -> dict:
    errors: dict = {}
    fields = {
        "code": code_field(errors, "code", data.get("code")),
        "title": text_field(errors, "title", data.get("title"), max_len=300, required=True),
        "description": text_field(errors, "description", data.get("description"), max_len=MAX_TEXT, multiline=True),
        "owner": user_field(errors, "owner", data.get("owner")),
        "parent": None,
    }
    if "code" not in errors:
        clash = db.session.execute(
            db.select(Goal).where(Goal.plan_id == plan.id, Goal.code == fields["code"])
        ).scalar_one_or_none()
        if clash is not None and clash is not goal:
            errors["code"] = _l("This plan already has a goal with this code.")
    parent_code = (data.get("parent") or "").strip().upper()
    if parent_code:
        parent = db.session.execute(
            db.select(Goal).where(Goal.plan_id == plan.id, Goal.code == parent_code)
        ).scalar_one_or_none()
        if parent is None:
            errors["parent"] = _l("No goal with this code in the plan.")
        elif goal is not None and _is_ancestor(goal, parent):
            errors["parent"] = _l("A goal cannot be its own ancestor.")
        fields["parent"] = parent
    if errors:
        raise ValidationError(errors)
    return fields


def _is_ancestor(goal: Goal, candidate: Goal | None) -> bool:
    """True when `goal` is `candidate` or one of its ancestors (so linking would make a cycle)."""
    seen = set()
    while candidate is not None and candidate.id not in seen:
        if candidate.id == goal.id:
            return True
        seen.add(candidate.id)
        candidate = candidate.parent
    return False


def create_goal(actor: User, plan: Plan, **data) -> Goal:
    """A new goal under the plan (optionally under a parent goal), placed last."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    fields = _goal_fields(plan, data)
    last = db.session.execute(db.select(db.func.max(Goal.position)).where(Goal.plan_id == plan.id)).scalar()
    goal = Goal(plan=plan, position=(last or 0) + 1, **fields)
    db.session.add(goal)
    db.session.flush()
    audit.record(actor, "goal.create", "goal", goal.id, after=describe_goal(goal))
    return goal


def update_goal(actor: User, goal: Goal, **data) -> Goal:
    """Change a goal's code, text, parent or owner; a goal never becomes its own ancestor."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    fields = _goal_fields(goal.plan, data, goal)
    before = describe_goal(goal)
    for key, value in fields.items():
        setattr(goal, key, value)
    db.session.flush()
    old, new = changed_fields(before, describe_goal(goal))
    if new:
        audit.record(actor, "goal.update", "goal", goal.id, before=old, after=new)
    return goal


def set_goal_archived(actor: User, goal: Goal, archived: bool) -> Goal:
    """Archive a goal (it leaves the lists but keeps its links and history) or bring it back."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    if goal.archived != archived:
        goal.archived = archived
        db.session.flush()
        audit.record(
            actor,
            "goal.archive" if archived else "goal.restore",
            "goal",
            goal.id,
            before={"archived": not archived},
            after={"archived": archived},
        )
    return goal


def delete_goal(actor: User, goal: Goal) -> None:
    """Delete a goal no document serves and no goal sits under; otherwise refuse (archive it)."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    linked = db.session.execute(
        db.select(db.func.count()).select_from(document_goal).where(document_goal.c.goal_id == goal.id)
    ).scalar()
    if linked:
        raise ConflictError(
            _l("Documents are linked to this goal, so it cannot be deleted. Archive it instead."), code="goal_in_use"
        )
    if db.session.execute(db.select(Goal.id).where(Goal.parent_id == goal.id).limit(1)).first():
        raise ConflictError(_l("Other goals sit under this goal; move or delete them first."), code="goal_in_use")
    snapshot = describe_goal(goal) | {
        "indicators": [i.name for i in goal.indicators],
        "progress_periods": [p.period for p in goal.progress_entries],
    }
    goal_id = goal.id
    db.session.delete(goal)
    db.session.flush()
    audit.record(actor, "goal.delete", "goal", goal_id, before=snapshot)
