"""The user interface: the Textual app (screens, widgets) and the `dispatchbox` command line.

It talks to archive/ and index/ only from workers."""
