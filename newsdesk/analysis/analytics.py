"""Coverage analytics on the grouped counts the store gives: what a period's share really says, spikes, and what
sets a selection of articles apart. Plain pandas/numpy, no Streamlit, so a notebook or a test can use it.

The stages, in the order the dashboard runs them:
  1. `enrich`: per series (a topic, or a topic on a site) mark the last, incomplete period, add a trailing moving
     average, and a Wilson 95% interval on the share, so a period of three articles shows how little it says;
  2. `detect_spikes`: periods where a topic's share jumps well above its own recent level (robust z-score against
     the trailing median and MAD, with floors on counts so three articles are never a spike);
  3. `distinctive_terms` + `representative`: for a selection (a clicked point, a brushed range, a spike), the words
     most over-represented against the rest of the corpus (log-odds with an informative Dirichlet prior, Monroe et
     al. 2008) and the articles nearest to the selection's term centroid;
  4. `chart_csv`: what the chart shows, as `period, topic, count, total_count, share`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from newsdesk.analysis import queries
from newsdesk.analysis.queries import Granularity, period_bounds

WILSON_Z = 1.96  # two-sided 95%
# Spikes. A period is compared with the SPIKE_WINDOW periods before it (at least SPIKE_MIN_HISTORY of them); it is a
# spike when its share is SPIKE_Z robust standard deviations above their median, at least SPIKE_MIN_RATIO times that
# median, and carried by SPIKE_MIN_COUNT articles or more. 3.5 is the usual cut for a modified z-score (Iglewicz and
# Hoaglin); on the demo corpus these settings find the planted October 2024 election surge and a handful of others,
# and none in topics drawn flat.
SPIKE_WINDOW = 8
SPIKE_MIN_HISTORY = 4
SPIKE_Z = 3.5
SPIKE_MIN_RATIO = 2.0
SPIKE_MIN_COUNT = 5
MAD_TO_SD = 1.4826  # MAD of a normal sample times this estimates its standard deviation
# Distinctive terms. The prior is the whole corpus's term distribution with this many pseudo-documents' weight:
# enough to keep a word seen in two selected articles and nowhere else from topping the list.
PRIOR_WEIGHT = 500.0
MIN_TERM_DOCS = 2  # a term must occur in at least this many selected articles
TOP_TERMS = 12
TOP_ARTICLES = 5
CENTROID_TERMS = 200  # the selection's centroid is built on its most frequent terms (cheaper, and rare terms are noise)
TERM_MIN_LEN = 3
TERM_MAX_LEN = 30

_STOP_EXTRA = """said says say also would could one two three new year years time first last told like just
percent per cent mr mrs ms week weeks month months day days today yesterday tomorrow monday tuesday wednesday
thursday friday saturday sunday according people made make many much well still even back since around""".split()


@functools.cache
def stop_words() -> tuple[str, ...]:
    """Words never worth showing as distinctive: scikit-learn's English list, the news and multilingual lists the
    topic discovery uses, and reporting verbs/time words; accent-folded and lower-cased like the tokens."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from newsdesk.analysis.topics import MULTILINGUAL_STOP_WORDS, NEWS_STOP_WORDS, fold

    words = set(ENGLISH_STOP_WORDS) | set(NEWS_STOP_WORDS) | set(_STOP_EXTRA)
    for extra in MULTILINGUAL_STOP_WORDS.values():
        words.update(extra)
    return tuple(sorted({fold(w) for w in words if re.fullmatch(r"[^\W\d_]+", fold(w))}))


