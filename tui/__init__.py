"""The user interface: the Textual app (screens, widgets) and the `dispatchbox` command line.
Talks to archive/ and index/ only from workers."""
