"""Shaping topics from the app: the write side behind the Topics page, with no Streamlit in it.

Rule topics: `read_rules_file` loads the topics file with what a save must keep (its header, the comment lines
above each topic, keys Newsdesk does not use); `save_rules` checks nobody changed the file meanwhile, rewrites it
readably and applies the rules to the stored articles (`set_rules` -> `apply_rules_with`, under the store's writer
lock): a rule whose query did not change keeps its rows, a renamed one only changes id, the rest are matched in SQL
(analysis.rulesql) with exactly RuleMatcher's matches and evidence. `preview` counts what a query would match before
it is saved.

Discovered topics: `analysis.discovery` keeps each discovery result raw (`discovered_assignments` and the meta key
`discovery`) and this module lays the person's choices over it (`apply_choices_with`):
the number of topics, renames and merges, kept in the meta key `discovered_choices`. A choice names its topics by
their top terms, so it is re-applied whenever discovery finds the same topic again; a choice whose topic is no
longer found is kept and reported (`choice_status`), never pinned on another topic.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import tomli_w

from newsdesk.analysis import rulesql
from newsdesk.analysis.topics import RULES_HEADER, QueryError, RuleTopic, load_rules, parse_query
from newsdesk.store import Store, Writer, views
from newsdesk.store.core import TOPIC_ROW_SCHEMA, arrow

RULES_HASH_KEY = "rules_hash"
DISCOVERY_KEY = "discovery"  # the last discovery result, raw: topics (id, label, terms, size) and the k asked for
CHOICES_KEY = "discovered_choices"  # the person's choices: number of topics, renames, merges
MERGED_TERMS = 10  # terms kept for a merged topic (as many as discover_topics keeps for one)

# Which matcher a rule change uses; both give exactly the same rows (tests/test_rulesql.py). The SQL path
# (analysis.rulesql) reads the articles once per rule to match, on both cores; RuleMatcher tokenises every article once
# in Python whatever the number of rules. bench/rules.py on 100,000 articles (2026-11-27, 2 cores): one rule 2.7 s vs
# 28 s; all eleven default rules 21 s vs 35 s on a quiet machine, but 80 s vs 64 s with the cores shared four ways.
# So SQL up to about the default file's number of rules on a corpus big enough to repay compiling the regexes.
PYTHON_BELOW = 2_000  # articles
SQL_MAX_RULES = 12  # rules matched in one change


def _meta(cur: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = cur.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row and row[0] is not None else None


# ---------------------------------------------------------------------------------------------------------------
# Rule topics: the file
# ---------------------------------------------------------------------------------------------------------------


class FileChangedError(RuntimeError):
    """The topics file changed on disk after the page read it; saving would overwrite someone's edit."""