# ------------------------------------------------------------------------------------------------ share and counts
def wilson_interval(k: object, n: object, z: float = WILSON_Z) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of k successes in n trials, elementwise; NaN where n is 0 (nothing to estimate)."""
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        denom = 1 + z**2 / n_arr
        centre = (p + z**2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z**2 / (4 * n_arr**2)) / denom
        lo = np.clip(centre - half, 0.0, 1.0)
        hi = np.clip(centre + half, 0.0, 1.0)
    empty = n_arr <= 0
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def period_end(period: dt.date, granularity: Granularity) -> dt.date:
    return period_bounds(period, granularity)[1]


def incomplete(periods: pd.Series, granularity: Granularity, last_day: dt.date | None) -> pd.Series:
    """Whether each period ends after `last_day` (the last day the corpus, or the date filter, covers): its count
    is then a part of a period and reads low."""
    if last_day is None or periods.empty:
        return pd.Series(False, index=periods.index)
    ends = pd.to_datetime(periods).dt.date.map(lambda p: period_end(p, granularity))
    return ends > last_day


def enrich(
    cov: pd.DataFrame,
    granularity: Granularity,
    *,
    last_day: dt.date | None,
    steps: int = 0,
    by: Sequence[str] = ("topic_id",),
) -> pd.DataFrame:
    """The coverage rows (period, count, total, share, plus the `by` columns) with, per series:
    `partial` (the last period, when incomplete), `count_avg` and `share_avg` (trailing moving average over `steps`
    periods, fewer at the start; the share one is pooled: summed counts over summed totals, so a thin period weighs
    little), and `share_lo`/`share_hi`, the Wilson 95% interval of the (pooled) share."""
    df = cov.copy()
    df["period"] = pd.to_datetime(df["period"])
    df = df.sort_values([*by, "period"], kind="stable").reset_index(drop=True)
    df["partial"] = incomplete(df["period"], granularity, last_day).to_numpy(dtype=bool)
    window = max(int(steps), 1)
    if window > 1 and not df.empty:
        grouped = df.groupby(list(by), sort=False)
        k = grouped["count"].transform(lambda s: s.rolling(window, min_periods=1).sum())
        n = grouped["total"].transform(lambda s: s.rolling(window, min_periods=1).sum())
        m = grouped["count"].transform(lambda s: s.rolling(window, min_periods=1).count())
        df["count_avg"] = k / m
    else:
        k, n = df["count"].astype(float), df["total"].astype(float)
        df["count_avg"] = df["count"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df["share_avg"] = np.where(n > 0, k / n.where(n > 0, 1), 0.0)
    lo, hi = wilson_interval(k, n)
    df["share_lo"], df["share_hi"] = lo, hi
    return df


# --------------------------------------------------------------------------------------------------------- spikes
def detect_spikes(
    cov: pd.DataFrame,
    *,
    by: Sequence[str] = ("topic_id",),
    window: int = SPIKE_WINDOW,
    min_history: int = SPIKE_MIN_HISTORY,
    z_min: float = SPIKE_Z,
    min_ratio: float = SPIKE_MIN_RATIO,
    min_count: int = SPIKE_MIN_COUNT,
) -> pd.DataFrame:
    """Periods where a series' share jumps well above its own recent level: the coverage rows that are spikes, with
    `baseline` (median share of the `window` periods before), `z` (robust z-score) and `ratio` (share / baseline).

    The scale is the larger of the history's MAD (as a standard deviation) and the binomial standard deviation of a
    share at the baseline level with this period's total, so a flat history or a thin period cannot make noise look
    like a jump. Shares, not counts, so a busier month for the whole corpus is not a spike of every topic.
    """
    cols = [*cov.columns, "baseline", "z", "ratio"]
    if cov.empty:
        return pd.DataFrame(columns=cols)
    df = cov.copy()
    df["period"] = pd.to_datetime(df["period"])
    df = df.sort_values([*by, "period"], kind="stable")
    hits: list[pd.DataFrame] = []
    for _, series in df.groupby(list(by), sort=False):
        shares = series["share"].to_numpy(dtype=float)
        counts = series["count"].to_numpy(dtype=float)
        totals = series["total"].to_numpy(dtype=float)
        base = np.full(len(series), np.nan)
        zs = np.full(len(series), np.nan)
        for t in range(min_history, len(series)):
            hist = shares[max(0, t - window) : t]
            med = float(np.median(hist))
            mad = float(np.median(np.abs(hist - med)))
            p0 = max(med, 1.0 / totals[t]) if totals[t] > 0 else med
            sampling = np.sqrt(p0 * (1 - p0) / totals[t]) if totals[t] > 0 else np.inf
            scale = max(MAD_TO_SD * mad, float(sampling), 1e-9)
            base[t] = med
            zs[t] = (shares[t] - med) / scale
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(base > 0, shares / base, np.inf)
        keep = (counts >= min_count) & (zs >= z_min) & (ratio >= min_ratio)
        keep = _run_peaks(keep, shares)
        if keep.any():
            out = series.loc[keep].copy()
            out["baseline"], out["z"], out["ratio"] = base[keep], zs[keep], ratio[keep]
            hits.append(out)
    if not hits:
        return pd.DataFrame(columns=cols)
    return pd.concat(hits).sort_values("z", ascending=False, kind="stable").reset_index(drop=True)


def _run_peaks(flags: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Only the highest period of each run of consecutive flagged periods: a surge that lasts three months, or a
    topic that appears from nothing and stays, is one event, marked where it peaked."""
    out = np.zeros_like(flags, dtype=bool)
    t = 0
    while t < len(flags):
        if not flags[t]:
            t += 1
            continue
        end = t
        while end + 1 < len(flags) and flags[end + 1]:
            end += 1
        out[t + int(np.argmax(values[t : end + 1]))] = True
        t = end + 1
    return out


