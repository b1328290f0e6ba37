"""Newsdesk dashboard: open the store, then hand over to the page the visitor chose (components/pages/ render)."""

import streamlit as st

from components import bootstrap, nav

# The page icon is an emoji, drawn locally: a material icon would be fetched from a font CDN, which fails offline.
st.set_page_config(page_title="Newsdesk", page_icon="📰", layout="wide")
bootstrap.open_store()
st.navigation(nav.all_pages()).run()
