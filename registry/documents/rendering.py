"""Markdown to sanitised HTML: markdown-it-py renders, nh3 (ammonia) cleans.

Images in a body refer to image attachments of their own version by file name,
`![Kaavio](attachment:kaavio.png)`, so that a new draft (which copies the attachments)
shows the same images. The caller says where each name is served; an image that names
anything else (an outside URL, a missing file) is shown as its alternative text only,
so no reader's browser is sent to an address a document's author chose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

IMAGE_SCHEME = "attachment:"
RENDER_CACHE_SIZE = 512  # rendered bodies kept per process (a few MB at most)
# What XML 1.0 cannot hold: C0 controls other than tab, newline and CR, lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"style"},
    "th": {"style"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}


def xml_safe(text: str | None) -> str:
    """The text without characters that XML cannot hold (older stored text may contain them)."""
    return _NOT_XML.sub("", text or "")


def image_reference(filename: str) -> str:
    """The Markdown destination of an image attachment (names with spaces are angle-bracketed)."""
    target = IMAGE_SCHEME + filename
    return f"<{target}>" if " " in filename else target


def referenced_name(src: str) -> str | None:
    """The attachment name an image destination refers to, or None for anything else."""
    src = unquote(src or "")
    return src[len(IMAGE_SCHEME) :] if src.startswith(IMAGE_SCHEME) else None


def _render_image(self, tokens, idx, options, env):
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    name = referenced_name(str(token.attrGet("src") or ""))
    url = (env.get("images") or {}).get(name) if name is not None else None
    if url is None:
        return escapeHtml(alt)
    token.attrSet("src", url)
    token.attrSet("alt", alt)
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML in Markdown is turned off; whatever slips through is cleaned by nh3.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.add_render_rule("image", _render_image)
    return parser


def render_markdown(text: str, images: Mapping[str, str] | None = None) -> str:
    """Render Markdown to HTML that can carry no script; `images` maps attachment names to URLs.

    The HTML depends only on the text and the image URLs, so it is kept per process (a bounded
    cache): a published version's body is read far more often than it changes."""
    return _render_cached(text or "", tuple(sorted((images or {}).items())))


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def _render_cached(text: str, images: tuple[tuple[str, str], ...]) -> str:
    html = _parser().render(text, {"images": dict(images)})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )


def forget_cached() -> None:
    """Drop this process's rendered bodies (after a disposal destroyed a text that may be among them)."""
    _render_cached.cache_clear()