# ------------------------------------------------------------------------------------ what sets a selection apart
def distinctive_terms(
    selected: pd.DataFrame,
    n_selected: int,
    rest: pd.DataFrame,
    n_rest: int,
    *,
    prior_weight: float = PRIOR_WEIGHT,
    min_docs: int = MIN_TERM_DOCS,
    top: int = TOP_TERMS,
) -> pd.DataFrame:
    """Terms most over-represented in the selection against the rest of the corpus.

    `selected` and `rest` hold (term, docs): how many articles of each side contain the term; `n_selected` and
    `n_rest` are the articles on each side. Returns term, docs, rest_docs, share (of selected articles holding it),
    rest_share, log_odds and z (the log-odds ratio over its standard error, with an informative Dirichlet prior
    from both sides together), best first; only terms in at least `min_docs` selected articles and z > 0.
    """
    cols = ["term", "docs", "rest_docs", "share", "rest_share", "log_odds", "z"]
    if selected.empty or n_selected <= 0 or n_rest <= 0:
        return pd.DataFrame(columns=cols)  # nothing selected, or nothing left to compare with
    df = (
        selected.set_index("term")["docs"]
        .rename("docs")
        .to_frame()
        .join(rest.set_index("term")["docs"].rename("rest_docs"), how="outer")
        .fillna(0.0)
    )
    y_i = df["docs"].to_numpy(dtype=float)
    y_j = df["rest_docs"].to_numpy(dtype=float)
    both = y_i + y_j
    alpha = prior_weight * both / both.sum()
    a0 = alpha.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        li = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha))
        lj = np.log((y_j + alpha) / (n_j + a0 - y_j - alpha))
        delta = li - lj
        z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    df["log_odds"], df["z"] = delta, z
    df["share"] = df["docs"] / n_selected
    df["rest_share"] = df["rest_docs"] / n_rest if n_rest > 0 else 0.0
    df = df[(df["docs"] >= min_docs) & (df["z"] > 0)]
    df = df.reset_index().rename(columns={"index": "term"})
    df = df.sort_values(["z", "term"], ascending=[False, True], kind="stable").head(top)
    df["docs"] = df["docs"].astype("int64")
    df["rest_docs"] = df["rest_docs"].astype("int64")
    return df[cols].reset_index(drop=True)


