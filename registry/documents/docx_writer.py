"""Markdown (CommonMark + tables, as the body is written) into a python-docx document.

Walks markdown-it's tokens and writes Word's own structures: heading styles, numbered
and bulleted lists with real numbering (nested lists indent one level per depth, each
numbered list starts from its own number), tables, pictures from the file store,
hyperlinks, block quotes and code blocks. Text is cleaned of characters XML cannot hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from markdown_it import MarkdownIt

from registry.documents.rendering import referenced_name, xml_safe

MONOSPACE = "Courier New"
LINK_SCHEMES = ("http://", "https://", "mailto:")
ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
BULLETS = ("•", "◦", "▪")
INDENT_TWIPS = 360  # a quarter inch per list level


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass
class _List:
    num_id: int
    item_open: bool = False


class _Numbering:
    """Adds one bulleted and one decimal multi-level definition; each numbered list gets its own instance."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.bullet_abstract = self._add_abstract(lambda level: ("bullet", BULLETS[level % len(BULLETS)]))
        self.decimal_abstract = self._add_abstract(lambda level: ("decimal", f"%{level + 1}."))
        self._bullet_num: int | None = None

    def _next_id(self, tag: str, attribute: str) -> int:
        return max((int(e.get(qn(attribute))) for e in self.root.findall(qn(tag))), default=0) + 1

    def _add_abstract(self, style) -> int:
        abstract_id = self._next_id("w:abstractNum", "w:abstractNumId")
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{style(level)[0]}"/>'
            f'<w:lvlText w:val="{style(level)[1]}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{INDENT_TWIPS * (level + 2)}" w:hanging="{INDENT_TWIPS}"/></w:pPr></w:lvl>'
            for level in range(9)
        )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        first_num = self.root.find(qn("w:num"))  # abstract definitions come before the instances
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.root.append(element)
        return abstract_id

    def _add_num(self, abstract_id: int, override: str = "") -> int:
        num_id = self._next_id("w:num", "w:numId")
        self.root.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id

    def bullets(self) -> int:
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self.bullet_abstract)
        return self._bullet_num

    def numbered(self, level: int, start: int) -> int:
        return self._add_num(
            self.decimal_abstract, f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        )


