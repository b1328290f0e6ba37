"""The Topics page: shape the topics the dashboard charts.

Rule topics: a table of the keyword queries in the topics file with their article counts, and an editor with a
live count of the articles a query matches (and a few of their headlines) before it is saved; saving rewrites the
file and re-tags the stored articles at once. Discovered topics: how many to learn, new names and merges, kept in
the database and re-applied whenever discovery finds the same topics again. The write side is analysis.topic_admin;
every article title shown goes through safe_text.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from components import data
from components.widgets import header
from components.widgets.safe import safe_code, safe_text
from newsdesk import settings
from newsdesk.analysis import discovery, topic_admin
from newsdesk.analysis.discovery import MIN_ARTICLES_FOR_DISCOVERY
from newsdesk.analysis.topics import RuleTopic, TopicsFileError
from newsdesk.store import StoreLockedError

PICK_KEY = "tp_rule_pick"  # the rule topic being edited (NEW for a new one)
NONCE_KEY = "tp_rule_nonce"  # bumped to reload the editor's fields from the file
CONFIRM_KEY = "tp_rule_confirm_delete"  # name of the rule topic waiting for a delete confirmation
ERRORS_KEY = "tp_rule_errors"  # problems found by the last Save, shown above the buttons
FLASH_KEY = "tp_flash"  # (kind, message) shown once after a rerun: "success", "error" or "info"
FILE_KEY = "tp_rules_file"  # the topics file as this session read it (its digest guards against lost edits)
DISC_COUNT_KEY = "tp_disc_count"
DISC_AUTO_KEY = "tp_disc_auto"
NEW = "\u0000new"  # the "new rule topic" choice: a value no topic name can have
SAMPLE_HEADLINES = 5
MAX_DISCOVERED = 50  # more topics than this is no longer a readable chart legend
# The rule table shows every topic without scrolling up to this many (Streamlit draws 35 px rows under a 35 px header).
TABLE_MAX_ROWS = 15
TABLE_ROW_PX = 35
TABLE_HEADER_PX = 38

SYNTAX_HELP = """\
| write | matches |
|---|---|
| `word` | the whole word, in any case and with or without accents (`election` also finds *Élection*) |
| `elect*` | any word starting with *elect* (*election*, *electorate*…) |
| `"polling station"` | the words in this order, with any spaces or punctuation between them |
| `a OR b`, or just `a b` | either |
| `a AND b` | both |
| `NOT a` | articles without *a*, e.g. `ballot* AND NOT "student union"` |
| `( … )` | grouping: NOT binds tighter than AND, AND tighter than OR |
"""


_CHANGED_ON_DISK = (
    "Not saved: the topics file changed on disk after this page read it (edited by hand, or saved from another "
    "browser tab). The page now shows the file as it is: make your change again."
)


def _flash(kind: str, message: str) -> None:
    st.session_state[FLASH_KEY] = (kind, message)


def _show_flash() -> None:
    flash = st.session_state.pop(FLASH_KEY, None)
    if not flash:
        return
    kind, message = flash
    icons = {"success": ":material/check_circle:", "error": ":material/error:", "info": ":material/info:"}
    getattr(st, kind)(message, icon=icons.get(kind))


def _field_key(field: str, pick: str) -> str:
    """The editor widget's key for this topic: a fresh key per topic and per reload fills it from the file."""
    digest = hashlib.sha1(pick.encode("utf-8")).hexdigest()[:10]
    return f"tp_{field}_{digest}_{st.session_state.get(NONCE_KEY, 0)}"


def _reload_editor() -> None:
    st.session_state[NONCE_KEY] = st.session_state.get(NONCE_KEY, 0) + 1
    st.session_state.pop(ERRORS_KEY, None)