class RuleValidationError(ValueError):
    """A rule topic that cannot be saved; `problems` holds one line per problem, each with its fix."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class RulesFile:
    """The rule topics file as read, with what a rewrite keeps: the leading comment block (`header`), the comment
    lines just above each topic (`comments`, by name), keys Newsdesk does not use (`extras`, by name, and `top`
    for keys outside the topic tables). `digest` is the hash of the bytes read ("" for a missing file)."""

    path: Path
    rules: tuple[RuleTopic, ...]
    digest: str
    header: str = RULES_HEADER
    comments: dict[str, str] = field(default_factory=dict)
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    top: dict[str, Any] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [r.name for r in self.rules]

    def get(self, name: str) -> RuleTopic | None:
        return next((r for r in self.rules if r.name == name), None)


_TOPIC_HEADER = re.compile(r"^\s*\[\[\s*topic\s*\]\]\s*(#.*)?$")
_KNOWN_KEYS = ("name", "query", "description")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str | Path) -> str:
    """What `RulesFile.digest` would be for the file now ("" when missing): tells whether it changed on disk."""
    try:
        return _digest(Path(path).read_bytes())
    except FileNotFoundError:
        return ""


def _header_and_comments(text: str, names: list[str]) -> tuple[str, dict[str, str]]:
    """The leading comment block, and the comment lines right above each [[topic]] (by the topic's name)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].lstrip().startswith("#"):  # the header ends at its first blank line
        i += 1
    header = "\n".join(lines[:i]).strip("\n")
    starts = [n for n, line in enumerate(lines) if _TOPIC_HEADER.match(line)]
    comments: dict[str, str] = {}
    if len(starts) == len(names):  # else a [[topic]] hides in a string: keep no per-topic comments
        for start, name in zip(starts, names, strict=True):
            j = start
            while j > i and lines[j - 1].lstrip().startswith("#"):
                j -= 1
            if j < start:
                comments[name] = "\n".join(lines[j:start])
    return (header + "\n") if header else "", comments


def read_rules_file(path: str | Path) -> RulesFile:
    """The topics file (a missing file is an empty one); raises topics.TopicsFileError, naming the file and the
    fix, for bad TOML, a bad table or a bad query."""
    p = Path(path)
    rules = load_rules(p)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return RulesFile(p, tuple(rules), "")
    data = tomllib.loads(raw.decode("utf-8"))
    tables = [t for t in data.get("topic", []) if isinstance(t, dict)]
    header, comments = _header_and_comments(raw.decode("utf-8"), [r.name for r in rules])
    extras = {
        str(t["name"]): {k: v for k, v in t.items() if k not in _KNOWN_KEYS}
        for t in tables
        if any(k not in _KNOWN_KEYS for k in t)
    }
    top = {k: v for k, v in data.items() if k != "topic"}
    return RulesFile(p, tuple(rules), _digest(raw), header or RULES_HEADER, comments, extras, top)


def _toml_value(value: Any) -> str:
    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


def _query_string(query: str) -> str:
    """A query as a TOML literal string ('...') when it can be one: queries are full of double quotes, which a
    basic string would have to escape."""
    if "'" not in query and all(ch >= " " and ch != "\x7f" for ch in query):
        return f"'{query}'"
    return _toml_value(query)


def render_rules(rules: Sequence[RuleTopic], like: RulesFile | None = None) -> str:
    """The topics file for `rules`: the header, then one [[topic]] table each (with its comment lines and unknown
    keys kept from `like`), queries as literal strings. Checked by parsing it back."""
    header = like.header if like else RULES_HEADER
    comments = like.comments if like else {}
    extras = like.extras if like else {}
    top = like.top if like else {}
    parts = [header.rstrip("\n") + "\n"]
    if top:
        parts.append(tomli_w.dumps(top).rstrip("\n") + "\n")
    for r in rules:
        lines = [comments[r.name]] if r.name in comments else []
        lines += ["[[topic]]", f"name = {_toml_value(r.name)}", f"query = {_query_string(r.query)}"]
        if r.description:
            lines.append(f"description = {_toml_value(r.description)}")
        for key, value in extras.get(r.name, {}).items():
            bare = re.fullmatch(r"[A-Za-z0-9_-]+", key)
            lines.append(f"{key if bare else _toml_value(key)} = {_toml_value(value)}")
        parts.append("\n".join(lines) + "\n")
    text = "\n".join(parts)
    expected = [
        {"name": r.name, "query": r.query, **({"description": r.description} if r.description else {}),
         **extras.get(r.name, {})}
        for r in rules
    ]  # fmt: skip
    parsed = tomllib.loads(text)
    if parsed.get("topic", []) != expected or {k: v for k, v in parsed.items() if k != "topic"} != top:
        # Only unusual extra keys (nested tables) can get here: fall back to tomli_w's own layout, still valid.
        text = header.rstrip("\n") + "\n\n" + tomli_w.dumps({**top, "topic": expected})
    return text


def validate_rule(rule: RuleTopic, others: Sequence[RuleTopic]) -> list[str]:
    """What stops `rule` from being saved beside `others` (the other topics), one line each with its fix."""
    problems: list[str] = []
    name = rule.name.strip()
    if not name:
        problems.append("The name is empty: give the topic a name.")
    elif name != rule.name:
        problems.append("The name starts or ends with spaces: remove them.")
    elif any(o.name.casefold() == name.casefold() for o in others):
        problems.append(f"Another rule topic is already called {name!r}: choose another name.")
    if not rule.query.strip():
        problems.append("The query is empty: write at least one word.")
    else:
        try:
            parse_query(rule.query)
        except QueryError as err:
            problems.append(describe_query_error(err))
    return problems


def describe_query_error(err: QueryError) -> str:
    where = f" (at character {err.position})" if err.position else ""
    return f"The query has a problem{where}: {err.reason}."


def write_rules_file(
    current: RulesFile, rules: Sequence[RuleTopic], renamed: dict[str, str] | None = None
) -> RulesFile:
    """Rewrite the topics file with `rules` (atomically), unless it changed on disk since `current` was read. A topic
    renamed ({old: new}) keeps its comment lines and extra keys."""
    p = current.path
    if file_digest(p) != current.digest:
        raise FileChangedError(
            f"{p} changed on disk after this page read it (edited by hand, or saved from another browser tab): "
            "reload the page to see its current rules, then make your change again"
        )
    for r in rules:
        parse_query(r.query, topic=r.name)
    if renamed:
        current = replace(
            current,
            comments={renamed.get(k, k): v for k, v in current.comments.items()},
            extras={renamed.get(k, k): v for k, v in current.extras.items()},
        )
    text = render_rules(rules, current)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(p)
    return read_rules_file(p)


# ---------------------------------------------------------------------------------------------------------------
# Rule topics: the store
# ---------------------------------------------------------------------------------------------------------------


def rules_hash(rules: Sequence[RuleTopic]) -> str:
    """What the store remembers of the rules it last applied (names, queries, descriptions, in order)."""
    body = json.dumps([[r.name, r.query, r.description] for r in rules])
    return hashlib.sha256(body.encode()).hexdigest()


def rules_applied(cur: duckdb.DuckDBPyConnection, rules: Sequence[RuleTopic]) -> bool:
    """Whether the stored articles carry exactly these rules (else the file was edited outside the app)."""
    return applied_rules_hash(cur) == rules_hash(rules)


def applied_rules_hash(cur: duckdb.DuckDBPyConnection) -> str | None:
    """`rules_hash` of the rules the stored articles carry (None before any were applied)."""
    return _meta(cur, RULES_HASH_KEY)


@dataclass(frozen=True)
class RulesApplied:
    """What `apply_rules` did: topics matched again, renamed (same query), removed, and kept as they were."""

    matched: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (old name, new name)
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    rows: int = 0  # article-topic rows written
    seconds: float = 0.0


def match_rules(cur: duckdb.DuckDBPyConnection, rules: Sequence[RuleTopic], source: str = "articles") -> pa.Table:
    """(article_id, topic_id, score, evidence) rows for `rules` over `source`: the SQL path (analysis.rulesql) for
    a few rules on a large corpus, else RuleMatcher in Python (the same rows either way)."""
    if not rules:
        return rulesql.RULE_ROWS_SCHEMA.empty_table()
    row = cur.execute(f"SELECT count(*) FROM {source}").fetchone()
    if row and int(row[0]) >= PYTHON_BELOW and len(rules) <= SQL_MAX_RULES:
        return rulesql.match_rules(cur, rules, source=source)
    from newsdesk.analysis.topics import RuleMatcher

    matcher = RuleMatcher(rules)
    ids: list[str] = []
    topics: list[str] = []
    evidence: list[str] = []
    for aid, title, text in cur.execute(f"SELECT id, coalesce(title, ''), coalesce(text, '') FROM {source}").fetchall():
        for name, ev in matcher.match(title, text):
            ids.append(aid)
            topics.append(f"rule:{name}")
            evidence.append(ev)
    return pa.table(
        {"article_id": ids, "topic_id": topics, "score": [rulesql.RULE_SCORE] * len(ids), "evidence": evidence},
        schema=rulesql.RULE_ROWS_SCHEMA,
    )


def apply_rules_with(w: Writer, rules: Sequence[RuleTopic]) -> RulesApplied:
    """Make the stored rule topics exactly `rules`, without re-ingesting, staged in the writer `w` (readers see
    the old topics or the new ones, never half: the whole rule-topic set is replaced at its commit). Rules whose
    query is unchanged keep their rows; a rule renamed with its query unchanged keeps them under its new id; only
    new and changed queries are matched. When the store cannot vouch for its rows (no record of the rules it
    applied), every rule is matched again."""
    started = time.perf_counter()
    for r in rules:
        parse_query(r.query, topic=r.name)
    cur = w.cursor()
    trusted = _meta(cur, RULES_HASH_KEY) is not None
    stored = dict(cur.execute("SELECT name, query FROM topics WHERE kind = 'rule'").fetchall()) if trusted else {}
    wanted = {r.name for r in rules}
    removed = [n for n in stored if n not in wanted]
    kept = [r for r in rules if stored.get(r.name) == r.query]
    renamed: list[tuple[str, str]] = []
    free = list(removed)
    for r in rules:
        if r.name not in stored:
            old = next((n for n in free if stored[n] == r.query), None)
            if old is not None:
                free.remove(old)
                renamed.append((old, r.name))
    renamed_to = {new for _, new in renamed}
    to_match = [r for r in rules if r not in kept and r.name not in renamed_to]
    carried = {f"rule:{r.name}": f"rule:{r.name}" for r in kept} | {f"rule:{o}": f"rule:{n}" for o, n in renamed}
    tables: list[pa.Table] = []
    if carried:  # rows of unchanged rules, under their (new) ids
        cases = " ".join("WHEN ? THEN ?" for _ in carried)
        params = [v for pair in carried.items() for v in pair]
        tables.append(
            arrow(
                cur,
                f"""SELECT doc, article_id, CASE topic_id {cases} END AS topic_id, score, evidence
                    FROM article_topics WHERE list_contains(?, topic_id)""",
                [*params, list(carried)],
            )
        )
    matched = match_rules(cur, to_match) if to_match else rulesql.RULE_ROWS_SCHEMA.empty_table()
    if matched.num_rows:
        cur = cur.cursor()
        cur.register("_rule_rows", matched)
        try:
            tables.append(
                cur.sql(
                    """SELECT a.doc, r.article_id, r.topic_id, r.score, r.evidence
                       FROM _rule_rows r JOIN articles a ON a.id = r.article_id"""
                ).to_arrow_table()
            )
        finally:
            cur.unregister("_rule_rows")
    w.replace_kind("rule_topics", [tb.cast(TOPIC_ROW_SCHEMA) for tb in tables])
    w.set_topics("rule", [(f"rule:{r.name}", "rule", r.name, [], r.query, r.description) for r in rules])
    w.set_meta(RULES_HASH_KEY, rules_hash(rules))
    return RulesApplied(
        matched=tuple(r.name for r in to_match),
        renamed=tuple(renamed),
        removed=tuple(free),
        kept=tuple(r.name for r in kept),
        rows=matched.num_rows,
        seconds=time.perf_counter() - started,
    )


# A change on the Topics page waits this long for another writer of the corpus (an ingest) before saying so.
PAGE_WAIT_SECONDS = 5.0


def set_rules(store: Store, rules: Sequence[RuleTopic], wait: float | None = PAGE_WAIT_SECONDS) -> RulesApplied:
    """Apply a new set of rule topics to the stored corpus without re-ingesting; says what it matched again.
    Raises StoreLockedError when an ingest holds the corpus for longer than `wait` seconds."""
    with store.writer("a rule topics change", wait=wait) as w:
        return apply_rules_with(w, rules)


@dataclass(frozen=True)
class SaveResult:
    """A save: the file as now written, and what applying it to the stored articles did."""

    file: RulesFile
    applied: RulesApplied


def save_rules(
    store: Store, current: RulesFile, rules: Sequence[RuleTopic], renamed: dict[str, str] | None = None
) -> SaveResult:
    """Write `rules` to the topics file (unless it changed on disk since `current`; `renamed` as in
    `write_rules_file`), then apply them to the stored articles (the dashboard's charts follow at once: the data
    version grows)."""
    problems = [p for i, r in enumerate(rules) for p in validate_rule(r, [o for j, o in enumerate(rules) if j != i])]
    if problems:
        raise RuleValidationError(problems)
    with store.writer("a rule topics change", wait=PAGE_WAIT_SECONDS) as w:  # nothing is written while an ingest runs
        written = write_rules_file(current, rules, renamed)
        applied = apply_rules_with(w, list(written.rules))
    return SaveResult(written, applied)


def preview(cur: duckdb.DuckDBPyConnection, query: str, sample: int = 5) -> rulesql.QueryCount:
    """How many stored articles `query` matches now, and the newest few (raises QueryError)."""
    return rulesql.count_query(cur, query, source="article_view", sample=sample)


# ---------------------------------------------------------------------------------------------------------------
# Discovered topics: the raw result and the person's choices
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawTopic:
    """A topic as discovery found it: `id` (0 = largest), its automatic `label`, top `terms`, `size`."""

    id: int
    label: str
    terms: tuple[str, ...]
    size: int


@dataclass
class Merge:
    """Several discovered topics shown as one, called `name`; `members` are their top terms."""

    name: str
    members: list[tuple[str, ...]]
    labels: list[str] = field(default_factory=list)  # the members' labels when merged, to name stale choices


@dataclass
class Choices:
    """What a person chose for discovered topics: the number to ask for (None: automatic), new names (by top
    terms) and merges. Kept as JSON in the meta table, so it survives restarts and re-ingests."""

    n_topics: int | None = None
    renames: dict[tuple[str, ...], str] = field(default_factory=dict)
    rename_labels: dict[tuple[str, ...], str] = field(default_factory=dict)  # automatic label when renamed
    merges: list[Merge] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "n_topics": self.n_topics,
                "renames": [
                    {"terms": list(t), "name": n, "label": self.rename_labels.get(t, "")}
                    for t, n in self.renames.items()
                ],
                "merges": [
                    {"name": m.name, "members": [list(t) for t in m.members], "labels": m.labels} for m in self.merges
                ],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | None) -> Choices:
        if not text:
            return cls()
        data = json.loads(text)
        n = data.get("n_topics")
        renames = {tuple(r["terms"]): str(r["name"]) for r in data.get("renames", [])}
        labels = {tuple(r["terms"]): str(r.get("label", "")) for r in data.get("renames", [])}
        merges = [
            Merge(str(m["name"]), [tuple(t) for t in m["members"]], [str(x) for x in m.get("labels", [])])
            for m in data.get("merges", [])
        ]
        return cls(int(n) if n is not None else None, renames, labels, merges)