def idf(background: pd.DataFrame, n_docs: int) -> pd.Series:
    """Smoothed inverse document frequency per term from a background sample of (term, docs)."""
    if background.empty or n_docs <= 0:
        return pd.Series(dtype=float)
    s = background.set_index("term")["docs"].astype(float)
    return np.log((1.0 + n_docs) / (1.0 + s)) + 1.0


def representative(
    doc_terms: pd.DataFrame,
    weights: pd.Series,
    *,
    scores: pd.Series | None = None,
    top: int = TOP_ARTICLES,
    centroid_terms: int = CENTROID_TERMS,
) -> pd.DataFrame:
    """The articles nearest to the selection's term centroid: id and similarity, best first.

    `doc_terms` holds (id, term), one row per distinct term of each selected article; a document is its terms
    weighted by `weights` (idf; unseen terms get the largest weight); the centroid is the mean document over the
    `centroid_terms` terms most selected articles share (terms of a single article left out). An article's
    `scores` (its topic weight, where the topic gives one) multiply the cosine, so a marginal member of a topic does
    not represent it.
    """
    if doc_terms.empty:
        return pd.DataFrame(columns=["id", "similarity"])
    doc_codes, ids = pd.factorize(doc_terms["id"])
    term_codes, terms = pd.factorize(doc_terms["term"])
    n_docs = len(ids)
    df_counts = np.bincount(term_codes, minlength=len(terms)).astype(float)
    # Only terms articles share define the selection: an article's own words would pull the centroid towards it.
    shared = np.flatnonzero(df_counts >= min(2, n_docs))
    kept = shared[np.argsort(-df_counts[shared], kind="stable")[:centroid_terms]]
    w_default = float(weights.max()) if len(weights) else 1.0
    w = weights.reindex(terms).fillna(w_default).to_numpy(dtype=float)
    centroid = np.zeros(len(terms))
    centroid[kept] = df_counts[kept] / n_docs * w[kept]
    row_w = w[term_codes]
    dots = np.bincount(doc_codes, weights=row_w * centroid[term_codes], minlength=n_docs)
    # Each document's norm counts all its terms, so a long article is not favoured for holding more words.
    norms = np.sqrt(np.bincount(doc_codes, weights=row_w**2, minlength=n_docs))
    centroid_norm = float(np.sqrt((centroid**2).sum())) or 1.0
    sim = pd.Series(dots / (np.where(norms > 0, norms, 1.0) * centroid_norm), index=pd.Index(ids, name="id"))
    if scores is not None and len(scores):
        sim = sim * scores.reindex(sim.index).fillna(1.0).clip(lower=0.0)
    out = sim.rename("similarity").reset_index()
    out["id"] = out["id"].astype(str)
    return (
        out.sort_values(["similarity", "id"], ascending=[False, True], kind="stable").head(top).reset_index(drop=True)
    )


def counts_of(doc_terms: pd.DataFrame) -> pd.DataFrame:
    """(term, docs) from (id, term) rows, one per distinct term of an article."""
    if doc_terms.empty:
        return pd.DataFrame({"term": pd.Series(dtype=str), "docs": pd.Series(dtype="int64")})
    counts = doc_terms["term"].astype(str).value_counts(sort=False)  # the pairs are distinct: a row is a document
    return counts.rename("docs").rename_axis("term").reset_index().astype({"docs": "int64"})


def rest_counts(background: pd.DataFrame, selected_in_background: pd.DataFrame) -> pd.DataFrame:
    """The background sample's (term, docs) without the selected articles that are part of the sample, so the
    comparison is with the rest of the corpus, not with a corpus that contains the selection."""
    if selected_in_background.empty:
        return background
    minus = counts_of(selected_in_background).set_index("term")["docs"]
    bg = background.set_index("term")["docs"]
    out = bg.sub(minus.reindex(bg.index).fillna(0), fill_value=0)
    out = out[out > 0]
    return out.astype("int64").rename("docs").rename_axis("term").reset_index()


