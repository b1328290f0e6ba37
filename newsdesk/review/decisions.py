"""Manual review: decisions, notes and corrections kept as an append-only history, and the queue to work through.

Every change is a row appended to the review history in the store's catalog (never an UPDATE or DELETE of
history), so two reviewers, in two sessions or two dashboard processes, cannot erase each other, and an ingest
running at the same time never loses a decision: an undo and a wipe are rows too. Each process mirrors the history
and derives the current state from it (the view `review_state`, kept one row per article in `review_latest`, see
newsdesk/store/views.py); `article_view` / `article_topic_view` apply it, so every read sees corrections at once.
The write functions take the cursor a page already has; the store behind it is found with `store_of`.
Events are keyed by article id, a hash of the canonical URL (or the text), so decisions survive restarts and
re-ingest.

Values: a status and a note are stored as plain text; a correction as JSON (a string for title, section and
published_day, a list of strings for authors and topics); a NULL value clears the correction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pyarrow as pa

from newsdesk.analysis.flags import FLAG_LABELS, FLAGS
from newsdesk.analysis.queries import Filters, article_key, where
from newsdesk.store import store_of
from newsdesk.store.views import LATEST_COLUMNS

__all__ = [
    "CORRECTABLE",
    "FIELD_LABELS",
    "FLAGS",
    "FLAG_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "ImportReport",
    "ReviewState",
    "bump",
    "correct",
    "decide",
    "export_decisions",
    "flags",
    "history",
    "import_decisions",
    "next_unreviewed",
    "queue",
    "rule_topics",
    "set_note",
    "state",
    "status_counts",
    "undo",
    "wipe_decisions",
]

STATUSES = ("unreviewed", "ok", "needs_fix", "irrelevant", "flagged")
STATUS_LABELS: dict[str, str] = {
    "unreviewed": "Unreviewed",
    "ok": "OK",
    "needs_fix": "Needs fix",
    "irrelevant": "Irrelevant",
    "flagged": "Flagged",
}
CORRECTABLE = ("title", "published_day", "authors", "section", "topics")
FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "published_day": "Publication date",
    "authors": "Authors",
    "section": "Section",
    "topics": "Topics",
}
LIST_FIELDS = ("authors", "topics")
DECISION_KINDS = ("status", "note", "correction")
QueueOrder = Literal["newest", "sample"]
ExportFormat = Literal["csv", "jsonl"]
EXPORT_COLUMNS = (
    "id url title title_extracted status note published_day published_day_extracted authors authors_extracted "
    "section section_extracted topics topics_extracted corrected reviewer time"
).split()
LIST_SEPARATOR = "; "  # how a list (authors, topics) is written in one CSV cell
IMPORT_REVIEWER = "import"  # reviewer recorded for imported rows that do not name one

CorrectionValue = str | dt.date | Sequence[str] | None


@dataclass
class ReviewState:
    """What an article's review looks like now, and every event that led there.

    `corrections` maps a corrected field to (extracted value, corrected value); topics are rule topic ids.
    `history` lists every event on the article (and every wipe), oldest first, each with `live` telling whether it
    still counts (not undone, not wiped)."""

    article_id: str
    status: str = "unreviewed"
    note: str | None = None
    reviewer: str | None = None
    updated_at: dt.datetime | None = None
    corrections: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did: rows merged (at least one change written), skipped (nothing new), and the ids or urls
    of rows that match no stored article."""

    merged: int = 0
    skipped: int = 0
    unmatched: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.merged} merged, {self.skipped} skipped (already so), {len(self.unmatched)} unmatched"


# ---- writing --------------------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _reviewer(reviewer: str) -> str:
    name = (reviewer or "").strip()
    if not name:
        raise ValueError("a reviewer name is required for every decision")
    return name


def _require_article(cur: duckdb.DuckDBPyConnection, article_id: str) -> None:
    if cur.execute("SELECT 1 FROM hot_articles WHERE id = ?", [article_id]).fetchone() is None:
        raise KeyError(f"no article with id {article_id!r}")


Event = tuple[str | None, str, str | None, str | None, str, dt.datetime, int | None]
EVENT_COLUMNS = ("article_id", "kind", "field", "value", "reviewer", "logged_at", "undoes")
EVENT_TYPES = (pa.string(), pa.string(), pa.string(), pa.string(), pa.string(), pa.timestamp("us"), pa.int64())
# Up to this many events go in one VALUES statement; more (an import) go through Arrow.
VALUES_MAX = 20