# Choices are read, changed and written back by one thread at a time (two browser tabs renaming at once).
CHOICES_LOCK = threading.Lock()


def load_choices(cur: duckdb.DuckDBPyConnection) -> Choices:
    return Choices.from_json(_meta(cur, CHOICES_KEY))


def raw_topics(cur: duckdb.DuckDBPyConnection) -> list[RawTopic]:
    """The last discovery result's topics (empty before the first discovery)."""
    text = _meta(cur, DISCOVERY_KEY)
    if not text:
        return []
    return [
        RawTopic(int(t["id"]), str(t["label"]), tuple(t["terms"]), int(t["size"])) for t in json.loads(text)["topics"]
    ]


def has_raw_discovery(cur: duckdb.DuckDBPyConnection) -> bool:
    return _meta(cur, DISCOVERY_KEY) is not None


@dataclass(frozen=True)
class ShownTopic:
    """A discovered topic as the dashboard shows it: one raw topic, or several merged."""

    id: str  # "disc:<id of its largest raw topic>"
    name: str
    terms: tuple[str, ...]
    members: tuple[RawTopic, ...]
    renamed: bool = False

    @property
    def merged(self) -> bool:
        return len(self.members) > 1


def _interleave(term_lists: Sequence[Sequence[str]], limit: int) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for rank in range(max((len(t) for t in term_lists), default=0)):
        for terms in term_lists:
            if rank < len(terms):
                out[terms[rank]] = None
    return tuple(out)[:limit]


