"""XML files (.xml): trafilatura's XML output (`trafilatura --xml`), one article per file, as a record.

`<doc sitename=".." title=".." author=".." date=".." url=".." ...><main><p>..</p></main><comments/></doc>`: the
attributes of <doc> and the text of <main> become a record read through the "trafilatura-xml" table of tools.py.
Any other XML (RSS, sitemaps, TEI, NewsML) is a ReadError saying which XML is understood. The parser never loads
a DTD, resolves entities or touches the network, so a hostile file cannot expand or fetch anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from newsdesk.models import ReadError

from .base import Item, Origin, one_line, text_or_error
from .records import record_to_item

UNDERSTOOD = "only trafilatura's XML output is understood (a <doc> element with a <main> body, from trafilatura --xml)"
XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# What the reader of a non-trafilatura file should do instead, by its root element.
OTHER_XML_FIXES: dict[str, str] = {
    "TEI": "; export with trafilatura --xml or --json instead of --xmltei",
    "rss": "; an RSS feed lists articles but does not hold them: save the pages themselves",
    "feed": "; an Atom feed lists articles but does not hold them: save the pages themselves",
    "urlset": "; a sitemap lists pages but does not hold them: save the pages themselves",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )


def _inline(elem: etree._Element) -> str:
    """The text of one block, <lb/> as a line break, runs of spaces collapsed."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text and isinstance(node.tag, str):  # an unexpanded entity reference is not text
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(elem)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _block(elem: etree._Element) -> str:
    if elem.tag == "list":
        return "\n".join(_inline(item) for item in elem.iter("item"))
    if elem.tag == "table":
        return "\n".join(" | ".join(_inline(cell) for cell in row.iter("cell")) for row in elem.iter("row"))
    return _inline(elem)


def main_text(main: etree._Element) -> str:
    """The article text of a trafilatura <main>: one paragraph per block element, blank lines between."""
    blocks = [_block(child) for child in main]
    if main.text and main.text.strip():
        blocks.insert(0, main.text.strip())
    return "\n\n".join(b for b in blocks if b)


def read_xml(origin: Origin, data: bytes) -> Iterator[Item]:
    """Yield the article of a trafilatura XML file, or a ReadError naming what the file is instead."""
    decoded = text_or_error(origin, "xml", data)
    if not isinstance(decoded, tuple):
        yield decoded
        return
    text, encoding = decoded
    body = XML_DECLARATION_RE.sub("", text.lstrip("\ufeff"), count=1)  # decoded already: lxml must not re-decode
    try:
        root = etree.fromstring(body.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as err:
        reason = f"not well-formed XML ({one_line(str(err), 120)}); {UNDERSTOOD}"
        yield ReadError(origin.source, origin.path, "xml", reason)
        return
    tag = etree.QName(root).localname if isinstance(root.tag, str) else "?"
    main = root.find("main") if tag == "doc" else None
    if main is None:
        what = "<doc> without a <main> body" if tag == "doc" else f"<{tag}>"
        reason = f"XML root is {what}; {UNDERSTOOD}{OTHER_XML_FIXES.get(tag, '')}"
        yield ReadError(origin.source, origin.path, "xml", reason)
        return
    record: dict[str, str] = {str(k): str(v) for k, v in root.attrib.items()}
    record["text"] = main_text(main)
    item = record_to_item(origin, "xml", 1, record, encoding, tool="trafilatura-xml")
    item.source = origin.source  # one article per file, like a saved page: no "#1"
    yield item
