"""Rule queries (the `analysis.topics` syntax) as DuckDB SQL: RuleMatcher's matches and evidence, at columnar speed.

RuleMatcher folds every article in Python (NFKD, combining diacritics dropped, casefold, NFC) and splits it into
`\\w+` tokens: exact, but it reads every article in Python at each rule change. Here no article is folded. Each query
word becomes a regular expression over the raw title and text in which every letter is the class of all characters
that fold to it (e -> [eEéÉèêëēėęěｅＥ...]) and a word boundary is any character RE2 does not call a letter, digit or
"_". `compile_query` turns a whole query into one SQL predicate (one regex scan per OR of terms); `match_rules`
runs it per rule, then looks for each term in the matching articles only, to cite the words RuleMatcher cites.

That is exact for an article whose every character folds on its own to one word character or to non-word
characters only, where Python and RE2 agree on what a word character is ("safe"). An article holding any other
character (ß -> "ss", ™ -> "tm", ½, a combining accent, Hangul jamo, a kana voicing mark...) is matched by
RuleMatcher itself. So every article gets exactly RuleMatcher's topics and evidence; the text only decides how fast
(tests/test_rulesql.py compares the two on the demo corpus, tricky text and random text and queries).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from newsdesk.analysis.topics import (
    Doc,
    QueryError,
    RuleMatcher,
    RuleTopic,
    _Lex,
    _lex,
    fold,
    parse_query,
    tokenize,
)

# ---------------------------------------------------------------------------------------------------------------
# Which characters the regular expressions can judge, and what each folds to
# ---------------------------------------------------------------------------------------------------------------

# Hangul conjoining jamo: NFC composes runs of them into syllables, so a token depends on its neighbours.
_JAMO_RANGES = ((0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))
_SKIPPED_CATEGORIES = ("Cn", "Co", "Cs")  # unassigned, private use, surrogates: fold to themselves, never \w
# Code points looked at one by one: planes 0-3 and the tags/variation selectors of plane 14. Planes 4-13 hold no
# character and 15-16 only private use; they are declared unsafe wholesale rather than examined.
_EXAMINED = ((0x1, 0xD7FF), (0xE000, 0x3FFFF), (0xE0000, 0xE0FFF))
_UNEXAMINED = ((0x40000, 0xDFFFF), (0xE1000, 0x10FFFF))
# How the regexes tell word characters from the rest: RE2's own Unicode classes, short to write and fast to run.
# A character on which RE2 and Python's `\w` (after folding) disagree is unsafe, so the difference never shows.
WORD = "[\\pL\\pN_]"
NON_WORD = "[^\\pL\\pN_]"


@dataclass(frozen=True)
class _Tables:
    """`letters`: folded word character -> code points of every safe character folding to it; `unsafe`:
    characters whose tokens only RuleMatcher can tell."""

    letters: dict[str, tuple[int, ...]]
    unsafe: tuple[tuple[int, int], ...]  # ranges, first and last code point


def _is_word(ch: str) -> bool:
    """Python's \\w on one character (what topics._TOKEN_RE matches; tests check the two agree)."""
    return ch.isalnum() or ch == "_"


def _per_char_folds(chars: list[str]) -> list[str]:
    """fold(c) for every character, in one call: NUL is a starter no character composes with, so folding the
    NUL-joined string folds each character on its own."""
    folds = fold("\x00".join(chars)).split("\x00")
    return folds if len(folds) == len(chars) else [fold(c) for c in chars]


def _re2_word_chars(everything: str) -> set[str]:
    """The characters of `everything` DuckDB's regexes take for word characters (one RE2 pass)."""
    con = duckdb.connect()
    try:
        row = con.execute(f"SELECT regexp_replace(?, '{NON_WORD}+', '', 'g')", [everything]).fetchone()
    finally:
        con.close()
    return set(row[0]) if row else set()