def shown_topics(raw: Sequence[RawTopic], choices: Choices) -> list[ShownTopic]:
    """The raw topics with the choices applied that still fit: a merge whose members are all found (and not
    already in an earlier merge), a rename whose topic is found and not merged. Names stay unique."""
    by_terms = {t.terms: t for t in raw}
    used: set[int] = set()
    shown: list[ShownTopic] = []
    for m in choices.merges:
        members = [by_terms.get(tuple(terms)) for terms in m.members]
        found = [t for t in members if t is not None]
        if len(found) != len(m.members) or len(found) < 2 or any(t.id in used for t in found):
            continue
        found.sort(key=lambda t: t.id)
        used.update(t.id for t in found)
        terms = _interleave([t.terms for t in found], MERGED_TERMS)
        shown.append(ShownTopic(f"disc:{found[0].id}", m.name, terms, tuple(found), renamed=True))
    for t in raw:
        if t.id in used:
            continue
        name = choices.renames.get(t.terms)
        shown.append(ShownTopic(f"disc:{t.id}", name or t.label, t.terms, (t,), renamed=name is not None))
    shown.sort(key=lambda s: s.members[0].id)
    taken: set[str] = set()
    unique: list[ShownTopic] = []
    for s in shown:  # a chosen name may equal an automatic label of a later discovery: number the second one
        name, n = s.name, 2
        while name.casefold() in taken:
            name, n = f"{s.name} ({n})", n + 1
        taken.add(name.casefold())
        unique.append(ShownTopic(s.id, name, s.terms, s.members, s.renamed) if name != s.name else s)
    return unique