# Undo picks "this reviewer's last action" and then writes its undo: one at a time in a process, so two presses
# cannot both pick the same action.
_UNDO_LOCK = threading.RLock()


def _write(cur: duckdb.DuckDBPyConnection, events: Sequence[Event]) -> list[int]:
    """Append events to the store's review history (one short catalog transaction, no lock on the corpus) and make
    them visible to this process's reads; returns the new events' ids, in order."""
    if not events:
        return []
    return store_of(cur).append_review_events(events)


def decide(
    cur: duckdb.DuckDBPyConnection, article_id: str, status: str, *, reviewer: str, note: str | None = None
) -> int:
    """Set an article's status (and its note, when given); returns the status event's id."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    who = _reviewer(reviewer)
    _require_article(cur, article_id)
    at = _now()
    events: list[Event] = [(article_id, "status", None, status, who, at, None)]
    if note is not None:
        events.append((article_id, "note", None, note.strip(), who, at, None))
    return _write(cur, events)[0]


def set_note(cur: duckdb.DuckDBPyConnection, article_id: str, note: str, *, reviewer: str) -> int:
    """Set (or, with an empty note, clear) an article's note."""
    who = _reviewer(reviewer)
    _require_article(cur, article_id)
    return _write(cur, [(article_id, "note", None, (note or "").strip(), who, _now(), None)])[0]


def _topic_id(name: str) -> str:
    name = name.strip()
    if name.startswith("disc:"):
        raise ValueError(f"{name!r} is a discovered topic; a correction sets rule topics only")
    return name if name.startswith("rule:") else f"rule:{name}"


def _encode(field_name: str, value: CorrectionValue) -> str | None:
    """The JSON a correction is stored as; None clears the correction."""
    if value is None:
        return None
    if field_name in ("title", "section"):
        text = str(value).strip()
        return json.dumps(text, ensure_ascii=False) if text else None
    if field_name == "published_day":
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            text = str(value).strip()
            if not text:
                return None
            day = dt.date.fromisoformat(text[:10])
        return json.dumps(day.isoformat())
    if isinstance(value, dt.date):
        raise ValueError(f"{field_name} takes a list of names, not a date")
    items = value.split(";") if isinstance(value, str) else list(value)
    names = [str(v).strip() for v in items if str(v).strip()]
    if field_name == "topics":
        names = sorted(dict.fromkeys(_topic_id(n) for n in names))
    return json.dumps(names, ensure_ascii=False)


def _decode(field_name: str | None, value: str | None) -> Any:
    if value is None or field_name is None:
        return value
    decoded = json.loads(value)
    if field_name == "published_day" and isinstance(decoded, str):
        return dt.date.fromisoformat(decoded)
    return decoded


def correct(
    cur: duckdb.DuckDBPyConnection, article_id: str, field: str, value: CorrectionValue, *, reviewer: str
) -> int:
    """Correct one field of an article (title, published_day, authors, section or topics); None (or an empty
    title/section/date) clears the correction so the extracted value shows again. A topics correction is a list of
    rule topic names or ids and replaces the article's rule topics (an empty list: no rule topic)."""
    if field not in CORRECTABLE:
        raise ValueError(f"{field!r} cannot be corrected; one of {', '.join(CORRECTABLE)}")
    who = _reviewer(reviewer)
    _require_article(cur, article_id)
    return _write(cur, [(article_id, "correction", field, _encode(field, value), who, _now(), None)])[0]


def undo(cur: duckdb.DuckDBPyConnection, *, reviewer: str, event_id: int | None = None) -> int | None:
    """Cancel one event (by id), or this reviewer's last action that still counts (a decision with its note is one
    action). Returns the last undo event's id, or None when there is nothing to undo. Undoing again walks further
    back; another reviewer's decisions are never touched unless named by id."""
    who = _reviewer(reviewer)
    with _UNDO_LOCK:
        if event_id is not None:
            rows = cur.execute("SELECT id, article_id, field FROM review_live WHERE id = ?", [event_id]).fetchall()
        else:
            rows = cur.execute(
                """WITH last AS (SELECT article_id, logged_at FROM review_live WHERE reviewer = ?
                                 ORDER BY id DESC LIMIT 1)
                   SELECT e.id, e.article_id, e.field FROM review_live e JOIN last USING (article_id, logged_at)
                   WHERE e.reviewer = ? ORDER BY e.id""",
                [who, who],
            ).fetchall()
        if not rows:
            return None
        at = _now()
        ids = _write(cur, [(aid, "undo", fld, None, who, at, int(eid)) for eid, aid, fld in rows])
    return ids[-1]


