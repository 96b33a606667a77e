"""The goal progress report of a plan (the shape of the LAMPPU progress report), as data, DOCX and PDF."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry.db import utcnow
from registry.documents.rendering import xml_safe
from registry.goals import services
from registry.goals.charts import format_number
from registry.goals.models import Plan
from registry.goals.periods import sort_periods

STATUS_LABELS = {
    "met": _l("target met"),
    "not_met": _l("target not met"),
    "no_target": _l("no target set"),
    "no_data": _l("not measured yet"),
}
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def _indicator_data(indicator) -> dict:
    status = services.indicator_status(indicator)
    return {
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit,
        "target": indicator.target,
        "direction": indicator.direction,
        "frequency": indicator.frequency,
        "status": status.status,
        "latest_period": status.latest.period if status.latest else None,
        "latest_value": status.latest.value if status.latest else None,
        "measurements": [
            {"period": m.period, "value": m.value, "note": m.note} for m in services.sorted_measurements(indicator)
        ],
    }


def _document_data(linked, today: date) -> dict:
    return {
        "code": linked.document.code,
        "title": linked.current.title,
        "label": linked.current.label,
        "effective_from": linked.current.effective_from.isoformat() if linked.current.effective_from else None,
        "next_review_due": linked.document.next_review_due.isoformat() if linked.document.next_review_due else None,
        "overdue": linked.is_overdue(today),
        "open_change_requests": linked.open_requests,
    }


def build_report(user, plan: Plan, today: date | None = None) -> dict:
    """Plain data: the plan's header, its reporting periods, and per goal (in order) results,
    linked current documents and indicator status. Archived goals are left out."""
    today = today or utcnow().date()
    tree = services.goal_tree(plan, include_archived=False)
    periods = sort_periods(e.period for goal, _depth in tree for e in goal.progress_entries)
    linked = {goal.id: services.linked_current_documents(user, goal) for goal, _depth in tree}
    services.count_open_change_requests([d for docs in linked.values() for d in docs])
    goals = []
    for goal, depth in tree:
        texts = {e.period: e.text for e in goal.progress_entries}
        goals.append(
            {
                "code": goal.code,
                "title": goal.title,
                "description": goal.description,
                "depth": depth,
                "parent": goal.parent.code if goal.parent else None,
                "owner": goal.owner.display_name if goal.owner else None,
                "results": {p: texts.get(p) for p in periods},
                "documents": [_document_data(d, today) for d in linked[goal.id]],
                "indicators": [_indicator_data(i) for i in goal.indicators],
            }
        )
    return {
        "plan": {
            "id": plan.id,
            "code": plan.code,
            "name": plan.name,
            "kind": plan.kind,
            "organisation": plan.organisation,
            "contact": plan.contact,
            "period": plan.period,
        },
        "periods": periods,
        "goals": goals,
        "generated_at": utcnow().isoformat(),
    }


def indicator_line(item: dict) -> str:
    """`Name: 85 % (syksy 2012), target 80 % – target met` for the report's indicator column."""
    unit = f" {item['unit']}" if item["unit"] else ""
    text = item["name"] + ": "
    if item["latest_value"] is not None:
        text += f"{format_number(item['latest_value'])}{unit} ({item['latest_period']})"
    else:
        text += "–"
    if item["target"] is not None:
        text += ", " + _("target %(value)s", value=f"{format_number(item['target'])}{unit}")
    return f"{text} – {STATUS_LABELS[item['status']]}"


def results_heading(period: str) -> str:
    return _("Results achieved: %(period)s", period=period)


def _xml_safe_data(value):
    """The report data with every string stripped of what XML (so python-docx) cannot hold."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: _xml_safe_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_xml_safe_data(item) for item in value]
    return value


def render_docx(report: dict) -> bytes:
    """The report as a Word document (landscape A4)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    report = _xml_safe_data(report)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(_("Goal progress report"), level=1)
    plan = report["plan"]
    header = doc.add_table(rows=0, cols=2)
    header.style = "Table Grid"
    for label, value in (
        (_("Plan"), plan["name"]),
        (_("Organisation"), plan["organisation"]),
        (_("Contact person"), plan["contact"]),
        (_("Period"), plan["period"]),
    ):
        cells = header.add_row().cells
        cells[0].text, cells[1].text = str(label), value or "–"
        cells[0].paragraphs[0].runs[0].bold = True
    doc.add_heading(_("Activities and results achieved"), level=2)
    columns = [_("Goal")] + [results_heading(p) for p in report["periods"]] + [_("Current documents"), _("Indicators")]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for goal in report["goals"]:
        cells = table.add_row().cells
        cells[0].text = ""
        cells[0].paragraphs[0].add_run(f"{goal['code']} {goal['title']}").bold = True
        if goal["description"]:
            cells[0].add_paragraph(goal["description"])
        for cell, period in zip(cells[1:], report["periods"], strict=False):
            cell.text = goal["results"][period] or ""
        cells[-2].text = "\n".join(f"{d['code']} {d['title']} ({d['label'] or '–'})" for d in goal["documents"]) or "–"
        cells[-1].text = "\n".join(indicator_line(i) for i in goal["indicators"]) or "–"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _refuse_fetch(url: str, *args, **kwargs):
    # The report needs nothing from outside; never let a URL in stored text reach the network.
    raise ValueError(f"not fetched: {url[:60]}")


def render_pdf(html: str) -> bytes:
    """The report page rendered to PDF with WeasyPrint and the report stylesheet."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(STATIC_DIR / "report-pdf.css"))
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])
