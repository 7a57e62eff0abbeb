"""The archive: the letters, their metadata, the store, the annotations and the pairing.

Reading letters, extracting their metadata, the store of records, texts and annotations,
and pairing letters with their replies. Imports nothing above it (no index, no UI).
"""