def wipe_decisions(cur: duckdb.DuckDBPyConnection, *, reviewer: str = "system") -> int:
    """Start over: every decision, note and correction stops counting (the history keeps them, and an import of an
    export brings them back). Returns how many articles had any."""
    row = cur.execute("SELECT count(*) FROM review_latest").fetchone()
    _write(cur, [(None, "wipe", None, None, _reviewer(reviewer), _now(), None)])
    return int(row[0]) if row else 0


def bump(cur: duckdb.DuckDBPyConnection) -> int:
    """The store's data version after a review write. Every review write is an appended event whose id is part of
    the version (see `Store.data_version`), so the write itself already bumped it: no UPDATE of a shared counter
    that two reviewers could conflict on. Returns the version to key cached reads on."""
    return store_of(cur).data_version()


# ---- reading --------------------------------------------------------------------------------------------------


def _extracted(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any]:
    key = article_key(cur, article_id)
    if key is None:
        return {}
    found = cur.execute(
        f"SELECT title, published_day, authors, section, doc FROM articles WHERE {key[0]}", key[1]
    ).fetchone()
    if found is None:
        return {}
    topics = cur.execute(
        """SELECT coalesce(list(topic_id ORDER BY topic_id), []) FROM article_topics
           WHERE doc = ? AND topic_id LIKE 'rule:%'""",
        [found[4]],
    ).fetchone()
    return dict(zip(CORRECTABLE, (*found[:4], topics[0] if topics else []), strict=True))


HISTORY_KEYS = ("id", "article_id", "kind", "field", "value", "reviewer", "logged_at", "undoes", "live")


def history(
    cur: duckdb.DuckDBPyConnection, article_id: str | None = None, limit: int | None = 500
) -> list[dict[str, Any]]:
    """Events oldest first (one article's, with every wipe, or the store's latest `limit`), each with `live`: a
    decision, note or correction still counts when no undo names it and no wipe came after it (the rule the view
    `review_live` states in SQL; worked out here from the few rows fetched, so a reader never scans the history)."""
    cond = "(article_id = ? OR kind = 'wipe')" if article_id is not None else "TRUE"
    params: list[Any] = [article_id] if article_id is not None else []
    cols = "id, article_id, kind, field, value, reviewer, logged_at, undoes"
    if limit is None:  # a plain scan: a top-N sort with a huge limit cost three times as much
        rows = cur.execute(f"SELECT {cols} FROM review_events WHERE {cond} ORDER BY id", params).fetchall()
    else:
        rows = cur.execute(
            f"SELECT * FROM (SELECT {cols} FROM review_events WHERE {cond} ORDER BY id DESC LIMIT ?) ORDER BY id",
            params + [limit],
        ).fetchall()
    # An undo carries its event's article and comes after it, and a wipe older than every fetched row makes no
    # difference to them: so the fetched rows alone say what is live.
    last_wipe = max((int(r[0]) for r in rows if r[2] == "wipe"), default=0)
    undone = {int(r[7]) for r in rows if r[2] == "undo" and r[7] is not None}
    out = []
    for r in rows:
        ev = dict(zip(HISTORY_KEYS, (*r, False), strict=True))
        ev["live"] = ev["kind"] in DECISION_KINDS and ev["id"] > last_wipe and ev["id"] not in undone
        if ev["kind"] == "correction":
            ev["value"] = _decode(ev["field"], ev["value"])
        out.append(ev)
    return out


def _current(events: Sequence[dict[str, Any]]) -> dict[tuple[str, str | None], dict[str, Any]]:
    """The latest live event per (kind, field), from an article's history (oldest first)."""
    current: dict[tuple[str, str | None], dict[str, Any]] = {}
    for ev in events:
        if ev["live"]:
            current[(ev["kind"], ev["field"])] = ev
    return current


def state(cur: duckdb.DuckDBPyConnection, article_id: str) -> ReviewState:
    """An article's review now: status, note, who and when, corrections beside the extracted values, history."""
    st = ReviewState(article_id)
    st.history = history(cur, article_id, limit=None)
    extracted: dict[str, Any] | None = None
    for (kind, fld), ev in sorted(_current(st.history).items(), key=lambda kv: kv[1]["id"]):
        st.reviewer, st.updated_at = ev["reviewer"], ev["logged_at"]
        value = ev["value"]
        if kind == "status":
            st.status = value or "unreviewed"
        elif kind == "note":
            st.note = value or None
        elif fld is not None and value is not None:
            if extracted is None:
                extracted = _extracted(cur, article_id)
            st.corrections[fld] = (extracted.get(fld), value)
    return st


