"""Newsdesk dashboard: open the store, then hand over to the page the visitor chose (components/ render)."""

import streamlit as st

from components import bootstrap, pages

st.set_page_config(page_title="Newsdesk", page_icon=":material/newspaper:", layout="wide")
bootstrap.open_store()
st.navigation([pages.dashboard(), pages.ingest()]).run()