@functools.cache
def _tables() -> _Tables:
    """Built once per process (well under a second) from Python's own `fold` and RE2's own classes, so the regexes
    agree with RuleMatcher whatever the Unicode versions of Python and of DuckDB's RE2."""
    everything = "".join("".join(map(chr, range(lo, hi + 1))) for lo, hi in _EXAMINED)
    category = unicodedata.category
    chars = [c for c in everything if category(c) not in _SKIPPED_CATEGORIES]
    folds = _per_char_folds(chars)
    # Characters NFC may merge with the one before: second halves of canonical pairs, and conjoining jamo.
    joins = {chr(p) for lo, hi in _JAMO_RANGES for p in range(lo, hi + 1)}
    decomposition = unicodedata.decomposition
    for c in chars:
        d = decomposition(c)
        if d and d[0] != "<" and " " in d:
            joins.add(chr(int(d.split()[1], 16)))
    re2_word = _re2_word_chars(everything)
    letters: dict[str, list[int]] = {}
    unsafe: list[int] = []
    for c, f in zip(chars, folds, strict=True):
        if c == f and c not in joins:  # most characters: the fast path
            if _is_word(c) != (c in re2_word):
                unsafe.append(ord(c))
            elif c in re2_word:
                letters.setdefault(c, []).append(ord(c))
        elif not f or c in joins or f[0] in joins:
            unsafe.append(ord(c))  # vanishes (a combining accent) or may merge with its neighbour
        elif len(f) == 1 and _is_word(f) and c in re2_word:
            letters.setdefault(f, []).append(ord(c))
        elif c in re2_word or any(_is_word(ch) for ch in f):
            unsafe.append(ord(c))  # several letters (ß -> ss, ﬁ -> fi), letters and marks (½ -> 1⁄2), or RE2 differs
    # Unassigned in Python (so never \w there) but a letter or digit for RE2, e.g. from a newer Unicode version.
    known = set(chars)
    unsafe += [ord(c) for c in re2_word if c not in known]
    return _Tables({k: tuple(v) for k, v in letters.items()}, tuple(_ranges(unsafe)) + _UNEXAMINED)