def rule_topics(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Rule topic id -> name, for a topics correction's choices: one small read, where `queries.topics` also counts
    every topic's articles (tens of ms on 100,000 articles, and recomputed after every decision)."""
    return dict(cur.execute("SELECT id, name FROM topics WHERE kind = 'rule' ORDER BY name").fetchall())


def flags(cur: duckdb.DuckDBPyConnection, article_id: str) -> list[tuple[str, str]]:
    """The article's quality flags as (flag, detail), in FLAGS order."""
    rows = cur.execute(
        "SELECT flag, detail FROM article_flags WHERE doc = (SELECT doc FROM hot_articles WHERE id = ?)", [article_id]
    ).fetchall()
    order = {f: i for i, f in enumerate(FLAGS)}
    return sorted(((str(f), str(d or "")) for f, d in rows), key=lambda fd: (order.get(fd[0], len(order)), fd[1]))


def _decided(cur: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every article with a status other than unreviewed, and that status."""
    cols = cur.execute(
        "SELECT article_id, status FROM review_latest WHERE status IS NOT NULL AND status <> 'unreviewed'"
    ).fetchnumpy()  # several times faster than fetchall for thousands of rows
    return dict(zip(cols["article_id"].tolist(), cols["status"].tolist(), strict=True))


def status_counts(cur: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> dict[str, int]:
    """Articles per status (every status present, zeros included), over the store or over `ids` (a queue)."""
    if ids is None:
        rows = cur.execute("SELECT review_status, count(*) FROM article_index GROUP BY 1").fetchall()
    else:  # a queue is up to thousands of ids: counted here against the (smaller) set of decided articles
        decided = _decided(cur)
        rows = list(Counter(decided.get(aid, "unreviewed") for aid in ids).items())
    out = dict.fromkeys(STATUSES, 0)
    for status, n in rows:
        out[str(status)] = out.get(str(status), 0) + int(n)
    return out


def queue(
    cur: duckdb.DuckDBPyConnection,
    filters: Filters,
    *,
    order: QueueOrder = "newest",
    seed: int = 0,
    limit: int | None = None,
) -> list[str]:
    """Article ids to review, from any filters (the sidebar's, or a chart selection turned into filters).

    "newest": by publication date, newest first, undated last. "sample": a seeded random order spread evenly over
    topics x months: every (topic, month) stratum gives its first article before any gives a second, so the first
    N of the queue are an even audit sample. An article counts in one stratum (one of its topics, chosen by the
    seed); topics are the filter's topics, else rule topics (discovered ones when there are no rule topics)."""
    cond, params = where(cur, filters)
    lim = "" if limit is None else f"LIMIT {int(limit)}"
    if order == "newest":
        sql = f"""SELECT a.id FROM article_view a WHERE {cond}
                  ORDER BY a.published_day DESC NULLS LAST, a.published DESC NULLS LAST, a.id {lim}"""
        return [r[0] for r in cur.execute(sql, params).fetchall()]
    if order != "sample":
        raise ValueError(f"unknown queue order {order!r}")
    if filters.topics:
        topic_cond, topic_params = "list_contains(?, atp.topic_id)", [list(filters.topics)]
    else:
        topic_cond = """atp.topic_id IN (SELECT id FROM topics WHERE kind = CASE WHEN EXISTS
                        (SELECT 1 FROM topics WHERE kind = 'rule') THEN 'rule' ELSE 'discovered' END)"""
        topic_params = []
    sql = f"""
    WITH base AS (SELECT a.doc, a.id, strftime(a.published_day, '%Y-%m') AS month FROM article_view a WHERE {cond}),
    tp AS (SELECT atp.doc, arg_min(atp.topic_id, hash(atp.topic_id || atp.article_id || ?)) AS topic
           FROM article_topic_view atp WHERE {topic_cond} AND atp.doc IN (SELECT doc FROM base)
           GROUP BY atp.doc),
    strata AS (SELECT b.id, coalesce(tp.topic, '') || '|' || coalesce(b.month, '') AS stratum,
                      hash(b.id || ?) AS h FROM base b LEFT JOIN tp ON tp.doc = b.doc),
    ranked AS (SELECT id, stratum, row_number() OVER (PARTITION BY stratum ORDER BY h, id) AS rk FROM strata)
    SELECT id FROM ranked ORDER BY rk, hash(stratum || ?), stratum {lim}"""
    s = str(seed)
    rows = cur.execute(sql, params + [s] + topic_params + [s, s]).fetchall()
    return [r[0] for r in rows]


# next_unreviewed first asks about this many queue ids at a time (the next one is usually unreviewed), and after a
# few such probes reads every decided article instead (a queue reviewed nearly to its end).
PROBE_SIZE = 64
PROBES = 3


def next_unreviewed(cur: duckdb.DuckDBPyConnection, ids: Sequence[str], after: str | None) -> str | None:
    """The first unreviewed id of the queue after `after` (from the start when None or not in the queue), going
    round to the start when the end is reached; None when every article of the queue has a status."""
    if not ids:
        return None
    start = 0
    if after is not None:
        try:
            start = list(ids).index(after) + 1
        except ValueError:
            start = 0
    n = len(ids)
    ordered = [aid for aid in (ids[(start + k) % n] for k in range(n)) if aid != after]
    for probe in range(PROBES):
        chunk = ordered[probe * PROBE_SIZE : (probe + 1) * PROBE_SIZE]
        if not chunk:
            return None
        rows = cur.execute(
            """SELECT article_id FROM review_latest WHERE list_contains(?, article_id)
               AND status IS NOT NULL AND status <> 'unreviewed'""",
            [chunk],
        ).fetchall()
        done = {r[0] for r in rows}
        found = next((aid for aid in chunk if aid not in done), None)
        if found is not None:
            return found
    decided = _decided(cur)
    return next((aid for aid in ordered[PROBES * PROBE_SIZE :] if aid not in decided), None)


# ---- export and import ----------------------------------------------------------------------------------------


def _topic_names(ids: Sequence[str] | None) -> list[str]:
    return [t.removeprefix("rule:") for t in ids or []]


def _decision_rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """One dict per article with anything live (a status other than unreviewed, a note or a correction)."""
    cur.execute(
        """WITH ext AS (SELECT article_id, list(topic_id ORDER BY topic_id) AS topics FROM article_topics
                        WHERE topic_id LIKE 'rule:%' GROUP BY article_id)
           SELECT a.id, a.url, a.title, a.title_extracted, coalesce(r.status, 'unreviewed'), r.note,
                  a.published_day, a.published_day_extracted, a.authors, a.authors_extracted,
                  a.section, a.section_extracted, r.topics, coalesce(ext.topics, []),
                  r.title IS NOT NULL, r.published_day IS NOT NULL, r.authors IS NOT NULL, r.section IS NOT NULL,
                  r.topics IS NOT NULL, r.reviewer, r.updated_at
           FROM review_latest r JOIN article_view a ON a.id = r.article_id LEFT JOIN ext ON ext.article_id = a.id
           WHERE coalesce(r.status, 'unreviewed') <> 'unreviewed' OR r.note IS NOT NULL OR r.title IS NOT NULL
              OR r.published_day IS NOT NULL OR r.authors IS NOT NULL OR r.section IS NOT NULL OR r.topics IS NOT NULL
           ORDER BY r.updated_at, a.id"""
    )
    out = []
    for row in cur.fetchall():
        (aid, url, title, title_x, status, note, day, day_x, authors, authors_x, section, section_x, topics, topics_x,
         *is_corrected, who, at) = row  # fmt: skip
        corrected = [f for f, c in zip(CORRECTABLE, is_corrected, strict=True) if c]
        out.append(
            {
                "id": aid,
                "url": url,
                "title": title,
                "title_extracted": title_x,
                "status": status,
                "note": note,
                "published_day": day,
                "published_day_extracted": day_x,
                "authors": list(authors or []),
                "authors_extracted": list(authors_x or []),
                "section": section,
                "section_extracted": section_x,
                "topics": _topic_names(topics if topics is not None else topics_x),
                "topics_extracted": _topic_names(topics_x),
                "corrected": corrected,
                "reviewer": who,
                "time": at,
            }
        )
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def export_decisions(cur: duckdb.DuckDBPyConnection, fmt: ExportFormat = "csv") -> bytes:
    """Every reviewed article's decision, note and corrections (each beside its extracted value), reviewer and
    time, as CSV (lists joined by "; ") or JSON Lines. `corrected` names the fields a reviewer corrected; the
    other field columns show the extracted value twice, so the file reads on its own."""
    rows = _decision_rows(cur)
    if fmt == "jsonl":
        lines = [json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) for row in rows]
        return ("".join(line + "\n" for line in lines)).encode("utf-8")
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}; csv or jsonl")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, list) else _plain(v) for k, v in row.items()}
        )
    return buf.getvalue().encode("utf-8")


