"""Real files of every accepted format, generated in memory for tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def docx_bytes(title: str, *paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, 1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(title: str, *paragraphs: str) -> bytes:
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text=title))
    for paragraph in paragraphs:
        document.text.addElement(text.P(text=paragraph))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pdf_bytes(title: str, *paragraphs: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def zip_bomb_docx(unpacked_mb: int = 50) -> bytes:
    """A DOCX-shaped zip whose one member unpacks to `unpacked_mb` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(unpacked_mb):
                member.write(block)
    return out.getvalue()


def many_parts_docx(parts: int = 5000) -> bytes:
    """A valid-looking DOCX with thousands of tiny parts."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes("Osia")), "r") as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        for number in range(parts):
            archive.writestr(f"word/media/part{number}.xml", b"<a/>")
    return out.getvalue()


MULTILEVEL_BULLETS = 90  # the w:numId of the three-level bulleted list rich_docx_bytes adds


def add_multilevel_bullets(document) -> None:
    """A three-level bulleted list definition, as Word writes one (python-docx's template has none)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level in range(3)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{MULTILEVEL_BULLETS}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{MULTILEVEL_BULLETS}">'
            f'<w:abstractNumId w:val="{MULTILEVEL_BULLETS}"/></w:num>'
        )
    )


def set_list_level(paragraph, level: int) -> None:
    """Put a paragraph on level `level` of the multilevel bulleted list (Word's w:numPr)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), str(MULTILEVEL_BULLETS))
    numbering.extend([ilvl, num_id])
    paragraph._p.get_or_add_pPr().append(numbering)


def rich_docx_bytes(
    *,
    title: str = "Opiskelijavalinnan työohje",
    image: bytes | None = None,
    link: str = "https://www.oph.fi/",
    pages: int = 1,
    tables: int = 1,
    month: str = "huhtikuu",
) -> bytes:
    """A Word document as a quality owner writes one: headings, bold and italic, a nested bulleted
    list, a numbered list, tables, a hyperlink and an image, repeated over `pages` sections."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    add_multilevel_bullets(document)
    document.add_heading(title, 1)
    for page in range(1, pages + 1):
        document.add_heading(f"Tarkoitus {page}" if pages > 1 else "Tarkoitus", 2)
        paragraph = document.add_paragraph("Ohje koskee ")
        paragraph.add_run("kaikkia opiskelijavalintoja").bold = True
        paragraph.add_run(" ja sen ")
        paragraph.add_run("noudattaminen on pakollista").italic = True
        paragraph.add_run(".")
        document.add_heading("Vastuut", 2)
        for text, level in (
            ("Rehtori vastaa valinnoista", 0),
            ("Varahenkilönä apulaisrehtori", 1),
            ("Opinto-ohjaaja tiedottaa", 0),
        ):
            set_list_level(document.add_paragraph(text, style="List Bullet"), level)
        for text in ("Hakemukset käsitellään", "Päätös lähetetään"):
            document.add_paragraph(text, style="List Number")
        for number in range(tables if page == 1 else (1 if tables else 0)):
            table = document.add_table(rows=3, cols=3)
            when = f"{month} {number + 1}" if page == 1 else f"{month} {page}/{number + 1}"
            for row, cells in enumerate(
                (
                    ("Vaihe", "Vastuu", "Aikataulu"),
                    ("Haku", "Opinto-ohjaaja", "maaliskuu"),
                    ("Valinta", "Rehtori", when),
                )
            ):
                for column, text in enumerate(cells):
                    table.cell(row, column).text = text
        if image is not None and page == 1:
            document.add_picture(io.BytesIO(image), width=Cm(4))
        for _ in range(12):
            document.add_paragraph(
                "Valintaperusteet julkaistaan hakuajan alussa, ja hakijoita kohdellaan "
                "tasapuolisesti. Päätöksestä voi hakea oikaisua neljäntoista päivän kuluessa."
            )
        if link and page == 1:
            paragraph = document.add_paragraph("Lisätietoa: ")
            relation = paragraph.part.relate_to(link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), relation)
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "Opetushallitus"
            run.append(text)
            hyperlink.append(run)
            paragraph._p.append(hyperlink)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_xml(
    body_xml: str,
    *,
    extra_parts: dict[str, bytes] | None = None,
    content_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
) -> bytes:
    """A DOCX whose body is `body_xml` (WordprocessingML inside w:body), for the odd cases Word makes."""
    base = docx_bytes("Pohja")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start, end = text.index("<w:body>") + len("<w:body>"), text.index("<w:sectPr")
                data = (text[:start] + body_xml + text[end:]).encode("utf-8")
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    content_type.encode(),
                )
            archive.writestr(item, data)
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def rich_odt_bytes(image: bytes | None = None) -> bytes:
    """An OpenDocument text with a heading, bold text, a nested list, a table, a link and an image."""
    from odf import draw, style, table, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    bold = style.Style(name="Vahva", family="text")
    bold.addElement(style.TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    numbered = text.ListStyle(name="Numeroitu")
    numbered.addElement(text.ListLevelStyleNumber(level=1, numformat="1"))
    document.automaticstyles.addElement(numbered)
    document.text.addElement(text.H(outlinelevel=1, text="Palautteen käsittely"))
    paragraph = text.P(text="Palaute käsitellään ")
    paragraph.addElement(text.Span(stylename=bold, text="viikon kuluessa"))
    document.text.addElement(paragraph)
    outer = text.List()
    item = text.ListItem()
    item.addElement(text.P(text="Vastaanotto"))
    inner = text.List()
    inner_item = text.ListItem()
    inner_item.addElement(text.P(text="Kirjaus järjestelmään"))
    inner.addElement(inner_item)
    item.addElement(inner)
    outer.addElement(item)
    document.text.addElement(outer)
    steps = text.List(stylename=numbered)
    for step in ("Arviointi", "Vastaus"):
        entry = text.ListItem()
        entry.addElement(text.P(text=step))
        steps.addElement(entry)
    document.text.addElement(steps)
    grid = table.Table(name="Vastuut")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for cells in (("Tehtävä", "Vastuu"), ("Vastaus", "Laatuvastaava")):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    linked = text.P(text="Katso ")
    linked.addElement(text.A(href="https://www.karvi.fi/", text="Karvi"))
    linked.addElement(text.A(href="javascript:alert(1)", text=" ja tämä"))
    document.text.addElement(linked)
    if image is not None:
        href = document.addPicture("Pictures/kaavio.png", "image/png", image)
        frame = draw.Frame(width="3cm", height="3cm", anchortype="as-char")
        frame.addElement(draw.Image(href=href))
        holder = text.P()
        holder.addElement(frame)
        document.text.addElement(holder)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def png_image(width: int = 120, height: int = 80, colour=(30, 90, 160)) -> bytes:
    """A real picture (Pillow), big enough for a browser and a PDF to show."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((8, 8, width - 8, height - 8), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def docx_with_outside_image(url: str) -> bytes:
    """A DOCX whose only picture is linked from `url` (r:link, TargetMode External), not embedded."""
    drawing = (
        f'<w:p><w:r><w:drawing><wp:inline {DRAWING_NS}><wp:extent cx="914400" cy="914400"/>'
        '<wp:docPr id="1" name="Kuva" descr="ulkoinen kuva"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        '<pic:cNvPr id="1" name="Kuva"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        '<a:blip r:link="rIdUlkoinen"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p><w:p><w:r><w:t>Kuvan jälkeen.</w:t></w:r></w:p>"
    )
    data = docx_with_xml(drawing)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            part = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    (
                        '<Relationship Id="rIdUlkoinen" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/image" Target="{url}" TargetMode="External"/></Relationships>'
                    ).encode(),
                )
            archive.writestr(item, part)
    return out.getvalue()


def encrypted_docx() -> bytes:
    """What Word saves with a password: an OLE compound file holding an EncryptedPackage stream."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 1024
    )


def many_paragraphs_docx(count: int = 5000) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Pitkä ohje", 1)
    for number in range(count):
        document.add_paragraph(f"Kappale {number + 1}: ohjeen kohta, jota noudatetaan kaikissa yksiköissä.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    """An ordinary zip archive of two text files (what a renamed .zip looks like)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lue.txt", "Tämä on zip-paketti.")
        archive.writestr("kansio/toinen.txt", "Toinen tiedosto.")
    return out.getvalue()


def jpeg_image(width: int = 60, height: int = 40) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()
