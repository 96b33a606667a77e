"""Frameworks, criterion links and self-assessments: who may do what, every change audited."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth import permissions
from registry.auth.models import Role, User
from registry.db import utcnow
from registry.documents.models import Document
from registry.errors import ConflictError, NotFoundError, PermissionDenied, ServiceError, ValidationError
from registry.evaluation.importer import ParsedFramework, parse_framework_csv
from registry.evaluation.models import (
    Assessment,
    AssessmentRow,
    AssessmentState,
    Criterion,
    Framework,
    FrameworkLevel,
    LevelDescriptor,
    criterion_document,
    criterion_goal,
)
from registry.extensions import db
from registry.goals import services as goals
from registry.goals.models import Goal, Plan

MAX_TEXT = 20_000
MAX_TITLE = 300


def can_manage_evaluation(user) -> bool:
    """Quality owners keep frameworks and write self-assessments."""
    return permissions.has_role(user, Role.QUALITY_OWNER)


def can_view_evaluation(user) -> bool:
    """Quality owners, auditors and administrators read assessments and download evidence packs."""
    return permissions.has_role(user, *permissions.OVERSIGHT_ROLES)


def _require_manage(user) -> None:
    if not can_manage_evaluation(user):
        raise PermissionDenied(_l("Only quality owners may change evaluation frameworks and self-assessments."))


# --- frameworks -----------------------------------------------------------------------------------


def list_frameworks() -> list[Framework]:
    return list(db.session.execute(db.select(Framework).order_by(Framework.code)).scalars())


def require_framework(framework_id: int) -> Framework:
    framework = db.session.get(Framework, framework_id)
    if framework is None:
        raise NotFoundError(_l("Framework not found."))
    return framework


def framework_by_code(code: str) -> Framework | None:
    return db.session.execute(db.select(Framework).where(Framework.code == code.strip().upper())).scalar_one_or_none()


def criteria_tree(framework: Framework) -> list[tuple[Criterion, int]]:
    """Every criterion of the framework with its depth, parents before children, in file order."""
    children: dict[int | None, list[Criterion]] = {}
    for criterion in db.session.execute(
        db.select(Criterion).where(Criterion.framework_id == framework.id).order_by(Criterion.position)
    ).scalars():
        children.setdefault(criterion.parent_id, []).append(criterion)
    result: list[tuple[Criterion, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            result.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return result


def _create_framework(parsed: ParsedFramework) -> Framework:
    head = parsed.framework
    framework = Framework(
        code=head["code"].upper(),
        title_fi=head["title_fi"],
        title_en=head["title_en"],
        description_fi=head["description_fi"],
        description_en=head["description_en"],
    )
    db.session.add(framework)
    levels = {}
    for position, row in enumerate(parsed.levels):
        level = FrameworkLevel(
            code=row["code"],
            title_fi=row["title_fi"],
            title_en=row["title_en"],
            description_fi=row["description_fi"],
            description_en=row["description_en"],
            position=position,
        )
        framework.levels.append(level)
        levels[row["code"].upper()] = level
    criteria = {}
    for position, row in enumerate(parsed.criteria):
        criterion = Criterion(
            framework=framework,
            code=row["code"].upper(),
            title_fi=row["title_fi"],
            title_en=row["title_en"],
            description_fi=row["description_fi"],
            description_en=row["description_en"],
            position=position,
        )
        db.session.add(criterion)
        criteria[criterion.code] = criterion
    for row in parsed.criteria:
        if row["parent"]:
            criteria[row["code"].upper()].parent = criteria[row["parent"].upper()]
    for row in parsed.descriptors:
        criteria[row["code"].upper()].descriptors.append(
            LevelDescriptor(
                level=levels[row["level"].upper()],
                description_fi=row["description_fi"],
                description_en=row["description_en"],
            )
        )
    db.session.flush()
    return framework


def import_framework(actor: User, text: str) -> tuple[Framework | None, list[tuple[int, str]]]:
    """Check the whole file, then create the framework; on any error nothing is created."""
    _require_manage(actor)
    parsed = parse_framework_csv(text)
    if parsed.errors:
        return None, parsed.errors
    framework = _create_framework(parsed)
    audit.record(
        actor,
        "framework.import",
        "framework",
        framework.id,
        after={
            "code": framework.code,
            "title": framework.title_fi,
            "levels": [lv.code for lv in framework.levels],
            "criteria": len(parsed.criteria),
        },
    )
    return framework, []


# --- links from criteria to documents and goals ---------------------------------------------------


def linked_documents(criterion: Criterion) -> list[Document]:
    return list(
        db.session.execute(
            db.select(Document)
            .join(criterion_document, criterion_document.c.document_id == Document.id)
            .where(criterion_document.c.criterion_id == criterion.id)
            .order_by(Document.code)
        ).scalars()
    )


def linked_goals(criterion: Criterion) -> list[Goal]:
    return list(
        db.session.execute(
            db.select(Goal)
            .join(criterion_goal, criterion_goal.c.goal_id == Goal.id)
            .join(Plan, Goal.plan_id == Plan.id)
            .where(criterion_goal.c.criterion_id == criterion.id)
            .order_by(Plan.code, Goal.position, Goal.code)
        ).scalars()
    )


def _resolve_documents(codes: list[str]) -> list[Document]:
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()))
    found = {d.code: d for d in db.session.execute(db.select(Document).where(Document.code.in_(wanted))).scalars()}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise ValidationError({"documents": _l("Unknown document: %(codes)s", codes=", ".join(unknown))})
    return [found[c] for c in wanted]


def set_criterion_links(actor: User, criterion: Criterion, document_codes: list[str], goal_codes: list[str]) -> bool:
    """Replace the documents and goals that show how a criterion is met; audited. True when something changed."""
    _require_manage(actor)
    documents = _resolve_documents(document_codes)
    linked = goals.resolve_goal_codes(goal_codes)
    before = {
        "documents": sorted(d.code for d in linked_documents(criterion)),
        "goals": sorted(f"{g.plan.code}:{g.code}" for g in linked_goals(criterion)),
    }
    after = {"documents": sorted(d.code for d in documents), "goals": sorted(f"{g.plan.code}:{g.code}" for g in linked)}
    if before == after:
        return False
    db.session.execute(criterion_document.delete().where(criterion_document.c.criterion_id == criterion.id))
    db.session.execute(criterion_goal.delete().where(criterion_goal.c.criterion_id == criterion.id))
    if documents:
        db.session.execute(
            criterion_document.insert(), [{"criterion_id": criterion.id, "document_id": d.id} for d in documents]
        )
    if linked:
        db.session.execute(criterion_goal.insert(), [{"criterion_id": criterion.id, "goal_id": g.id} for g in linked])
    db.session.flush()
    audit.record(
        actor, "criterion.links", "criterion", criterion.id, before=before, after=after | {"code": criterion.code}
    )
    return True


def require_criterion(framework: Framework, criterion_id: int) -> Criterion:
    criterion = db.session.get(Criterion, criterion_id)
    if criterion is None or criterion.framework_id != framework.id:
        raise NotFoundError(_l("Criterion not found."))
    return criterion


# --- self-assessments -----------------------------------------------------------------------------


def list_assessments() -> list[Assessment]:
    return list(
        db.session.execute(db.select(Assessment).order_by(Assessment.period_end.desc(), Assessment.id.desc())).scalars()
    )


def require_assessment(assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFoundError(_l("Self-assessment not found."))
    return assessment


def _text(errors: dict, name: str, value, max_len: int, *, required: bool = False) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        errors[name] = _l("This field is required.")
    elif len(text) > max_len:
        errors[name] = _l("At most %(n)d characters.", n=max_len)
    return text


def describe_assessment(assessment: Assessment) -> dict:
    return {
        "framework": assessment.framework.code,
        "title": assessment.title,
        "period_start": assessment.period_start.isoformat(),
        "period_end": assessment.period_end.isoformat(),
        "state": assessment.state,
    }


def create_assessment(actor: User, framework: Framework, *, title: str, period_start, period_end) -> Assessment:
    """A new draft self-assessment of `framework` for the period (both days included)."""
    _require_manage(actor)
    errors: dict = {}
    title = " ".join(_text(errors, "title", title, MAX_TITLE, required=True).split())
    if not isinstance(period_start, date):
        errors["period_start"] = _l("Give a date as YYYY-MM-DD.")
    if not isinstance(period_end, date):
        errors["period_end"] = _l("Give a date as YYYY-MM-DD.")
    elif isinstance(period_start, date) and period_end < period_start:
        errors["period_end"] = _l("The end must be after the start.")
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        framework=framework, title=title, period_start=period_start, period_end=period_end, created_by=actor
    )
    db.session.add(assessment)
    db.session.flush()
    audit.record(actor, "assessment.create", "assessment", assessment.id, after=describe_assessment(assessment))
    return assessment


def _require_draft(assessment: Assessment) -> None:
    if assessment.is_completed:
        raise ConflictError(_l("The self-assessment is completed; it can no longer be changed."), code="completed")


def row_for(assessment: Assessment, criterion: Criterion) -> AssessmentRow | None:
    return next((r for r in assessment.rows if r.criterion_id == criterion.id), None)


def assess_criterion(
    actor: User,
    assessment: Assessment,
    criterion: Criterion,
    *,
    level: str | None,
    justification: str = "",
    strengths: str = "",
    improvements: str = "",
) -> AssessmentRow:
    """Record a criterion's level (one of the framework's levels, or none yet) with its reasons."""
    _require_manage(actor)
    _require_draft(assessment)
    if criterion.framework_id != assessment.framework_id:
        raise NotFoundError(_l("Criterion not found."))
    errors: dict = {}
    level = (level or "").strip() or None
    known = [lv.code for lv in assessment.framework.levels]
    if level is not None and level not in known:
        errors["level"] = _l(
            "%(level)s is not a level of this framework; choose one of: %(levels)s",
            level=level[:40],
            levels=", ".join(known),
        )
    fields = {
        "justification": _text(errors, "justification", justification, MAX_TEXT),
        "strengths": _text(errors, "strengths", strengths, MAX_TEXT),
        "improvements": _text(errors, "improvements", improvements, MAX_TEXT),
    }
    if errors:
        raise ValidationError(errors)
    row = row_for(assessment, criterion)
    before = None if row is None else {"level": row.level_code, **{k: getattr(row, k) for k in fields}}
    if row is None:
        row = AssessmentRow(assessment=assessment, criterion=criterion)
        db.session.add(row)
    row.level_code = level
    for key, value in fields.items():
        setattr(row, key, value)
    row.updated_by_id, row.updated_at = actor.id, utcnow()
    db.session.flush()
    after = {"level": level, **fields}
    if before != after:
        audit.record(
            actor,
            "assessment.assess",
            "assessment",
            assessment.id,
            before=before,
            after=after | {"criterion": criterion.code},
        )
    return row


def complete_assessment(actor: User, assessment: Assessment) -> Assessment:
    """Close the self-assessment: its text is then fixed (the evidence pack reads the same)."""
    _require_manage(actor)
    _require_draft(assessment)
    leaves = leaf_ids(assessment.framework)
    assessed = {r.criterion_id for r in assessment.rows if r.level_code}
    missing = [c.code for c, _depth in criteria_tree(assessment.framework) if c.id in leaves and c.id not in assessed]
    if missing:
        raise ConflictError(
            _l("Give a level to every criterion first; missing: %(codes)s", codes=", ".join(missing[:10])),
            code="incomplete",
        )
    assessment.state, assessment.completed_at = AssessmentState.COMPLETED.value, utcnow()
    db.session.flush()
    audit.record(actor, "assessment.complete", "assessment", assessment.id, after=describe_assessment(assessment))
    return assessment


def leaf_ids(framework: Framework) -> set[int]:
    """The criteria that are assessed: those with no criteria under them."""
    parents = set(
        db.session.execute(
            db.select(Criterion.parent_id).where(
                Criterion.framework_id == framework.id, Criterion.parent_id.is_not(None)
            )
        ).scalars()
    )
    ids = set(db.session.execute(db.select(Criterion.id).where(Criterion.framework_id == framework.id)).scalars())
    return ids - parents


def improvement_goal(actor: User, assessment: Assessment, criterion: Criterion, plan: Plan, *, code: str) -> Goal:
    """Turn the criterion's improvement actions into a goal of `plan`, linked to the criterion."""
    _require_manage(actor)
    row = row_for(assessment, criterion)
    if row is None or not row.improvements:
        raise ServiceError(_l("Write the improvement actions first."), code="no_improvements")
    first_line = row.improvements.splitlines()[0].strip(" -*•")
    goal = goals.create_goal(
        actor,
        plan,
        code=code,
        title=first_line[:MAX_TITLE],
        description=row.improvements
        + "\n\n"
        + str(
            _l("From the self-assessment %(title)s, criterion %(code)s.", title=assessment.title, code=criterion.code)
        ),
    )
    db.session.execute(criterion_goal.insert(), [{"criterion_id": criterion.id, "goal_id": goal.id}])
    db.session.flush()
    audit.record(
        actor,
        "criterion.links",
        "criterion",
        criterion.id,
        after={"code": criterion.code, "added_goal": f"{plan.code}:{goal.code}", "assessment": assessment.id},
    )
    return goal
