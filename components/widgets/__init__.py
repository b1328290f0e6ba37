"""What the pages draw and share: filters, the coverage chart, the article list, the reader, the review panel and
queue, URL state, safe text. May import: components.data, components.nav, each other, newsdesk (never a page)."""
