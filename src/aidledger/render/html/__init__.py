"""The report and the statement as one self-contained HTML page, with SVG charts inline.

Imported only for `--format html`: Jinja2, pygal and networkx come with the `html` extra.
"""
