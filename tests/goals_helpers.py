"""Shared builders for the goals tests."""

from __future__ import annotations

from registry.extensions import db
from registry.goals import services


def build_plan(owner, *, code="LAMPPU", goals=("T1", "T2", "T3")):
    """A plan with top-level goals, committed."""
    plan = services.create_plan(
        owner,
        code=code,
        name=f"Suunnitelma {code}",
        organisation="Kainuun ammattiopisto",
        contact="Esa Oikarinen",
        period="2012",
    )
    created = [
        services.create_goal(owner, plan, code=c, title=f"Tavoite {c}", description=f"Kuvaus {c}") for c in goals
    ]
    db.session.commit()
    return plan, created


def roles_user(make, role):
    """A user holding `role` (None for anonymous)."""
    if role is None:
        return None
    return make.user() if role == "reader" else make.user(role)


ROLES = [None, "reader", "author", "approver", "quality_owner", "auditor", "admin"]
