"""The self-assessment as a document: PDF (WeasyPrint, from the page's template) and DOCX (python-docx)."""

from __future__ import annotations

import io
from pathlib import Path

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry.documents.rendering import xml_safe
from registry.evaluation.evidence import CriterionEvidence
from registry.evaluation.models import Assessment, Criterion, FrameworkLevel
from registry.goals.charts import format_number

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATUS_LABELS = {
    "met": _l("target met"),
    "not_met": _l("target not met"),
    "no_target": _l("no target set"),
    "no_data": _l("not measured yet"),
}


def _english() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "en"


def title_of(item: Criterion | FrameworkLevel) -> str:
    """The title in the reader's language (Finnish when there is no English one)."""
    return item.title_en if _english() and item.title_en else item.title_fi


def description_of(item) -> str:
    return item.description_en if _english() and item.description_en else item.description_fi


def level_title(assessment: Assessment, code: str | None) -> str:
    level = assessment.framework.level(code) if code else None
    return title_of(level) if level else "–"


def read_share_text(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


def indicator_text(indicator, status) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    value = f"{format_number(status.latest.value)}{unit} ({status.latest.period})" if status.latest else "–"
    target = f", {_('target %(value)s', value=format_number(indicator.target) + unit)}" if indicator.target else ""
    return f"{indicator.name}: {value}{target} – {STATUS_LABELS[status.status]}"


def render_pdf(assessment: Assessment, evidence: list[CriterionEvidence]) -> bytes:
    """The self-assessment with its evidence and gaps, on A4."""
    from weasyprint import CSS, HTML

    html = render_template("evaluation/assessment_pdf.html", assessment=assessment, evidence=evidence)
    stylesheet = CSS(filename=str(STATIC_DIR / "assessment-pdf.css"))
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])


def _refuse_fetch(url: str, *args, **kwargs):
    # The document needs nothing from outside; never let a URL in stored text reach the network.
    raise ValueError(f"not fetched: {url[:60]}")


def _heading_cell(cell, text: str) -> None:
    cell.text = ""
    cell.paragraphs[0].add_run(xml_safe(text)).bold = True


def _docx_row(doc, assessment: Assessment, item: CriterionEvidence) -> None:
    row = item.row
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    lines = [
        (_("Level"), level_title(assessment, row.level_code if row else None)),
        (_("Justification"), row.justification if row else ""),
        (_("Strengths"), row.strengths if row else ""),
        (_("Improvement actions"), row.improvements if row else ""),
        (
            _("Documents"),
            "\n".join(
                f"{d.document.code} {d.current.title} ({d.current.display_label}); "
                + _("read: %(share)s", share=read_share_text(d.read_share))
                for d in item.documents
                if d.current is not None
            ),
        ),
        (
            _("Goals and indicators"),
            "\n".join(
                f"{g.goal.code} {g.goal.title}" + "".join("\n  " + indicator_text(i, s) for i, s in g.indicators)
                for g in item.goals
            ),
        ),
        (_("Gaps"), "\n".join(g.message for g in item.gaps)),
    ]
    for label, text in lines:
        cells = table.add_row().cells
        _heading_cell(cells[0], str(label))
        cells[1].text = xml_safe(text) or "–"


def render_docx(assessment: Assessment, evidence: list[CriterionEvidence]) -> bytes:
    """The same content as the PDF, as an editable Word document."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(xml_safe(assessment.title), level=0)
    framework = assessment.framework
    doc.add_paragraph(
        f"{_('Framework')}: {xml_safe(title_of(framework))}\n"
        f"{_('Period')}: {assessment.period_start.isoformat()} – {assessment.period_end.isoformat()}\n"
        f"{_('Levels')}: {', '.join(title_of(lv) for lv in framework.levels)}"
    )
    for item in evidence:
        heading = f"{item.criterion.code} {title_of(item.criterion)}"
        doc.add_heading(xml_safe(heading), level=min(1 + item.depth, 4))
        if description_of(item.criterion):
            doc.add_paragraph(xml_safe(description_of(item.criterion)))
        if item.is_leaf:
            _docx_row(doc, assessment, item)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
