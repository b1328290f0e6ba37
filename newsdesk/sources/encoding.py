"""Turn the bytes of a saved page or export into text, whatever encoding it came in, and spot binary files.

Order: byte-order mark; then a declared charset (HTTP header, `<meta charset>`, `<meta http-equiv>`, XML
declaration) if the bytes decode strictly with it; then strict UTF-8; then charset-normalizer's best guess; last
resort cp1252 with replacement characters. One exception to browsers' order: bytes that are valid UTF-8 and not
pure ASCII are read as UTF-8 whatever the declaration says. `decode_bytes` never raises.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# How far into a document a charset declaration is looked for. The HTML standard's prescan reads 1024 bytes;
# real pages put a long <head> (inline CSS, analytics) before the meta, so 4 KB finds the declaration on every
# page of the aeb bench set that has one.
DECLARATION_SCAN_BYTES = 4096

# How much of a file looks_binary inspects, and the share of control bytes (other than tab, newlines, form
# feed, escape) above which it calls the data binary. Text pages have none or a handful; images and
# executables have 10-40 %. 5 % leaves room for a text file with a few stray control characters.
BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05

# charset-normalizer gets at most this many bytes: its guess settles long before, and whole-file detection
# on a 60 MB export would take seconds.
GUESS_SAMPLE_BYTES = 256 * 1024

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels the web treats as another encoding (WHATWG Encoding standard): pages that say latin-1 or ASCII are
# really windows-1252, GB2312 pages are GBK, and a meta tag claiming UTF-16 in an 8-bit document means UTF-8.
LABEL_OVERRIDES: dict[str, str] = {
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "gb2312": "gbk",
    "x-sjis": "shift_jis",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "utf-32": "utf-8",
}

META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)["']""", re.IGNORECASE)
CONTENT_TYPE_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)

TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\x1b")


def normalize_label(label: str | None) -> str | None:
    """Python's codec name for a charset label, with the web's overrides; None when Python has no such codec."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = LABEL_OVERRIDES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header value, if any."""
    if not content_type:
        return None
    m = CONTENT_TYPE_CHARSET_RE.search(content_type)
    return m.group(1) if m else None


def sniff_declared(data: bytes) -> str | None:
    """The charset a document declares about itself in its first few KB (XML declaration or meta tag)."""
    head = data[:DECLARATION_SCAN_BYTES]
    m = XML_DECL_RE.search(head) or META_CHARSET_RE.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _bom(data: bytes) -> str | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` to (text, codec name); `declared` is an outside declaration such as an HTTP charset."""
    bom = _bom(data)
    if bom:
        return data.decode(bom, errors="replace"), bom
    utf16 = _utf16_without_bom(data[:BINARY_SNIFF_BYTES])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and not data.isascii():
        # Valid UTF-8 with non-ASCII bytes beats any declaration: pages mislabelled latin-1 while written in
        # UTF-8 are common, legacy text that happens to form valid UTF-8 multi-byte sequences is not.
        return utf8, "utf-8"
    for label in (declared, sniff_declared(data)):
        encoding = normalize_label(label)
        if encoding:
            text = _strict(data, encoding)
            if text is not None:
                return text, encoding
    if utf8 is not None:
        return utf8, "utf-8"
    guess = _guess(data)
    if guess:
        text = _strict(data, guess)
        if text is not None:
            return text, guess
        return data.decode(guess, errors="replace"), guess
    return data.decode("cp1252", errors="replace"), "cp1252"


def _guess(data: bytes) -> str | None:
    try:
        best = from_bytes(data[:GUESS_SAMPLE_BYTES]).best()
    except Exception:  # charset-normalizer is a heuristic over arbitrary bytes: never let it fail a file
        return None
    if best is None:
        return None
    return normalize_label(best.encoding)


def _utf16_without_bom(sample: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for mostly-ASCII UTF-16 text without a BOM (NULs in every other byte only)."""
    for offset, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        zeros = sample[offset::2].count(0)
        if len(sample) >= 4 and zeros > 0.9 * len(sample[offset::2]) and sample[1 - offset :: 2].count(0) < 0.1 * zeros:
            return name
    return None


def looks_binary(data: bytes) -> str | None:
    """What kind of binary file `data` is ("a PNG image", "binary data", ...), or None when it looks like text."""
    if _bom(data):
        return None
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    sample = data[:BINARY_SNIFF_BYTES]
    if not sample:
        return None
    if b"\x00" in sample:
        return None if _utf16_without_bom(sample) else "binary data"
    controls = sum(1 for b in sample if b < 0x20 and b not in TEXT_CONTROL_BYTES)
    if controls > BINARY_CONTROL_SHARE * len(sample):
        return "binary data"
    return None
