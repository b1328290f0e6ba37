"""Page chrome by language, as data: one table per language (see base.Locale for the categories).

The text-dump cleaner does not know a dump's language before reading it, so it compiles every table's phrases of a
category into one pattern (textclean.py). Complete tables: English and the six languages users store most (French,
German, Spanish, Italian, Portuguese, Dutch); partial ones hold what pages of a few more languages needed.
May import: nothing of newsdesk (data only).
"""

from __future__ import annotations

from newsdesk.extract.locales import de, en, es, fr, it, nl, partial, pt
from newsdesk.extract.locales.base import OPTIONAL_CATEGORIES, Locale, alternation, categories, phrase_regex

COMPLETE: tuple[Locale, ...] = (en.TABLE, fr.TABLE, de.TABLE, es.TABLE, it.TABLE, pt.TABLE, nl.TABLE)
PARTIAL: tuple[Locale, ...] = (partial.RU, partial.ID)
TABLES: tuple[Locale, ...] = COMPLETE + PARTIAL

__all__ = ["COMPLETE", "OPTIONAL_CATEGORIES", "PARTIAL", "TABLES", "Locale", "alternation", "by_code", "categories"]
__all__ += ["phrase_regex"]


def by_code(code: str) -> Locale | None:
    """The table of an ISO 639-1 code, or None."""
    return next((t for t in TABLES if t.code == code), None)