# Samples that bound the cost of a selection's summary on a large corpus: the background is a fixed sample of the
# corpus (cached per data version by the app), the selection at most SELECTION_SAMPLE of its articles; both read the
# title and the first TEXT_CHARS characters. bench/coverage.py measures them on 100,000 synthetic articles.
BACKGROUND_SAMPLE = 5000
SELECTION_SAMPLE = 1000
SPIKE_SAMPLE = 300
TEXT_CHARS = 1200


@dataclass(frozen=True)
class Background:
    """The terms of the corpus's background sample: its size, the distinct (id, term) pairs of its articles (so the
    articles of a selection can be taken out of it without reading them again) and the document frequencies."""

    docs: int
    pairs: pd.DataFrame  # id, term (categorical: a sample of 5,000 articles is ~750,000 pairs)
    terms: pd.DataFrame  # term, docs

    @functools.cached_property
    def idf(self) -> pd.Series:
        return idf(self.terms, self.docs)

    @functools.cached_property
    def weights(self) -> pa.Table:
        """`idf` as an Arrow table (term, weight), for weighing terms inside DuckDB."""
        w = self.idf
        return pa.table(
            {"term": pa.array(w.index.astype(str), pa.string()), "weight": pa.array(w.to_numpy(), pa.float64())}
        )


@dataclass(frozen=True)
class Summary:
    """What sets a selection apart: its size, its distinctive terms and its most representative articles."""

    articles: int  # articles in the selection
    sampled: int  # of which the statistics read this many
    terms: pd.DataFrame  # distinctive_terms() columns
    representative: pd.DataFrame  # id, title, site, published, similarity


def background(cur: duckdb.DuckDBPyConnection, *, sample: int = BACKGROUND_SAMPLE) -> Background:
    n, pairs = queries.background_terms(cur, sample=sample)
    pairs = pairs.astype({"id": "category", "term": "category"})
    return Background(n, pairs, counts_of(pairs))


def doc_terms_table(cur: duckdb.DuckDBPyConnection, articles: pa.Table) -> pa.Table:
    """The stored terms of a batch of articles (see queries.doc_terms_table): title and first TEXT_CHARS."""
    return queries.doc_terms_table(
        cur, articles, chars=TEXT_CHARS, stop_words=list(stop_words()), min_len=TERM_MIN_LEN, max_len=TERM_MAX_LEN
    )


def background_table(cur: duckdb.DuckDBPyConnection) -> pa.Table:
    """The background sample's (id, term) pairs, as the ingest stores them once per corpus change."""
    return queries.background_table(cur, sample=BACKGROUND_SAMPLE)


def _selection_terms(cur: duckdb.DuckDBPyConnection, f: queries.Filters, limit: int, chars: int) -> pd.DataFrame:
    return queries.doc_terms(cur, f, limit=limit)


def _scores(cur: duckdb.DuckDBPyConnection, f: queries.Filters, topic_id: str | None, limit: int) -> pd.Series | None:
    if not topic_id:
        return None
    sc = queries.topic_scores(cur, f, topic_id, limit)
    return sc.set_index("id")["score"].astype(float) if not sc.empty else None


