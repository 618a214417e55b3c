"""A legal page's text to HTML: paragraphs, "## " headings, "- " lists and
linked addresses. Everything typed is escaped; nothing else is allowed."""

from __future__ import annotations

from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe


def _inline(text: str) -> str:
    return urlize(text, nofollow=True, autoescape=True)


def _block(block: str) -> str:
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    if lines[0].startswith("## ") and len(lines) == 1:
        return f"<h2>{_inline(lines[0][3:])}</h2>"
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if lines[0].startswith("## "):
        return _block(lines[0]) + _block("\n".join(lines[1:]))
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render(body: str) -> SafeString:
    blocks = [b for b in body.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return mark_safe("\n".join(_block(b) for b in blocks))  # noqa: S308 - every piece escaped above