def _ranges(points: Iterable[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in sorted(points):
        if out and p == out[-1][1] + 1:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


def _char(p: int) -> str:
    c = chr(p)
    return c if c.isascii() and c.isalnum() else f"\\x{{{p:X}}}"


def _class_body(points: Iterable[int]) -> str:
    """The inside of a regex character class for these code points (RE2 syntax)."""
    return _ranges_body(_ranges(points))


def _ranges_body(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in ranges)


@functools.cache
def _letter(ch: str) -> str:
    """A regex matching one raw character that folds to the folded word character `ch`."""
    points = _tables().letters.get(ch)
    return f"[{_class_body(points)}]" if points else "[^\\x{0}-\\x{10FFFF}]"  # nothing folds to it: never matches


_LB = f"(?:^|{NON_WORD})"  # a word starts here
_RB = f"(?:{NON_WORD}|$)"  # a word ends here


@functools.cache
def unsafe_pattern() -> str:
    """A regex finding any character the rule regexes cannot judge (its article goes through RuleMatcher)."""
    return f"[{_ranges_body(_tables().unsafe)}]"


# ---------------------------------------------------------------------------------------------------------------
# Query syntax tree, parsed exactly as newsdesk.analysis.topics parses it (same lexer, same grammar, same errors)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or phrase (`words`, folded); `prefix` when its last word ends with '*'."""

    words: tuple[str, ...]
    prefix: bool


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | Or | And | Not


class _TreeParser:
    """The grammar of topics._Parser (or := and (OR? and)* ; and := not (AND not)* ; not := NOT not | atom), building
    a tree. Only called on queries `parse_query` accepted, so it raises no errors of its own."""

    _ATOM_START = ("word", "phrase", "(", "NOT")

    def __init__(self, query: str) -> None:
        self.toks: list[_Lex] = _lex(query)
        self.i = 0

    def _peek(self) -> _Lex | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        return self._or()

    def _or(self) -> Node:
        nodes = [self._and()]
        while (tok := self._peek()) is not None and (tok.kind == "OR" or tok.kind in self._ATOM_START):
            if tok.kind == "OR":
                self.i += 1
            nodes.append(self._and())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def _and(self) -> Node:
        nodes = [self._not()]
        while (tok := self._peek()) is not None and tok.kind == "AND":
            self.i += 1
            nodes.append(self._not())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def _not(self) -> Node:
        tok = self._peek()
        if tok is not None and tok.kind == "NOT":
            self.i += 1
            return Not(self._not())
        return self._atom()

    def _atom(self) -> Node:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "(":
            node = self._or()
            self.i += 1  # the ")"
            return node
        raw = tok.value.strip()
        prefix = raw.endswith("*")
        return Term(tuple(tokenize(raw[:-1] if prefix else raw)), prefix)


def parse_tree(query: str, *, topic: str | None = None) -> Node:
    """The query's syntax tree; raises QueryError exactly as `topics.parse_query` does."""
    parse_query(query, topic=topic)
    return _TreeParser(query).parse()


# ---------------------------------------------------------------------------------------------------------------
# SQL: a predicate per query, then the evidence from the matching articles only
# ---------------------------------------------------------------------------------------------------------------

# Terms one regexp_matches looks for at once (an OR of more terms is split into several). RE2, DuckDB's regex engine,
# answers a yes/no search with a DFA whose size grows with the pattern; 16 terms of the default rules stay far from
# its memory bound, and the default rules have at most 10 terms in one OR.
MAX_TERMS_PER_REGEX = 16


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _phrase_re(term: Term) -> str:
    return f"{NON_WORD}+".join("".join(_letter(ch) for ch in w) for w in term.words)


def _group_re(terms: Sequence[Term]) -> str:
    """One regex true when any of `terms` occurs as whole words (prefix terms: at the start of a word)."""
    exact = [_phrase_re(t) for t in terms if not t.prefix]
    prefixed = [_phrase_re(t) for t in terms if t.prefix]
    alts = []
    if exact:
        alts.append(f"(?:{'|'.join(exact)}){_RB}")
    if prefixed:
        alts.append("|".join(prefixed))
    return f"{_LB}(?:{'|'.join(alts)})"


def _matches(pattern: str) -> str:
    return f"(regexp_matches(title, {_lit(pattern)}) OR regexp_matches(text, {_lit(pattern)}))"


def _pred(node: Node) -> str:
    if isinstance(node, Term):
        return _matches(_group_re([node]))
    if isinstance(node, Not):
        return f"(NOT {_pred(node.child)})"
    if isinstance(node, And):
        return "(" + " AND ".join(_pred(c) for c in node.children) + ")"
    terms = [c for c in node.children if isinstance(c, Term)]
    parts = [_matches(_group_re(terms[i : i + MAX_TERMS_PER_REGEX])) for i in range(0, len(terms), MAX_TERMS_PER_REGEX)]
    parts += [_pred(c) for c in node.children if not isinstance(c, Term)]
    return "(" + " OR ".join(parts) + ")"


def compile_query(query: str, *, topic: str | None = None) -> str:
    """The query as a SQL condition on the columns `title` and `text` (never NULL) of a safe article (see
    `unsafe_pattern`); raises QueryError (naming `topic`, with the position) as `topics.parse_query` does."""
    return _pred(parse_tree(query, topic=topic))


def _terms(node: Node) -> Iterable[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from _terms(node.child)
    else:
        for c in node.children:
            yield from _terms(c)


def _term_column(t: Term) -> str:
    """Per matching article: for an exact term whether it occurs (BOOLEAN); for a prefix term every occurrence,
    as raw text running to the end of its last word (VARCHAR[], empty when none): the words RuleMatcher cites."""
    if not t.prefix:
        return _matches(_group_re([t]))
    pat = _lit(f"{_LB}{_phrase_re(t)}{WORD}*")
    return f"regexp_extract_all(title, {pat}) || regexp_extract_all(text, {pat})"


@dataclass
class _Found:
    """What the scans found in one article: ids of the terms that occur; for prefix terms, what they matched."""

    present: set[int] = field(default_factory=set)
    prefix_hits: dict[int, list[str]] = field(default_factory=dict)


_Pred = Callable[[_Found], bool]
_Evid = Callable[[_Found, list[str]], None]


def _no_evidence(f: _Found, out: list[str]) -> None:
    return None


def _compile(node: Node, ids: dict[Term, int]) -> tuple[_Pred, _Evid]:
    """A predicate and an evidence walk over `_Found`, mirroring topics._term_node/_or/_and/_not."""
    if isinstance(node, Term):
        i = ids[node]
        if node.prefix:
            return (lambda f: i in f.present), (lambda f, out: out.extend(f.prefix_hits.get(i, ())))
        word = " ".join(node.words)
        return (lambda f: i in f.present), (lambda f, out: out.append(word))
    if isinstance(node, Not):
        inner, _ = _compile(node.child, ids)
        return (lambda f: not inner(f)), _no_evidence
    parts = [_compile(c, ids) for c in node.children]
    preds = tuple(p for p, _ in parts)
    if isinstance(node, And):

        def and_evid(f: _Found, out: list[str]) -> None:
            for _, e in parts:
                e(f, out)

        return (lambda f: all(p(f) for p in preds)), and_evid

    def or_evid(f: _Found, out: list[str]) -> None:
        for p, e in parts:
            if p(f):
                e(f, out)

    return (lambda f: any(p(f) for p in preds)), or_evid


class _Rule:
    """One rule ready to run: its SQL predicate, the SQL columns that tell its terms apart in a matching article,
    and the Python walk that turns those columns into RuleMatcher's evidence."""

    def __init__(self, rule: RuleTopic) -> None:
        tree = parse_tree(rule.query, topic=rule.name)
        self.topic_id = f"rule:{rule.name}"
        self.predicate = _pred(tree)
        self.terms = tuple(dict.fromkeys(_terms(tree)))
        self.pred, self.evid = _compile(tree, {t: i for i, t in enumerate(self.terms)})
        self._folded: dict[str, str] = {}

    def columns(self) -> str:
        return ", ".join(f"{_term_column(t)} AS t{i}" for i, t in enumerate(self.terms))

    def evidence(self, values: Sequence[Any]) -> str | None:
        """The evidence string for one matching article's term columns (None if, against expectation, the walk
        finds no match: the regexes and the walk read the same query, so it does not happen)."""
        found = _Found()
        for i, (t, value) in enumerate(zip(self.terms, values, strict=True)):
            if not t.prefix:
                if value:
                    found.present.add(i)
                continue
            hits = [self._fold(raw) for raw in value or ()]
            if hits:
                found.present.add(i)
                found.prefix_hits[i] = hits
        if not self.pred(found):
            return None
        out: list[str] = []
        self.evid(found, out)
        return ", ".join(dict.fromkeys(out))

    def _fold(self, raw: str) -> str:
        folded = self._folded.get(raw)
        if folded is None:
            folded = self._folded[raw] = " ".join(tokenize(raw))
        return folded


# ---------------------------------------------------------------------------------------------------------------
# Running rules over a table of articles
# ---------------------------------------------------------------------------------------------------------------

RULE_ROWS_SCHEMA = pa.schema(
    [("article_id", pa.string()), ("topic_id", pa.string()), ("score", pa.float64()), ("evidence", pa.string())]
)
RULE_SCORE = 1.0  # what ingest stores for a rule match: rules are yes/no, the evidence says why


def _docs(source: str) -> str:
    """The articles of `source` (a table or view with id, title, text) with never-NULL title and text."""
    return f"SELECT * REPLACE (coalesce(title, '') AS title, coalesce(text, '') AS text) FROM {source}"


def _risky_rows(cur: duckdb.DuckDBPyConnection, source: str) -> list[tuple[str, str, str]]:
    """(id, title, text) of the articles only RuleMatcher can judge: usually none or a few."""
    pat = _lit(unsafe_pattern())
    where = f"regexp_matches(title, {pat}) OR regexp_matches(text, {pat})"
    return cur.execute(f"SELECT id, title, text FROM ({_docs(source)}) WHERE {where}").fetchall()


def match_rules(cur: duckdb.DuckDBPyConnection, rules: Sequence[RuleTopic], *, source: str = "articles") -> pa.Table:
    """(article_id, topic_id, score, evidence) for every article of `source` each rule matches: exactly the rows
    RuleMatcher gives. Per rule, one regex scan of every article finds the matching ones, then each term is looked
    for in those only, for the evidence. Raises QueryError (naming the rule) for a bad query."""
    compiled = [_Rule(r) for r in rules]
    out_ids: list[str] = []
    out_topics: list[str] = []
    evidence: list[str] = []
    if not compiled:
        return RULE_ROWS_SCHEMA.empty_table()
    risky = _risky_rows(cur, source)
    skip = {r[0] for r in risky}
    for rule in compiled:
        cols = rule.columns()
        sql = (
            f"WITH hit AS MATERIALIZED (SELECT id, title, text FROM ({_docs(source)}) WHERE {rule.predicate}) "
            f"SELECT id{', ' + cols if cols else ''} FROM hit"
        )
        for row in cur.execute(sql).fetchall():
            if row[0] in skip:
                continue
            ev = rule.evidence(row[1:])
            if ev is not None:
                out_ids.append(row[0])
                out_topics.append(rule.topic_id)
                evidence.append(ev)
    if risky:
        matcher = RuleMatcher(rules)
        for aid, title, text in risky:
            for name, ev in matcher.match(title, text):
                out_ids.append(aid)
                out_topics.append(f"rule:{name}")
                evidence.append(ev)
    return pa.table(
        {"article_id": out_ids, "topic_id": out_topics, "score": [RULE_SCORE] * len(out_ids), "evidence": evidence},
        schema=RULE_ROWS_SCHEMA,
    )


@dataclass(frozen=True)
class QueryCount:
    """How many articles of a table a query matches, and a few of them (newest first) to show."""

    matches: int
    total: int
    sample_ids: tuple[str, ...]


def count_query(
    cur: duckdb.DuckDBPyConnection, query: str, *, source: str = "article_view", sample: int = 5
) -> QueryCount:
    """How many articles of `source` match `query` (a live preview before a rule is saved), with the newest
    `sample` of them (by `published_day`, then id): one regex scan; raises QueryError for a bad query."""
    predicate = compile_query(query)
    risky = _risky_rows(cur, source)
    compiled = parse_query(query)
    risky_hits = [aid for aid, title, text in risky if compiled.matches(Doc.of(title, text))]
    row = cur.execute(
        f"""WITH hit AS MATERIALIZED (
                SELECT id, published_day FROM ({_docs(source)})
                WHERE ({predicate} AND NOT list_contains(?, id)) OR list_contains(?, id))
            SELECT (SELECT count(*) FROM hit), (SELECT count(*) FROM {source}),
                   coalesce((SELECT list(id ORDER BY published_day DESC NULLS LAST, id) FROM hit)[1:?], [])""",
        [[r[0] for r in risky], risky_hits, sample],
    ).fetchone()
    if row is None:
        return QueryCount(0, 0, ())
    return QueryCount(int(row[0]), int(row[1]), tuple(row[2]) if sample > 0 else ())


__all__ = [
    "QueryCount",
    "QueryError",
    "compile_query",
    "count_query",
    "match_rules",
    "parse_tree",
    "unsafe_pattern",
]