def summarize(
    cur: duckdb.DuckDBPyConnection,
    f: queries.Filters,
    bg: Background,
    *,
    topic_id: str | None = None,
    limit: int = SELECTION_SAMPLE,
    chars: int = TEXT_CHARS,
    top_terms: int = TOP_TERMS,
    top_articles: int = TOP_ARTICLES,
) -> Summary:
    """Distinctive terms of the articles matching `f` against the rest of the corpus, and the articles nearest to
    their term centroid (weighted by their score for `topic_id`, where given). `bg` must come from `background`
    with the same sample size (BACKGROUND_SAMPLE)."""
    n_articles = queries.count_articles(cur, f)
    selected = _selection_terms(cur, f, limit, chars)
    n_sel = min(limit, n_articles)
    overlap = queries.in_sample(cur, f, sample=BACKGROUND_SAMPLE) if n_articles else []
    rest = rest_counts(bg.terms, bg.pairs[bg.pairs["id"].isin(overlap)])
    terms = distinctive_terms(counts_of(selected), n_sel, rest, max(bg.docs - len(overlap), 0), top=top_terms)
    # A few spare candidates, so syndicated copies of one story (same headline on several sites) count once.
    rep = representative(selected, bg.idf, scores=_scores(cur, f, topic_id, limit), top=top_articles * 3)
    info = queries.articles_brief(cur, list(rep["id"]), topic_id)
    rep = rep.merge(info[["id", "title", "site", "published"]], on="id", how="left")
    same_story = rep["title"].fillna("").str.casefold().str.split().str.join(" ")
    rep = rep[~same_story.duplicated() | (same_story == "")].head(top_articles).reset_index(drop=True)
    return Summary(n_articles, n_sel, terms, rep[["id", "title", "site", "published", "similarity"]])


def spike_headlines(
    cur: duckdb.DuckDBPyConnection,
    base: queries.Filters,
    cells: Sequence[tuple[str, dt.date, dt.date]],
    bg: Background,
    *,
    limit: int = SPIKE_SAMPLE,
) -> pd.DataFrame:
    """For each (topic_id, first day, last day) spike, the article that best represents it (nearest to the term
    centroid of that topic's articles in that period, within the `base` filters, as `representative` finds it):
    topic_id, start, id, headline. Every spike is worked out in one query (queries.cell_headlines)."""
    clipped = [
        (i, (topic_id, max(base.start, start) if base.start else start, min(base.end, end) if base.end else end))
        for i, (topic_id, start, end) in enumerate(cells)
    ]
    kept = [(i, cell) for i, cell in clipped if cell[1] <= cell[2]]  # a spike outside the filters' dates: none
    best = queries.cell_headlines(
        cur, base, [cell for _, cell in kept], bg.weights, limit=limit, centroid_terms=CENTROID_TERMS
    )
    out = [
        {"topic_id": kept[k][1][0], "start": cells[kept[k][0]][1], "id": str(aid), "headline": str(title or "")}
        for k, aid, title in zip(best["cell"], best["id"], best["title"], strict=True)
    ]
    return pd.DataFrame(out, columns=["topic_id", "start", "id", "headline"])


CSV_COLUMNS = ("period", "topic", "count", "total_count", "share")


def _period_text(periods: pd.Series) -> pd.Series:
    """Period starts as YYYY-MM-DD; text (an ISO interval "start/end" for a whole-range view) stays as it is."""
    if pd.api.types.is_datetime64_any_dtype(periods) or periods.map(lambda v: isinstance(v, dt.date)).all():
        return pd.to_datetime(periods).dt.strftime("%Y-%m-%d")
    return periods.astype(str)


def chart_csv(frame: pd.DataFrame, *, extra: Sequence[str] = ()) -> str:
    """What the chart shows as CSV: `period, topic, count, total_count, share` (Media Cloud's columns), a `site`
    column after `period` where the view is per site, then `extra` columns (moving average, interval) if any."""
    out = pd.DataFrame({"period": _period_text(frame["period"])})
    if "site" in frame.columns:
        out["site"] = frame["site"].to_numpy()
    out["topic"] = frame["topic"].to_numpy()
    out["count"] = frame["count"].astype("int64").to_numpy()
    out["total_count"] = frame["total"].astype("int64").to_numpy()
    out["share"] = frame["share"].astype(float).round(6).to_numpy()
    for col in extra:
        if col in frame.columns:
            values = frame[col]
            out[col] = values.round(6).to_numpy() if values.dtype.kind == "f" else values.to_numpy()
    return out.to_csv(index=False, lineterminator="\n")