def _description(s: ShownTopic, articles: int) -> str:
    if s.merged:
        labels = "; ".join(m.label for m in s.members)
        return f"merged from {len(s.members)} discovered topics ({labels}): {articles} articles"
    if s.renamed:
        return f"learned from the corpus (found as {s.members[0].label!r}): {articles} articles"
    return f"learned from the corpus: {articles} articles"


def shown_rows(cur: duckdb.DuckDBPyConnection, raw_rows: pa.Table, shown: Sequence[ShownTopic]) -> pa.Table:
    """Discovered-topic rows as shown (doc, article_id, topic_id, score, evidence) from raw assignment rows (doc,
    article_id, topic, weight): a merged topic's score for an article is the sum of its members' shares of it."""
    mapping = pa.table(
        {
            "topic": pa.array([m.id for s in shown for m in s.members], type=pa.int32()),
            "topic_id": pa.array([s.id for s in shown for _ in s.members], type=pa.string()),
        }
    )
    if not shown or raw_rows.num_rows == 0:
        return TOPIC_ROW_SCHEMA.empty_table()
    cur = cur.cursor()  # its own: registered tables and a pending result belong to one cursor
    cur.register("_disc_map", mapping)
    cur.register("_disc_raw", raw_rows)
    try:
        table = cur.sql(
            """SELECT d.doc, d.article_id, m.topic_id, round(sum(d.weight), 4) AS score, '' AS evidence
               FROM _disc_raw d JOIN _disc_map m ON m.topic = d.topic
               GROUP BY d.doc, d.article_id, m.topic_id ORDER BY d.doc"""
        ).to_arrow_table()
        assert table is not None
    finally:
        cur.unregister("_disc_map")
        cur.unregister("_disc_raw")
    return table.cast(TOPIC_ROW_SCHEMA)


