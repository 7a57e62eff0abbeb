"""The workbench's widgets: results list, reader, facets, search bar, compare view, footer."""