def _rules_file() -> topic_admin.RulesFile:
    """The topics file, read again whenever it changed on disk (another tab saved, or someone edited it by hand):
    the editor's unsaved fields stay, and a save then starts from the file as it is."""
    path = settings.TOPICS.path()
    current: topic_admin.RulesFile | None = st.session_state.get(FILE_KEY)
    if current is None or current.path != path or topic_admin.file_digest(path) != current.digest:
        if current is not None and current.path == path:
            _flash("info", "The topics file changed on disk (saved from another tab, or edited by hand): the page now "
                   "shows it as it is.")  # fmt: skip
        current = topic_admin.read_rules_file(path)
        st.session_state[FILE_KEY] = current
    return current


def _edited(pick: str) -> RuleTopic:
    return RuleTopic(
        str(st.session_state.get(_field_key("name", pick), "")),
        str(st.session_state.get(_field_key("query", pick), "")),
        str(st.session_state.get(_field_key("desc", pick), "")).strip(),
    )


def _save(pick: str) -> None:
    """Save the editor's topic (a button callback: it runs before the page is drawn again)."""
    current: topic_admin.RulesFile = st.session_state[FILE_KEY]
    edited = _edited(pick)
    others = [r for r in current.rules if r.name != pick]
    problems = topic_admin.validate_rule(edited, others)
    if problems:
        st.session_state[ERRORS_KEY] = problems
        return
    rules = [edited if r.name == pick else r for r in current.rules] if pick != NEW else [*current.rules, edited]
    store = data.get_store(data.db_path())
    renamed = {pick: edited.name} if pick != NEW and edited.name != pick else None
    try:
        result = topic_admin.save_rules(store, current, rules, renamed)
    except topic_admin.FileChangedError:
        st.session_state.pop(FILE_KEY, None)
        _reload_editor()
        _flash("error", _CHANGED_ON_DISK)
        return
    except StoreLockedError as exc:
        _flash("error", f"Not saved: {safe_text(exc)}.")
        return
    except OSError as exc:
        st.session_state[ERRORS_KEY] = [
            f"The topics file could not be written ({exc.strerror or exc}): check it is writable."
        ]
        return
    st.session_state[FILE_KEY] = result.file
    st.session_state[PICK_KEY] = edited.name
    _reload_editor()
    verb = "Added" if pick == NEW else "Saved"
    how = _how(result.applied)
    _flash("success", f"{verb} rule topic **{safe_text(edited.name)}**. {how}")


def _how(applied: topic_admin.RulesApplied) -> str:
    parts = []
    if applied.matched:
        parts.append(f"matched {', '.join(safe_text(n) for n in applied.matched)} against every stored article")
    if applied.renamed:
        parts.append("renamed " + ", ".join(f"{safe_text(a)} → {safe_text(b)}" for a, b in applied.renamed))
    if applied.removed:
        parts.append(f"removed {', '.join(safe_text(n) for n in applied.removed)}")
    done = "; ".join(parts) or "nothing to match again"
    return (
        f"{safe_code(settings.TOPICS.path().name)} rewritten; {done} in {applied.seconds:.1f} s. Charts are up to date."
    )


def _delete(name: str) -> None:
    current: topic_admin.RulesFile = st.session_state[FILE_KEY]
    st.session_state.pop(CONFIRM_KEY, None)
    store = data.get_store(data.db_path())
    try:
        result = topic_admin.save_rules(store, current, [r for r in current.rules if r.name != name])
    except topic_admin.FileChangedError:
        st.session_state.pop(FILE_KEY, None)
        _flash("error", _CHANGED_ON_DISK.replace("Not saved", "Not deleted"))
        return
    except StoreLockedError as exc:
        _flash("error", f"Not deleted: {safe_text(exc)}.")
        return
    except OSError as exc:
        _flash("error", f"Not deleted: the topics file could not be written ({safe_text(exc.strerror or exc)}).")
        return
    st.session_state[FILE_KEY] = result.file
    st.session_state[PICK_KEY] = NEW
    _reload_editor()
    _flash("success", f"Deleted rule topic **{safe_text(name)}**. {_how(result.applied)}")