def topic_rows(
    shown: Sequence[ShownTopic], sizes: dict[str, int]
) -> list[tuple[str, str, str, list[str], str | None, str | None]]:
    """The discovered topics as `Writer.set_topics` takes them (sizes: articles per shown topic id)."""
    return [(s.id, "discovered", s.name, list(s.terms), None, _description(s, int(sizes.get(s.id, 0)))) for s in shown]


def apply_choices_with(
    w: Writer, raw: Sequence[RawTopic] | None = None, choices: Choices | None = None, raw_rows: pa.Table | None = None
) -> int:
    """Stage the discovered topics as shown: the raw result (the committed one unless given) with the choices (the
    committed ones unless given) laid over it; the whole shown set is replaced. Returns how many topics show."""
    cur = w.cursor()
    raw = raw_topics(cur) if raw is None else raw
    choices = load_choices(cur) if choices is None else choices
    if raw_rows is None:
        raw_rows = arrow(cur, "SELECT doc, article_id, topic, weight FROM discovered_assignments")
    shown = shown_topics(raw, choices)
    table = shown_rows(cur, raw_rows, shown)
    sizes = dict(Counter(table.column("topic_id").to_pylist())) if table.num_rows else {}
    w.replace_kind("disc_topics", [table])
    w.set_topics("discovered", topic_rows(shown, sizes))
    return len(shown)


@dataclass(frozen=True)
class ChoiceStatus:
    """How the choices fit the current discovery: `stale` describes each choice whose topics were not found
    again (the discovery changed: the corpus, the number of topics, or the method), in plain words."""

    n_topics: int | None
    applied: int
    stale: tuple[str, ...]


def choice_status(cur: duckdb.DuckDBPyConnection) -> ChoiceStatus:
    raw = raw_topics(cur)
    choices = load_choices(cur)
    shown = shown_topics(raw, choices)
    merged_sets = [{m.terms for m in s.members} for s in shown if s.merged]
    by_terms = {t.terms for t in raw}
    stale: list[str] = []
    applied = 0
    for m in choices.merges:
        if {tuple(t) for t in m.members} in merged_sets:
            applied += 1
        else:
            labels = ", ".join(repr(x) for x in m.labels) or f"{len(m.members)} topics"
            stale.append(f"merge {m.name!r} (of {labels})")
    merged_terms = {t for s in merged_sets for t in s}
    for terms, name in choices.renames.items():
        if terms in by_terms and terms not in merged_terms:
            applied += 1
        elif terms not in by_terms:
            label = choices.rename_labels.get(terms) or " · ".join(terms[:3])
            stale.append(f"rename of {label!r} to {name!r}")
    return ChoiceStatus(choices.n_topics, applied, tuple(stale))


