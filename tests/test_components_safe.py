"""Untrusted article text must read literally through Streamlit's Markdown, and never as HTML or a link."""

from __future__ import annotations

import html
import re

import pytest

from components.widgets.safe import MARKDOWN_SPECIAL, safe_code, safe_lines, safe_link, safe_paragraphs, safe_text

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    "**bold** _it_ `code` # heading",
    ":red[coloured] :material/home: $x^2$",
    "1. not a list - nor this > nor a quote",
    "a | b --|-- c | d",
    "&lt;already escaped&gt; &amp; \\*",
]
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation is that character


def _literal(md: str) -> str:
    """What CommonMark shows for text made only of escaped punctuation, entities and plain characters."""
    return html.unescape(_ESCAPED.sub(r"\1", md))


@pytest.mark.parametrize("attack", ATTACKS)
def test_safe_text_reads_back_literally(attack: str) -> None:
    md = safe_text(attack)
    assert "<" not in md and ">" not in md
    assert not re.search(r"&(?!(amp|lt|gt);)", md)  # every & starts one of our entities
    bare = _ESCAPED.sub("", md)
    assert not any(c in bare for c in MARKDOWN_SPECIAL)  # no special character is left unescaped
    assert _literal(md) == attack


def test_script_is_escaped_in_the_markdown_source() -> None:
    md = safe_text("<script>alert(1)</script>")
    assert "&lt;script&gt;" in md and "<script>" not in md


def test_paragraphs_kept_lines_reflowed() -> None:
    md = safe_paragraphs("First line\nsame paragraph.\n\n\n  Second <b>para</b>.\r\n\r\nThird")
    paragraphs = md.split("\n\n")
    assert [_literal(p) for p in paragraphs] == ["First line same paragraph.", "Second <b>para</b>.", "Third"]


def test_indented_text_is_not_a_code_block() -> None:
    assert not safe_paragraphs("intro\n\n        indented like code").split("\n\n")[1].startswith(" ")


def test_link_only_for_web_urls() -> None:
    assert safe_link("javascript:alert(1)") == safe_text("javascript:alert(1)")
    assert (
        safe_link("https://example.com/a_(b) c")
        == "[https\\://example\\.com/a\\_\\(b\\) c](https://example.com/a_%28b%29%20c)"
    )
    assert safe_link(None) == ""


def test_code_span_fence_longer_than_any_backtick_run() -> None:
    assert safe_code("a ``b`` <c>") == "``` a ``b`` <c> ```"
    assert safe_code("plain") == "` plain `"
    assert safe_code(None) == ""


def test_none_and_whitespace() -> None:
    assert safe_text(None) == ""
    assert safe_text("  a \n\t b ") == "a b"
    assert safe_paragraphs(None) == ""


def test_lines_keep_their_breaks() -> None:
    md = safe_lines("Home | News\nSubscribe <now>\n\n\nCookie settings")
    first, second = md.split("\n\n")
    assert [_literal(x) for x in first.split("  \n")] == ["Home | News", "Subscribe <now>"]
    assert _literal(second) == "Cookie settings"
    assert safe_lines(None) == ""
