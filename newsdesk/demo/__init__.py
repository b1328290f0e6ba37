"""The synthetic demo corpus (invented sites, people and stories from a seeded generator), written in every supported
format. May import: newsdesk.models."""