def _update_choices(store: Store, change: Any) -> None:
    """Read the choices, let `change` edit them, write them back, and show the discovery through them."""
    with CHOICES_LOCK, store.writer("a discovered topics change", wait=PAGE_WAIT_SECONDS) as w:
        choices = load_choices(w.cursor())
        change(choices)
        w.set_meta(CHOICES_KEY, choices.to_json())
        apply_choices_with(w, choices=choices)


def _shown_by_id(store: Store) -> dict[str, ShownTopic]:
    cur = store.cursor()
    return {s.id: s for s in shown_topics(raw_topics(cur), load_choices(cur))}


class ChoiceError(ValueError):
    """A rename or merge that cannot be made; the message says why and what to do."""


def _check_name(store: Store, name: str, except_ids: Sequence[str]) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ChoiceError("The new name is empty: type a name.")
    for s in _shown_by_id(store).values():
        if s.id not in except_ids and s.name.casefold() == clean.casefold():
            raise ChoiceError(f"Another discovered topic is already called {clean!r}: choose another name.")
    return clean


def rename_topic(store: Store, topic_id: str, name: str) -> None:
    """Give a discovered topic (or a merged one) a name of the person's choosing; kept across re-discovery."""
    shown = _shown_by_id(store).get(topic_id)
    if shown is None:
        raise ChoiceError("That topic is no longer there (discovery ran again): pick it again from the list.")
    clean = _check_name(store, name, [topic_id])

    def change(c: Choices) -> None:
        if shown.merged:
            members = {m.terms for m in shown.members}
            for m in c.merges:
                if {tuple(t) for t in m.members} == members:
                    m.name = clean
        else:
            t = shown.members[0]
            if clean == t.label:
                c.renames.pop(t.terms, None)
                c.rename_labels.pop(t.terms, None)
            else:
                c.renames[t.terms] = clean
                c.rename_labels[t.terms] = t.label

    _update_choices(store, change)


def merge_topics(store: Store, topic_ids: Sequence[str], name: str) -> None:
    """Show two or more discovered topics (merged ones included) as one topic called `name`."""
    by_id = _shown_by_id(store)
    picked = [by_id[i] for i in dict.fromkeys(topic_ids) if i in by_id]
    if len(picked) != len(set(topic_ids)):
        raise ChoiceError("A topic you picked is no longer there (discovery ran again): pick them again.")
    if len(picked) < 2:
        raise ChoiceError("Pick at least two topics to merge.")
    clean = _check_name(store, name, [s.id for s in picked])
    members = [m for s in picked for m in s.members]

    def change(c: Choices) -> None:
        old = [{m.terms for m in s.members} for s in picked if s.merged]
        c.merges = [m for m in c.merges if {tuple(t) for t in m.members} not in old]
        c.merges.append(Merge(clean, [m.terms for m in members], [m.label for m in members]))

    _update_choices(store, change)


def split_topic(store: Store, topic_id: str) -> None:
    """Undo a merge: its topics show separately again (with their own names)."""
    shown = _shown_by_id(store).get(topic_id)
    if shown is None or not shown.merged:
        raise ChoiceError("That topic is not a merge (or no longer there): nothing to split.")
    members = {m.terms for m in shown.members}

    def change(c: Choices) -> None:
        c.merges = [m for m in c.merges if {tuple(t) for t in m.members} != members]

    _update_choices(store, change)


def forget_stale_choices(store: Store) -> int:
    """Drop the choices whose topics the current discovery does not have; returns how many were dropped."""
    cur = store.cursor()
    raw = {t.terms for t in raw_topics(cur)}
    dropped = 0

    def change(c: Choices) -> None:
        nonlocal dropped
        keep = [m for m in c.merges if all(tuple(t) in raw for t in m.members)]
        renames = {t: n for t, n in c.renames.items() if t in raw}
        dropped = len(c.merges) - len(keep) + len(c.renames) - len(renames)
        c.merges = keep
        c.renames = renames
        c.rename_labels = {t: n for t, n in c.rename_labels.items() if t in raw}

    _update_choices(store, change)
    return dropped


