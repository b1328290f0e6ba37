"""Article text and metadata are untrusted: everything shown through Markdown goes through `safe_text`.

Streamlit renders Markdown (and, in labels, headers and captions, its own `:color[...]`, `:emoji:` and `$math$`
extensions), so a stored page could otherwise inject links, images, formatting or HTML. We never pass
`unsafe_allow_html`; on top of that every Markdown-significant character is backslash-escaped and `& < >` become
entities, so `<script>alert(1)</script>` reads literally as text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Characters CommonMark, GFM and Streamlit's extensions give a meaning to; each is shown literally once escaped.
MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|~$:^="
_ESCAPES: dict[int, str] = {ord(c): "\\" + c for c in MARKDOWN_SPECIAL} | {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
}
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")
# Characters kept as they are when a URL is put in a Markdown link target; the rest is percent-encoded, so
# parentheses, spaces and angle brackets cannot end the link early.
URL_SAFE_CHARS = ":/?#@!$&'*+,;=%~-._"


def safe_text(value: object) -> str:
    """One line of Markdown that shows `value` literally (None -> empty); whitespace runs become one space."""
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value)).strip().translate(_ESCAPES)


def safe_paragraphs(text: str | None) -> str:
    """Markdown for article text whose paragraphs are separated by blank lines; lines inside a paragraph reflow."""
    if not text:
        return ""
    paragraphs = (safe_text(p) for p in _BLANK_LINE.split(text.replace("\r\n", "\n")))
    return "\n\n".join(p for p in paragraphs if p)


def safe_lines(text: str | None) -> str:
    """Markdown that keeps every line of `text` on its own line (page chrome, menus), each shown literally."""
    if not text:
        return ""
    blocks = (
        "  \n".join(line for line in (safe_text(raw) for raw in block.splitlines()) if line)
        for block in _BLANK_LINE.split(text.replace("\r\n", "\n"))
    )
    return "\n\n".join(b for b in blocks if b)


def safe_link(url: str | None, label: str | None = None) -> str:
    """A Markdown link for an http(s) URL (anything else is shown as plain text, never as a link)."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return safe_text(url)
    target = quote(url.strip(), safe=URL_SAFE_CHARS)
    return f"[{safe_text(label or url)}]({target})"


def safe_code(value: object) -> str:
    """Inline code showing `value` literally (file paths): escapes do not work inside code spans, so the fence is
    made longer than any run of backticks in the value instead."""
    text = _SPACE.sub(" ", "" if value is None else str(value)).strip()
    if not text:
        return ""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"
