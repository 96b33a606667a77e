"""Every action the code records has a translated label in the audit log."""

from __future__ import annotations

import ast
from pathlib import Path

from registry.audit.labels import ACTION_LABELS
from registry.workflow.change_requests import MOVES
from registry.workflow.transitions import Action

PACKAGE = Path(__file__).resolve().parents[3] / "registry"


def _is_record_call(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr == "record" and isinstance(func.value, ast.Name) and func.value.id == "audit"
    return isinstance(func, ast.Name) and func.id == "record"


def _actions(node: ast.expr, where: str) -> set[str]:
    """The action strings an argument expression can produce."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _actions(node.body, where) | _actions(node.orelse, where)
    if isinstance(node, ast.JoinedStr) and ast.unparse(node) == "f'version.{action.value}'":
        return {f"version.{action.value}" for action in Action}  # workflow.services.transition
    if isinstance(node, ast.JoinedStr) and ast.unparse(node) == "f'change_request.{action}'":
        return {f"change_request.{action}" for action in MOVES}  # workflow.change_requests.move_change_request
    raise AssertionError(f"{where}: teach this test the actions of {ast.unparse(node)}")


def recorded_actions() -> dict[str, str]:
    """Every action passed to audit.record anywhere in the package, with where it is recorded."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _is_record_call(node):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                action = (
                    node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "action")
                )
                found.update(dict.fromkeys(_actions(action, where), where))
    return found


def test_every_recorded_action_has_a_label():
    actions = recorded_actions()
    assert {"user.roles_change", "goal.create", "measurement.record", "version.publish"} <= set(actions)
    missing = {action: where for action, where in actions.items() if action not in ACTION_LABELS}
    assert not missing, missing


def test_no_label_for_an_action_nothing_records():
    assert not set(ACTION_LABELS) - set(recorded_actions())