def _apply_file() -> None:
    """Apply the topics file as it is on disk to the stored articles (it was edited outside the app)."""
    st.session_state.pop(FILE_KEY, None)
    current = topic_admin.read_rules_file(settings.TOPICS.path())
    st.session_state[FILE_KEY] = current
    try:
        applied = topic_admin.set_rules(data.get_store(data.db_path()), list(current.rules))
    except StoreLockedError as exc:
        _flash("error", f"Not applied: {safe_text(exc)}.")
        return
    _reload_editor()
    _flash("success", f"Applied the topics file to the stored articles. {_how(applied)}")


def _reload_file() -> None:
    st.session_state.pop(FILE_KEY, None)
    _reload_editor()


def _query_error(preview: topic_admin.Preview) -> None:
    st.error(safe_text(preview.error), icon=":material/error:")
    if preview.position:
        caret = " " * (preview.position - 1) + "^"
        st.code(f"{preview.query}\n{caret}", language=None)


def _preview(
    path: str, version: int, query: str, saved: RuleTopic | None, saved_count: int | None, applied: bool
) -> None:
    """The live count for the query in the editor, with the newest matching headlines (a saved, applied rule's
    from the rows the store holds; an edited query's by matching it over the stored texts)."""
    stored = f"rule:{saved.name}" if saved is not None and applied and query == saved.query else None
    preview = data.rule_preview(path, version, query, SAMPLE_HEADLINES, stored)
    if preview.error:
        _query_error(preview)
        return
    share = f" ({preview.matches / preview.total:.1%})" if preview.total else ""
    if preview.sampled:
        st.markdown(f"Matches about **{preview.matches:,}** of {preview.total:,} stored articles{share}.")
        st.caption(
            f"Estimated from {preview.sampled:,} articles spread over the corpus, to keep the count live while you "
            "type; saving the rule matches every article."
        )
    else:
        st.markdown(f"Matches **{preview.matches:,}** of {preview.total:,} stored articles{share}.")
    if saved is not None and saved_count is not None and query != saved.query:
        diff = preview.matches - saved_count
        change = "as many" if diff == 0 else f"{abs(diff):,} {'more' if diff > 0 else 'fewer'}"
        if preview.sampled:
            change = f"about {change}"
        st.caption(f"The saved query matches {saved_count:,}: this one, {change}.")
    if preview.samples:
        lines = [
            f"- {safe_text(published) or 'undated'} · {safe_text(title) or '(no title)'} · {safe_text(site)}"
            for published, title, site in preview.samples
        ]
        st.caption("Newest matching articles" + (" in the sample:" if preview.sampled else ":"))
        st.markdown("\n".join(lines))


