"""The Streamlit side: `app.py` wires `pages/` (one module a page, named in `nav.py`); they draw with `widgets/` and
read through the one cached layer `data.py`. May import: newsdesk (never the other way)."""
