"""Reading goals: a plan's goals in tree order, and goals found by code (the links and the services both use these)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry.errors import ConflictError, NotFoundError
from registry.extensions import db
from registry.goals.models import Goal, Plan


def plan_goals(plan: Plan, *, include_archived: bool = True) -> list[Goal]:
    stmt = db.select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.position, Goal.code)
    if not include_archived:
        stmt = stmt.where(Goal.archived.is_(False))
    return list(db.session.execute(stmt).scalars())


def goal_tree(plan: Plan, *, include_archived: bool = True) -> list[tuple[Goal, int]]:
    """The plan's goals in reading order (parents before children), each with its depth."""
    goals = plan_goals(plan, include_archived=include_archived)
    known = {g.id for g in goals}
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in known else None
        children.setdefault(parent, []).append(goal)
    ordered: list[tuple[Goal, int]] = []

    def walk(parent_id, depth):
        for goal in children.get(parent_id, []):
            ordered.append((goal, depth))
            walk(goal.id, depth + 1)

    walk(None, 0)
    return ordered


def require_goal_id(goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        raise NotFoundError(_l("Goal not found."))
    return goal


def find_goals(code: str) -> list[Goal]:
    """Goals named by `T1` (any plan) or `PLAN:T1` (one plan)."""
    plan_code, _sep, goal_code = (code or "").strip().rpartition(":")
    stmt = db.select(Goal).where(Goal.code == goal_code.strip().upper())
    if plan_code:
        stmt = stmt.join(Plan, Goal.plan_id == Plan.id).where(Plan.code == plan_code.strip().upper())
    return list(db.session.execute(stmt.order_by(Goal.archived, Goal.id)).scalars())


def resolve_goal(code: str) -> Goal:
    """One goal by code; refused when unknown or when several plans use the code."""
    found = find_goals(code)
    active = [g for g in found if not g.archived] or found
    if not active:
        raise NotFoundError(_l("Goal not found."))
    if len(active) > 1:
        raise ConflictError(
            _l("Several plans have a goal %(code)s; write it as PLAN:%(code)s.", code=code), code="ambiguous_goal"
        )
    return active[0]