def _rule_table(path: str, version: int, current: topic_admin.RulesFile) -> dict[str, int]:
    counts_df = data.topics(path, version, "rule")
    counts = {str(n): int(c) for n, c in zip(counts_df["name"], counts_df["articles"], strict=True)}
    if not current.rules:
        st.info("No rule topics yet: add the first one below.", icon=":material/label:")
        return counts
    table = pd.DataFrame(
        {
            "Topic": [r.name for r in current.rules],
            "Articles": [counts.get(r.name) for r in current.rules],
            "Query": [r.query for r in current.rules],
            "Description": [r.description for r in current.rules],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=TABLE_HEADER_PX + TABLE_ROW_PX * min(len(table), TABLE_MAX_ROWS) + 2,
        column_config={
            "Topic": st.column_config.TextColumn(width=150),
            "Articles": st.column_config.NumberColumn(format="%d", width=80),
            "Query": st.column_config.TextColumn(width=560),
            "Description": st.column_config.TextColumn(width=220),
        },
    )
    return counts


def _editor(path: str, version: int, current: topic_admin.RulesFile, counts: dict[str, int]) -> None:
    """The fields on the left, the live count of what the query matches on the right, the buttons below."""
    names = current.names()
    if st.session_state.get(PICK_KEY) not in (NEW, *names):
        st.session_state[PICK_KEY] = names[0] if names else NEW
    form, live = st.columns([3, 2], gap="large")
    with form:
        pick: str = st.selectbox(
            "Rule topic to edit",
            [NEW, *names],
            format_func=lambda n: "➕ New rule topic" if n == NEW else n,
            key=PICK_KEY,
            on_change=lambda: st.session_state.pop(ERRORS_KEY, None),
        )
        saved = current.get(pick) if pick != NEW else None
        name_col, desc_col = st.columns([1, 2])
        name = name_col.text_input(
            "Name", value=saved.name if saved else "", key=_field_key("name", pick), max_chars=80
        )
        desc_col.text_input(
            "Description (optional)", value=saved.description if saved else "", key=_field_key("desc", pick)
        )
        query = st.text_area(
            "Query",
            value=saved.query if saved else "",
            key=_field_key("query", pick),
            height=110,
            placeholder='e.g. election* OR ballot* OR "polling station*"',
            help="Press Ctrl+Enter (or click outside the box) to count the matching articles.",
        )
        with st.expander("Query syntax"):
            st.markdown(SYNTAX_HELP)
    with live, st.container(border=True):
        st.markdown("**Articles this query matches**")
        if query.strip():
            applied = data.applied_rules_hash(path, version) == topic_admin.rules_hash(current.rules)
            _preview(path, version, query, saved, counts.get(pick) if saved else None, applied)
        else:
            st.caption("Write a query to see how many stored articles it matches, before saving it.")

    for problem in st.session_state.get(ERRORS_KEY, []):
        st.error(safe_text(problem), icon=":material/error:")
    changed = saved is None or (name, query, _edited(pick).description) != (saved.name, saved.query, saved.description)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(
            "Add topic" if saved is None else "Save changes",
            type="primary",
            icon=":material/save:",
            on_click=_save,
            args=(pick,),
            disabled=not changed,
            key="tp_save",
        )
        if saved is not None:
            st.button("Discard changes", on_click=_reload_editor, disabled=not changed, key="tp_discard")
            st.button(
                "Delete…",
                icon=":material/delete:",
                on_click=lambda: st.session_state.__setitem__(CONFIRM_KEY, pick),
                key="tp_delete",
            )
            if changed:
                st.caption("Unsaved changes.")
    if saved is not None and st.session_state.get(CONFIRM_KEY) == pick:
        n = counts.get(pick, 0)
        with st.container(border=True):
            st.warning(
                f"Delete rule topic **{safe_text(pick)}**? It is removed from "
                f"{safe_code(settings.TOPICS.path().name)} and from the {n:,} articles it tags.",
                icon=":material/warning:",
            )
            with st.container(horizontal=True):
                st.button("Yes, delete", type="primary", on_click=_delete, args=(pick,), key="tp_delete_yes")
                st.button("Cancel", on_click=lambda: st.session_state.pop(CONFIRM_KEY, None), key="tp_delete_no")


def _rules_tab(path: str, version: int) -> None:
    topics_path = settings.TOPICS.path()
    try:
        current = _rules_file()
        _show_flash()
    except (TopicsFileError, OSError) as exc:
        st.error(
            f"The topics file cannot be used: {safe_text(exc)}  \n"
            f"Fix {safe_code(topics_path)} by hand (its header explains the syntax), then reload this page.",
            icon=":material/error:",
        )
        st.button("Reload", on_click=_reload_file, icon=":material/refresh:", key="tp_reload_broken")
        return
    st.caption(
        f"Keyword queries saved in {safe_code(topics_path)}. Saving rewrites that file and re-tags the stored "
        "articles straight away, without re-ingesting. The file's header and the comment lines just above each "
        "topic are kept; comments elsewhere (at the end of a line, between keys) are not."
    )
    if data.applied_rules_hash(path, version) != topic_admin.rules_hash(current.rules):
        with st.container(border=True):
            st.warning(
                f"The stored articles do not carry the rule topics of {safe_code(topics_path)} (the file was edited "
                "outside the app, or points elsewhere). Apply it to see its topics on the dashboard.",
                icon=":material/sync_problem:",
            )
            with st.container(horizontal=True):
                st.button("Apply the file now", type="primary", on_click=_apply_file, key="tp_apply_file")
                st.button("Re-read the file", on_click=_reload_file, key="tp_reread")
    counts = _rule_table(path, version, current)
    st.subheader("Add or edit a rule topic", anchor=False)
    _editor(path, version, current, counts)


# ----------------------------------------------------------------------------------------------------- discovered
def _rename(topic_id: str, key: str) -> None:
    name = str(st.session_state.get(key, ""))
    try:
        topic_admin.rename_topic(data.get_store(data.db_path()), topic_id, name)
    except (topic_admin.ChoiceError, StoreLockedError) as exc:
        _flash("error", safe_text(exc))
        return
    st.session_state.pop(key, None)
    _flash(
        "success", f"Renamed to **{safe_text(' '.join(name.split()))}**; the name is kept when discovery runs again."
    )


def _merge(key_ids: str, key_name: str) -> None:
    ids = list(st.session_state.get(key_ids) or [])
    name = str(st.session_state.get(key_name, ""))
    try:
        topic_admin.merge_topics(data.get_store(data.db_path()), ids, name)
    except (topic_admin.ChoiceError, StoreLockedError) as exc:
        _flash("error", safe_text(exc))
        return
    st.session_state.pop(key_ids, None)
    st.session_state.pop(key_name, None)
    _flash("success", f"Merged {len(ids)} topics into **{safe_text(' '.join(name.split()))}**.")


def _split(key: str) -> None:
    topic_id = st.session_state.get(key)
    try:
        topic_admin.split_topic(data.get_store(data.db_path()), str(topic_id))
    except (topic_admin.ChoiceError, StoreLockedError) as exc:
        _flash("error", safe_text(exc))
        return
    _flash("success", "Split: its topics show separately again.")


def _forget() -> None:
    try:
        n = topic_admin.forget_stale_choices(data.get_store(data.db_path()))
    except StoreLockedError as exc:
        _flash("error", safe_text(exc))
        return
    _flash("info", f"Forgot {n} choice{'s' if n != 1 else ''} that no longer applied.")


def _count_picker(path: str, version: int, info: dict[str, Any], n_articles: int) -> None:
    chosen = info["chosen"]
    with st.container(border=True):
        st.markdown("**Number of discovered topics**")
        auto = st.toggle(
            "Automatic (from the size of the corpus)",
            value=chosen is None,
            key=DISC_AUTO_KEY,
        )
        count = None
        if not auto:
            count = st.number_input(
                "Topics to find",
                min_value=2,
                max_value=MAX_DISCOVERED,
                value=int(chosen or max(info["found"], 2)),
                step=1,
                key=DISC_COUNT_KEY,
            )
        same = (None if auto else int(count or 0)) == chosen and info["asked"] == chosen
        label = "Run discovery again" if same else "Run discovery with this number"
        if st.button(label, icon=":material/refresh:", key="tp_disc_run"):
            wanted = None if auto else int(count or 0)
            try:
                with st.spinner(f"Learning topics from {n_articles:,} articles… (a few minutes on a big corpus)"):
                    found = discovery.set_topic_count(data.get_store(path), wanted)
            except StoreLockedError as exc:
                st.error(safe_text(exc), icon=":material/lock:")
                return
            how = "automatic number" if wanted is None else f"{wanted} asked for"
            _flash("success", f"Discovery found {found} topics ({how}). Your names and merges were re-applied where "
                   "the same topics came back.")  # fmt: skip
            st.rerun()
        st.caption(
            f"Now: {info['found']} topics, "
            + ("chosen automatically." if info["asked"] is None else f"{info['asked']} asked for.")
        )


def _discovered_tab(path: str, version: int) -> None:
    st.caption(
        "Learned from the corpus and labelled by their top terms. Your names and merges are kept in the database "
        "and re-applied whenever discovery finds the same topics again (after a restart or a re-ingest); a choice "
        "whose topics are no longer found is listed below instead of being pinned on another topic."
    )
    info = data.discovery_info(path, version)
    n_articles = int(data.stats(path, version)["articles"])
    status = info["status"]
    if status.stale:
        with st.container(border=True):
            st.warning(
                "Discovery changed since these choices were made (new articles, or another number of topics), so "
                "they no longer match any topic:  \n" + "  \n".join(f"- {safe_text(s)}" for s in status.stale),
                icon=":material/sync_problem:",
            )
            st.caption("They come back if discovery finds those topics again (e.g. with the earlier number).")
            st.button("Forget these choices", on_click=_forget, key="tp_forget")
    rows = data.discovered_topics(path, version)
    if rows:
        st.dataframe(
            pd.DataFrame(rows)[["name", "articles", "terms", "note"]],
            hide_index=True,
            width="stretch",
            height=TABLE_HEADER_PX + TABLE_ROW_PX * min(len(rows), TABLE_MAX_ROWS) + 2,
            column_config={
                "name": st.column_config.TextColumn("Topic", width=240),
                "articles": st.column_config.NumberColumn("Articles", format="%d", width=80),
                "terms": st.column_config.TextColumn("Top terms", width=470),
                "note": st.column_config.TextColumn("Your change", width=260),
            },
        )
    else:
        st.info(
            f"No discovered topics yet: discovery needs at least {MIN_ARTICLES_FOR_DISCOVERY} articles, and this "
            f"corpus has {n_articles:,}.",
            icon=":material/hub:",
        )
    count_col, rename_col, merge_col = st.columns(3, gap="medium")
    with count_col:
        _count_picker(path, version, info, n_articles)
    if not rows:
        return
    names = {r["id"]: r["name"] for r in rows}
    with rename_col, st.container(border=True):
        st.markdown("**Rename a topic**")
        picked = st.selectbox("Topic", list(names), format_func=names.__getitem__, key="tp_rename_pick")
        key = f"tp_rename_name_{picked}"
        st.text_input("New name", value=names.get(picked, ""), key=key, max_chars=80)
        st.button("Rename", on_click=_rename, args=(picked, key), key="tp_rename_go", icon=":material/edit:")
    with merge_col, st.container(border=True):
        st.markdown("**Merge topics into one**")
        st.multiselect("Topics to merge (two or more)", list(names), format_func=names.__getitem__, key="tp_merge_pick")
        st.text_input("Name of the merged topic", key="tp_merge_name", max_chars=80)
        st.button("Merge", on_click=_merge, args=("tp_merge_pick", "tp_merge_name"), key="tp_merge_go",
                  icon=":material/merge:")  # fmt: skip
        merged = {r["id"]: r["name"] for r in rows if r["merged"]}
        if merged:
            st.divider()
            st.markdown("**Split a merged topic**")
            st.selectbox("Merged topic", list(merged), format_func=merged.__getitem__, key="tp_split_pick")
            st.button("Split", on_click=_split, args=("tp_split_pick",), key="tp_split_go",
                      icon=":material/call_split:")  # fmt: skip


def render() -> None:
    path = data.db_path()
    version = data.version(path)
    header.render(path, version, title="Topics")
    _show_flash()
    rules_tab, discovered_tab = st.tabs(["Rule topics", "Discovered topics"])
    with rules_tab:
        _rules_tab(path, version)
    with discovered_tab:
        _discovered_tab(path, version)
