"""Controlled copies out: PDF and DOCX of a version, through the UI and the API."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from registry.audit.models import AuditEvent
from registry.documents import attachments
from registry.extensions import db
from registry.workflow import machine as workflow
from tests import filegen
from tests.workflow_helpers import build, version_in

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LONG_BODY = "# Poissaolot\n\n" + "\n\n".join(
    f"Kappale {n}: opiskelija ilmoittaa poissaolosta ryhmänohjaajalle ja opettaja kirjaa sen Wilmaan. " * 4
    for n in range(40)
)
RICH_BODY = """# Ohjeen otsikko

Johdanto **lihavoituna** ja [linkki](https://example.org/ohje).

## Vaiheet

- Ilmoitus
  - puhelimella
  - Wilmassa
- Kirjaus

| Vaihe | Vastuu |
|---|---|
| Ilmoitus | Opiskelija |
| Kirjaus | Opettaja |

![Kaavio](attachment:kaavio.png)
"""


def _draft_with(flow, body: str, *, image: bool = False):
    version = version_in(flow, "draft")
    if image:
        attachments.add_attachment(flow.author, version, FileStorage(io.BytesIO(filegen.png_bytes()), "kaavio.png"))
    workflow.edit_draft(flow.author, version, revision=version.revision, body=body)
    db.session.commit()
    return version


def _pages(response) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


def _export_events(format_: str | None = None) -> list[dict]:
    rows = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "version.export")).scalars()
    found = [json.loads(e.after_json) for e in rows]
    return [e for e in found if format_ is None or e["format"] == format_]


def test_draft_pdf_has_header_footer_and_watermark_on_every_page(make, client, login):
    flow = build(make)
    version = _draft_with(flow, LONG_BODY)
    login(flow.author)
    response = client.get(f"/d/{flow.document.code}/v/{version.number}/export?format=pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{flow.document.code}_3.pdf"'
    pages = _pages(response)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert flow.document.code in text and "Poissaolot" in text and "Versio #3" in text
        assert "ohjaamaton kopio" in text and f"Sivu {number}/{len(pages)}" in text
        assert "LUONNOS – EI VOIMASSA" in text
        assert f"/d/{flow.document.code}/v/3/check" in text


def test_effective_pdf_names_its_approver_and_has_no_watermark(make, client, bearer):
    flow = build(make)
    version = version_in(flow, "effective")
    response = client.get(
        f"/api/v1/documents/{flow.document.code}/versions/{version.number}/export?format=pdf",
        headers=bearer(flow.staff),
    )
    assert response.status_code == 200
    pages = _pages(response)
    assert flow.approver.display_name in pages[0] and "Hyväksytty sisällön omistajana" in pages[0]
    assert f"Versio {version.label}" in pages[0]
    assert not any("EI VOIMASSA" in text for text in pages)
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="{flow.document.code}_v{version.label}.pdf"'
    )


def test_superseded_and_imported_version_says_so(make, client, bearer):
    approver = make.user("approver", email="vanha@example.org")
    owner = make.user("quality_owner")
    from registry.documents import services as documents

    fields = documents.validate_document_fields(owner, type_prefix=make.doc_type().prefix, title="Arviointi")
    db.session.refresh(approver)  # loaded now: import_document reads it while the new rows are not flushed
    versions = [
        workflow.ImportedVersion(
            label=f"{n}.0",
            title="Arviointi",
            body=f"Teksti {n}.",
            author=owner,
            approvers=[approver],
            approved_at=datetime(2023, 5, n, tzinfo=UTC),
            effective_from=datetime(2023, 6, n, tzinfo=UTC),
        )
        for n in (1, 2)
    ]
    document = workflow.import_document(owner, fields, versions)
    db.session.commit()
    response = client.get(f"/api/v1/documents/{document.code}/versions/1/export?format=pdf", headers=bearer(owner))
    text = _pages(response)[0]
    assert "KORVATTU – EI VOIMASSA" in text
    assert "Tuotu aiemmasta järjestelmästä" in text and approver.display_name in text and "1.5.2023" in text


def test_docx_has_header_footer_headings_nested_list_table_and_image(make, client, login):
    flow = build(make)
    version = _draft_with(flow, RICH_BODY, image=True)
    login(flow.author)
    response = client.get(f"/d/{flow.document.code}/v/{version.number}/export?format=docx")
    assert response.status_code == 200 and response.mimetype == DOCX_TYPE
    doc = DocxDocument(io.BytesIO(response.data))
    section = doc.sections[0]
    header = " ".join(c.text for t in section.header.tables for r in t.rows for c in r.cells)
    header += " ".join(p.text for p in section.header.paragraphs)
    assert flow.document.code in header and "Poissaolot" in header and "Versio #3" in header
    assert "LUONNOS – EI VOIMASSA" in header
    footer = " ".join(c.text for t in section.footer.tables for r in t.rows for c in r.cells)
    assert "ohjaamaton kopio" in footer and "Sivu" in footer
    assert "PAGE" in section.footer._element.xml and len(section.footer.part.related_parts) >= 1  # the QR picture
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Ohjeen otsikko") in headings and ("Heading 2", "Vaiheet") in headings
    levels = {
        p.text: p._p.pPr.numPr.ilvl.val for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    }
    assert levels == {"Ilmoitus": 0, "puhelimella": 1, "Wilmassa": 1, "Kirjaus": 0}
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["Ilmoitus", "Opiskelija"] in cells and ["Kirjaus", "Opettaja"] in cells
    assert len(doc.inline_shapes) == 1


def test_export_is_audited_with_its_format(make, client, login):
    flow = build(make)
    login(flow.staff)
    code = flow.document.code
    assert client.get(f"/d/{code}/v/2/export?format=docx").status_code == 200
    assert _export_events() == [
        {"format": "docx", "number": 2, "label": "2.0", "state": "effective", "bytes": _export_events()[0]["bytes"]}
    ]
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "version.export")).scalar_one()
    assert event.actor_id == flow.staff.id and event.document_code == code


def test_reader_gets_404_for_a_drafts_export(make, client, login, bearer):
    flow = build(make)
    version = version_in(flow, "draft")
    path = f"{flow.document.code}/v/{version.number}/export?format=pdf"
    login(flow.staff)
    assert client.get(f"/d/{path}").status_code == 404
    api = f"/api/v1/documents/{flow.document.code}/versions/{version.number}/export?format=pdf"
    response = client.get(api, headers=bearer(flow.staff))
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert _export_events() == []


@pytest.mark.parametrize("query", ["", "?format=", "?format=odt"])
def test_bad_format_is_refused_clearly_and_records_nothing(make, client, login, bearer, query):
    flow = build(make)
    login(flow.staff)
    page = client.get(f"/d/{flow.document.code}/v/2/export{query}")
    assert page.status_code == 422 and "valitse PDF tai DOCX" in page.get_data(as_text=True)
    response = client.get(
        f"/api/v1/documents/{flow.document.code}/versions/2/export{query}", headers=bearer(flow.staff)
    )
    assert response.status_code == 422
    assert "format" in json.dumps(response.json["error"]["fields"])
    assert _export_events() == []


def test_stored_control_character_exports_to_both_formats(make, client, login):
    flow = build(make)
    version = version_in(flow, "draft")
    version.body = "# Otsikko\x03\n\nTeksti\x03 jossa ohjausmerkki.\n\n| a\x03 | b |\n|---|---|\n| c\x03 | d |\n"
    version.title = "Poissaolot\x03"
    db.session.commit()
    login(flow.author)
    for fmt in ("pdf", "docx"):
        response = client.get(f"/d/{flow.document.code}/v/{version.number}/export?format={fmt}")
        assert response.status_code == 200, fmt
    doc = DocxDocument(io.BytesIO(response.data))
    assert "Teksti jossa ohjausmerkki." in [p.text for p in doc.paragraphs]


def test_version_page_links_both_downloads(make, client, login):
    flow = build(make)
    login(flow.staff)
    page = client.get(f"/d/{flow.document.code}/v/2").get_data(as_text=True)
    assert "Lataa PDF" in page and "Lataa DOCX" in page
    assert f"/d/{flow.document.code}/v/2/export?format=docx" in page


def test_openapi_describes_the_format_argument(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/documents/{code}/versions/{number}/export"]["get"]
    parameter = next(p for p in operation["parameters"] if p["name"] == "format")
    assert parameter["in"] == "query" and parameter["required"] is True
    assert parameter["schema"]["enum"] == ["pdf", "docx"]