class _Writer:
    def __init__(self, document, images: Mapping[str, Path], max_image_width):
        self.doc = document
        self.images = images
        self.max_image_width = max_image_width
        self.numbering = _Numbering(document)
        self.lists: list[_List] = []
        self.quote_depth = 0
        self.paragraph = None

    # Blocks

    def write(self, tokens) -> None:
        index = 0
        while index < len(tokens):
            index = self._block(tokens, index) + 1

    def _block(self, tokens, index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            self.paragraph = self._new_paragraph(token)
        elif kind == "inline" and self.paragraph is not None:
            self._inline(self.paragraph, token.children or [])
        elif kind in ("paragraph_close", "heading_close"):
            self.paragraph = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._open_list(token)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.lists[-1].item_open = True
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quote_depth += token.nesting
        elif kind in ("fence", "code_block"):
            self._code_block(token.content)
        elif kind == "hr":
            self._rule()
        elif kind == "table_open":
            return self._table(tokens, index)
        return index

    def _new_paragraph(self, token):
        if token.type == "heading_open":
            paragraph = self.doc.add_heading("", level=min(int(token.tag[1:]), 9))
        else:
            paragraph = self.doc.add_paragraph()
        if self.lists:
            self._place_in_list(paragraph)
        if self.quote_depth:
            paragraph.style = self.doc.styles["Quote"]
            paragraph.paragraph_format.left_indent = Cm(0.8 * self.quote_depth + 0.6 * len(self.lists))
        return paragraph

    def _place_in_list(self, paragraph) -> None:
        current = self.lists[-1]
        level = len(self.lists) - 1
        if paragraph.style.name == "Normal":
            paragraph.style = self.doc.styles["List Paragraph"]
        if current.item_open:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = current.num_id
            current.item_open = False
        else:  # a later paragraph of the same item: aligned with the item's text, no number
            paragraph.paragraph_format.left_indent = Pt(INDENT_TWIPS * (level + 2) / 20)

    def _open_list(self, token) -> None:
        level = len(self.lists)
        if token.type == "ordered_list_open":
            start = int(token.attrGet("start") or 1)
            self.lists.append(_List(self.numbering.numbered(level, start)))
        else:
            self.lists.append(_List(self.numbering.bullets()))

    def _code_block(self, content: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.5 + 0.8 * self.quote_depth + 0.6 * len(self.lists))
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
        )
        for number, line in enumerate(xml_safe(content).rstrip("\n").split("\n")):
            run = paragraph.add_run()
            if number:
                run.add_break()
            run.add_text(line)
            run.font.name, run.font.size = MONOSPACE, Pt(9)

    def _rule(self) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="999999"/></w:pBdr>'
            )
        )

    def _table(self, tokens, index: int) -> int:
        rows: list[list[tuple]] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrGet("style") or "")
                align = style.split(":", 1)[1] if style.startswith("text-align:") else None
                rows[-1].append((tokens[index + 1].children or [], align, token.type == "th_open"))
            index += 1
        columns = max((len(row) for row in rows), default=0)
        if not columns:
            return index
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = self.doc.styles["Table Grid"]
        for row_cells, row in zip(rows, table.rows, strict=True):
            for (children, align, is_header), cell in zip(row_cells, row.cells, strict=False):
                paragraph = cell.paragraphs[0]
                self._inline(paragraph, children, bold=is_header)
                if align in ALIGNMENTS:
                    paragraph.alignment = ALIGNMENTS[align]
        if rows and rows[0] and rows[0][0][2]:  # the header row repeats on every page
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        self.doc.add_paragraph()
        return index

    # Inline

    def _inline(self, paragraph, children, *, bold: bool = False) -> None:
        state = {"strong": 1 if bold else 0, "em": 0, "link": None}
        for child in children:
            kind = child.type
            if kind == "text":
                self._run(paragraph, child.content, state)
            elif kind in ("softbreak",):
                self._run(paragraph, " ", state)
            elif kind == "hardbreak":
                self._run(paragraph, "", state).add_break()
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                state[kind.split("_")[0]] += child.nesting
            elif kind == "code_inline":
                run = self._run(paragraph, child.content, state)
                run.font.name = MONOSPACE
            elif kind == "link_open":
                state["link"] = self._hyperlink(paragraph, str(child.attrGet("href") or ""))
            elif kind == "link_close":
                state["link"] = None
            elif kind == "image":
                self._image(paragraph, child, state)

    def _run(self, paragraph, text: str, state: dict):
        run = paragraph.add_run(xml_safe(text))
        run.bold = bool(state["strong"]) or None
        run.italic = bool(state["em"]) or None
        if state["link"] is not None:
            state["link"].append(run._r)  # moves the run into the hyperlink element
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x99)
        return run

    def _hyperlink(self, paragraph, href: str):
        href = xml_safe(href)
        if not href.lower().startswith(LINK_SCHEMES):
            return None
        rel_id = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        paragraph._p.append(link)
        return link

    def _image(self, paragraph, token, state: dict) -> None:
        alt = "".join(c.content for c in token.children or [] if c.type in ("text", "code_inline"))
        name = referenced_name(str(token.attrGet("src") or ""))
        path = self.images.get(name) if name is not None else None
        if path is None or not Path(path).is_file():
            self._run(paragraph, alt, state)
            return
        try:
            shape = paragraph.add_run().add_picture(str(path))
        except Exception:  # noqa: BLE001 - an unreadable picture is shown as its alternative text
            self._run(paragraph, alt, state)
            return
        if self.max_image_width and shape.width > self.max_image_width:
            shape.height = int(shape.height * self.max_image_width / shape.width)
            shape.width = self.max_image_width


def text_width(document) -> int:
    """The width between the first section's margins (EMU): the widest a picture may be."""
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def write_markdown(document, text: str, images: Mapping[str, Path] | None = None) -> None:
    """Append the Markdown `text` to a python-docx `document`; `images` maps attachment names to files."""
    tokens = _parser().parse(xml_safe(text))
    _Writer(document, images or {}, text_width(document)).write(tokens)
