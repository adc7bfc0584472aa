"""Pure renderers: results in, text out (tables, JSON, CSV, Markdown, annotations)."""
