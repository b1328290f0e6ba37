"""The dashboard's pages, one module each with a `render()`; components.nav names them.
May import: components.widgets, components.data, components.nav, newsdesk (never another page)."""