def _parse_rows(data: bytes, fmt: str) -> list[dict[str, Any]]:
    text = data.decode("utf-8-sig")
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}; csv or jsonl")
    return [dict(r) for r in csv.DictReader(io.StringIO(text))]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _row_value(field_name: str, value: Any) -> CorrectionValue:
    if field_name in LIST_FIELDS:
        return _as_list(value)
    text = "" if value is None else str(value).strip()
    return text or None


def _row_corrections(row: dict[str, Any]) -> dict[str, CorrectionValue]:
    """The corrections a row states: the fields its `corrected` column names, or (a hand-made file without it)
    the fields whose value differs from the extracted one given beside it."""
    if "corrected" in row:
        named = _as_list(row.get("corrected"))
        return {f: _row_value(f, row.get(f)) for f in CORRECTABLE if f in named}
    out: dict[str, CorrectionValue] = {}
    for f in CORRECTABLE:
        if f in row and f"{f}_extracted" in row:
            value, extracted = _row_value(f, row[f]), _row_value(f, row[f"{f}_extracted"])
            if value != extracted and value not in (None, []):
                out[f] = value
    return out


def _parse_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return t.astimezone(dt.UTC).replace(tzinfo=None) if t.tzinfo else t


def _matcher(cur: duckdb.DuckDBPyConnection) -> Any:
    """A function from an import row to a stored article id (by id, else url, else the id a url hashes to)."""
    ids = {r[0] for r in cur.execute("SELECT id FROM articles").fetchall()}
    by_url = {r[0]: r[1] for r in cur.execute("SELECT url, id FROM articles WHERE url IS NOT NULL").fetchall()}

    def match(row: dict[str, Any]) -> str | None:
        aid = str(row.get("id") or "").strip()
        if aid in ids:
            return aid
        url = str(row.get("url") or "").strip()
        if not url:
            return None
        if url in by_url:
            return str(by_url[url])
        from newsdesk.ids import article_id, canonical_url

        from_url = article_id(url, None, "") if canonical_url(url) else None
        return from_url if from_url in ids else None

    return match


