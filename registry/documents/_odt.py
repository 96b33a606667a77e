"""ODT body to simple HTML for documents.conversion: headings, paragraphs, bold and italic spans,
lists (bulleted or numbered by their list style), tables, links and images."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable

from flask_babel import lazy_gettext as _l

SAFE_LINK_RE = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


class OdtWalker:
    """ODT body to simple HTML: headings, paragraphs, spans (bold, italic), lists, tables, links, images."""

    def __init__(self, document, archive: zipfile.ZipFile, images, read_part: Callable):
        self.archive = archive
        self.read_part = read_part
        self.images = images
        self.bold: set[str] = set()
        self.italic: set[str] = set()
        self.numbered: set[str] = set()
        self.notes: set[str] = set()
        for styles in (document.automaticstyles, document.styles):
            self._read_styles(styles)

    def _read_styles(self, styles) -> None:
        for style in styles.childNodes:
            name = str(style.getAttribute("name") or "") if hasattr(style, "getAttribute") else ""
            kind = style.qname[1] if getattr(style, "qname", None) else ""
            if kind == "list-style":
                first = next((c for c in style.childNodes if getattr(c, "qname", None)), None)
                if first is not None and first.qname[1] == "list-level-style-number":
                    self.numbered.add(name)
                continue
            for props in style.childNodes:
                if getattr(props, "qname", None) and props.qname[1] == "text-properties":
                    if str(props.getAttribute("fontweight") or "") == "bold":
                        self.bold.add(name)
                    if str(props.getAttribute("fontstyle") or "") == "italic":
                        self.italic.add(name)

    def html(self, node) -> str:
        return "".join(self.block(child) for child in node.childNodes)

    def block(self, node) -> str:
        if node.nodeType == node.TEXT_NODE:
            return _escape(str(node))
        kind = node.qname[1]
        handler = getattr(self, "_" + kind.replace("-", "_"), None)
        if handler is not None:
            return handler(node)
        if kind in (
            "tracked-changes",
            "sequence-decls",
            "variable-decls",
            "user-field-decls",
            "bookmark",
            "bookmark-start",
            "bookmark-end",
            "soft-page-break",
            "table-of-content-source",
        ):
            return ""
        return self.html(node)

    def _wrap(self, tag: str, node) -> str:
        inner = self.html(node)
        return f"<{tag}>{inner}</{tag}>" if inner.strip() else ""

    def _styled(self, node, inner: str) -> str:
        style = str(node.getAttribute("stylename") or "")
        if style in self.italic:
            inner = f"<em>{inner}</em>"
        if style in self.bold:
            inner = f"<strong>{inner}</strong>"
        return inner

    def _h(self, node) -> str:
        level = str(node.getAttribute("outlinelevel") or "1")
        level = min(int(level), 6) if level.isdigit() and int(level) > 0 else 1
        return self._wrap(f"h{level}", node)

    def _p(self, node) -> str:
        inner = self.html(node)
        return f"<p>{self._styled(node, inner)}</p>" if inner.strip() else ""

    def _span(self, node) -> str:
        return self._styled(node, self.html(node))

    def _s(self, node) -> str:
        count = str(node.getAttribute("c") or "1")
        return " " * (int(count) if count.isdigit() else 1)

    def _tab(self, node) -> str:
        return " "

    def _line_break(self, node) -> str:
        return "<br>"

    def _a(self, node) -> str:
        href = str(node.getAttribute("href") or "")
        inner = self.html(node)
        return f'<a href="{_escape(href)}">{inner}</a>' if SAFE_LINK_RE.match(href) else inner

    def _list(self, node, numbered: bool | None = None) -> str:
        style = str(node.getAttribute("stylename") or "")
        if numbered is None:
            numbered = style in self.numbered
        items = []
        for child in node.childNodes:
            if getattr(child, "qname", None) and child.qname[1] in ("list-item", "list-header"):
                parts = []
                for part in child.childNodes:
                    if getattr(part, "qname", None) and part.qname[1] == "list":
                        nested = str(part.getAttribute("stylename") or "")
                        parts.append(self._list(part, (nested in self.numbered) if nested else numbered))
                    else:
                        parts.append(self.block(part))
                items.append("<li>" + "".join(parts) + "</li>")
        tag = "ol" if numbered else "ul"
        return f"<{tag}>{''.join(items)}</{tag}>"

    def _table(self, node) -> str:
        rows = []
        for row in _descendants(node, "table-row"):
            cells = [c for c in row.childNodes if getattr(c, "qname", None) and c.qname[1] == "table-cell"]
            rows.append("<tr>" + "".join(f"<td>{self.html(c)}</td>" for c in cells) + "</tr>")
        return "<table>" + "".join(rows) + "</table>"

    def _frame(self, node) -> str:
        out = []
        for child in node.childNodes:
            kind = child.qname[1] if getattr(child, "qname", None) else ""
            if kind == "image":
                out.append(self._image(child))
            elif kind == "text-box":
                self.notes.add("textbox")
                out.append(self.html(child))
            elif kind == "object":
                self.notes.add("object")
        return "".join(out)

    def _image(self, node) -> str:
        href = str(node.getAttribute("href") or "")
        if not href or "://" in href or href.startswith(("/", "..")):
            self.images.outside += 1 if href else 0
            return ""
        try:
            data = self.read_part(self.archive, href)
        except KeyError:
            return ""
        reference = self.images.add(data, None)
        return f'<img src="{_escape(reference)}" alt="">' if reference else ""

    def _annotation(self, node) -> str:
        self.notes.add("comments")
        return ""

    def _note(self, node) -> str:
        self.notes.add("notes")
        return ""

    def warnings(self) -> list[str]:
        labels = {
            "comments": _l("Comments were left out."),
            "textbox": _l("Text boxes were moved into the running text; check where their text landed."),
            "object": _l("Embedded objects (for example Excel tables or charts) were left out."),
            "notes": _l("Footnotes and endnotes were left out."),
        }
        return [str(labels[n]) for n in sorted(self.notes)]


def _descendants(node, kind: str):
    for child in node.childNodes:
        if not getattr(child, "qname", None):
            continue
        if child.qname[1] == kind:
            yield child
        elif child.qname[1] in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _descendants(child, kind)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
