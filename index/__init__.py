"""Full-text search over the store: the index, the query language, snippets, facets, exports.

Reads the archive; never imports Textual.
"""