def import_decisions(
    cur: duckdb.DuckDBPyConnection, data: bytes, fmt: ExportFormat = "csv", *, reviewer: str | None = None
) -> ImportReport:
    """Merge an export (ours, or a hand-made file with the same columns) into the history: each row is matched by
    id, else by url; what differs from the article's current state is written as new events (with the row's
    reviewer and time), the rest is skipped. Nothing is overwritten: it is history like any other decision."""
    report = ImportReport()
    rows = _parse_rows(data, fmt)
    match = _matcher(cur)
    events: list[Event] = []
    now = _now()
    cols = ", ".join(LATEST_COLUMNS)
    latest = {
        r[0]: dict(zip(LATEST_COLUMNS, r, strict=True))
        for r in cur.execute(f"SELECT {cols} FROM review_latest").fetchall()
    }  # every article's state in one read, not one per row
    for i, row in enumerate(rows, 1):
        aid = match(row)
        if aid is None:
            report.unmatched.append(str(row.get("id") or row.get("url") or f"row {i}"))
            continue
        current = latest.get(aid) or {}
        who = str(row.get("reviewer") or "").strip() or reviewer or IMPORT_REVIEWER
        at = _parse_time(row.get("time")) or now
        new: list[Event] = []
        status = str(row.get("status") or "").strip()
        if status in STATUSES and status not in ("unreviewed", current.get("status") or "unreviewed"):
            new.append((aid, "status", None, status, who, at, None))
        note = str(row.get("note") or "").strip()
        if note and note != (current.get("note") or ""):
            new.append((aid, "note", None, note, who, at, None))
        for f, value in _row_corrections(row).items():
            try:
                encoded = _encode(f, value)
            except ValueError:
                continue
            if encoded != _encode(f, current.get(f)):
                new.append((aid, "correction", f, encoded, who, at, None))
        if new:
            events.extend(new)
            report.merged += 1
        else:
            report.skipped += 1
    _write(cur, events)
    return report