def discovery_info(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the last discovery asked for: {"n_topics": the number asked (None: automatic), "found": topics}."""
    text = _meta(cur, DISCOVERY_KEY)
    if not text:
        return {"n_topics": None, "found": 0}
    data = json.loads(text)
    return {"n_topics": data.get("n_topics"), "found": len(data.get("topics", []))}


# ---------------------------------------------------------------------------------------------------------------
# Reads for the Topics page (plain values, so the page can cache them)
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """A query tried on the stored articles before it is saved: how many it matches and a few of them (newest
    first, as (published, title, site)), or what is wrong with it (`error`, `position` 1-based or 0)."""

    query: str
    matches: int = 0
    total: int = 0
    samples: tuple[tuple[str, str, str], ...] = ()
    error: str = ""
    position: int = 0
    sampled: int = 0  # past views.PREVIEW_EXACT_MAX articles: how many the count was made on (matches is scaled up)


def preview_query(cur: duckdb.DuckDBPyConnection, query: str, sample: int = 5) -> Preview:
    """`preview`, with a bad query as a Preview carrying the error instead of an exception. On a corpus past
    views.PREVIEW_EXACT_MAX articles the query is matched on the `preview_sample` view (evenly spread article parts)
    and the count scaled up to the corpus: an estimate, seconds sooner (saving the rule matches every article)."""
    if not query.strip():
        return Preview(query, error="The query is empty: write at least one word.")
    row = cur.execute("SELECT (SELECT count(*) FROM hot_articles), (SELECT count(*) FROM preview_sample)").fetchone()
    total, in_sample = (int(row[0]), int(row[1])) if row else (0, 0)
    sampled = total > views.PREVIEW_EXACT_MAX and 0 < in_sample < total
    try:
        if sampled:
            count = rulesql.count_query(cur, query, source="preview_sample", sample=sample)
            count = rulesql.QueryCount(round(count.matches * total / max(1, count.total)), total, count.sample_ids)
        else:
            count = preview(cur, query, sample)
    except QueryError as err:
        return Preview(query, error=describe_query_error(err), position=err.position)
    rows = {
        r[0]: (str(r[1] or ""), str(r[2] or ""), str(r[3] or ""))
        for r in cur.execute(
            "SELECT id, published_day, title, site FROM article_index WHERE list_contains(?, id)",
            [list(count.sample_ids)],
        ).fetchall()
    }
    shown = tuple(rows[i] for i in count.sample_ids if i in rows)
    return Preview(query, count.matches, count.total, shown, sampled=in_sample if sampled else 0)


def stored_preview(cur: duckdb.DuckDBPyConnection, topic_id: str, query: str, sample: int = 5) -> Preview:
    """`preview_query` for a saved rule whose rows the store holds (the rules applied are the file's): its articles
    counted from those rows instead of matching the query over every text again (seconds on a million articles)."""
    row = cur.execute(
        """SELECT (SELECT count(DISTINCT doc) FROM topic_index WHERE topic_id = ?),
                  (SELECT count(*) FROM hot_articles)""",
        [topic_id],
    ).fetchone()
    matches, total = (int(row[0]), int(row[1])) if row else (0, 0)
    samples = cur.execute(
        """SELECT published_day, title, site FROM article_index
           WHERE doc IN (SELECT doc FROM topic_index WHERE topic_id = ?)
           ORDER BY published_day DESC NULLS LAST, id LIMIT ?""",
        [topic_id, sample],
    ).fetchall()
    shown = tuple((str(d or ""), str(t or ""), str(s or "")) for d, t, s in samples)
    return Preview(query, matches, total, shown)


DISCOVERED_COLUMNS = ("id", "name", "articles", "terms", "note", "merged")


def discovered_table(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The discovered topics as shown, largest first: id, name, articles, terms (top terms, joined), note (what the
    person changed: found as / merged from), merged (whether it can be split)."""
    shown = {s.id: s for s in shown_topics(raw_topics(cur), load_choices(cur))}
    rows = cur.execute(
        """WITH n AS (SELECT topic_id, count(*) AS n FROM topic_index WHERE topic_id LIKE 'disc:%' GROUP BY topic_id)
           SELECT t.id, t.name, t.terms, coalesce(n.n, 0) AS n FROM topics t LEFT JOIN n ON n.topic_id = t.id
           WHERE t.kind = 'discovered' ORDER BY n DESC, t.name"""
    ).fetchall()
    out = []
    for topic_id, name, terms, n in rows:
        s = shown.get(topic_id)
        note = ""
        if s is not None and s.merged:
            note = "merged from " + " + ".join(repr(m.label) for m in s.members)
        elif s is not None and s.renamed:
            note = f"found as {s.members[0].label!r}"
        out.append(
            {"id": topic_id, "name": name, "articles": int(n), "terms": ", ".join(terms or []), "note": note,
             "merged": bool(s and s.merged)}
        )  # fmt: skip
    return out
