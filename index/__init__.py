"""Full-text search over the store: the Whoosh index, the query language, snippets, facets and
exports. Reads the archive; never imports Textual."""
