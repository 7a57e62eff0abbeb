"""The field registry: every public query field, its aliases and its type, in one place.

The query language is an API (saved searches keep working only if names stay stable), so
fields are only ever added here, and the Whoosh schema is derived from this table. Changing
an analyzer or a field changes ``SCHEMA_VERSION``'s fingerprint, which makes the index
rebuild itself into a new folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from archive.refs import reference_forms

Kind = Literal["text", "names", "keyword", "reference", "date", "annotation", "number", "state"]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    #: Whoosh fields this public field searches (several for "from:", "area:").
    indexed_as: tuple[str, ...] = ()
    help: str = ""


FIELDS: tuple[Field, ...] = (
    Field("text", "text", ("body", "content", "words"), ("body",), "the letter's words (stemmed)"),
    Field("ref", "reference", ("reference", "refs", "our", "your"), ("ref",), "reference numbers, however typed"),
    Field("mp", "names", ("member",), ("mp",), "the MP party to the letter"),
    Field("area", "names", ("constituency", "place", "places", "town"), ("area",), "constituency or place"),
    Field("dept", "names", ("department", "org", "organisation", "organization"), ("dept",), "department or public body writing or written to"),
    Field("from", "names", ("sender", "writer"), ("sender",), "who wrote: name, role or organisation"),
    Field("to", "names", ("recipient", "addressee"), ("recipient",), "who it was written to"),
    Field("signatory", "names", ("signed", "signer"), ("sender",), "the person who signed (searches the writer)"),
    Field("cc", "names", ("copied", "copy"), ("cc",), "people copied in"),
    Field("subject", "text", ("re", "title"), ("subject",), "the subject line"),
    Field("dir", "keyword", ("direction",), ("direction",), "to_mp, from_mp or other"),
    Field("date", "date", ("dated", "on"), ("date",), "2016, 2016-10, 2016-10-24, 2016-01..2016-06, ..2016, 2016.., >2016-06"),
    Field("year", "number", (), ("year",), "the year of the letter: 2016, 2015..2017, >2015"),
    Field("tag", "annotation", ("tags", "tagged"), (), "your tags (current the moment they change)"),
    Field("has", "state", (), (), "has:reply (answered in the archive), has:note, has:tag, has:ocr (read from a scan)"),
    Field("is", "state", (), (), "is:reply, is:unpaired, is:unanswered (an MP's letter with no reply), is:uncertain (a doubtful link)"),
    Field("days", "number", ("replydays",), (), "working days to the reply: days:>20, days:<=20, days:5..10"),
    Field("id", "keyword", ("letter",), ("id",), "the letter's id"),
    Field("format", "keyword", ("type",), ("format",), "txt, md, pdf, docx, eml, png, jpeg or tiff; ocr for text read from a scan"),
)  # fmt: skip

DIRECTION_VALUES = ("to_mp", "from_mp", "other")
#: The values of the "state" fields: facts from the pairing and the annotations, not the index.
STATE_VALUES: Mapping[str, tuple[str, ...]] = {
    "has": ("reply", "note", "tag", "ocr"),
    "is": ("reply", "unpaired", "unanswered", "answered", "uncertain"),
}


@lru_cache(maxsize=1)
def by_name() -> Mapping[str, Field]:
    """Public names and aliases (lower case) to their field."""
    table: dict[str, Field] = {}
    for field in FIELDS:
        for name in (field.name, *field.aliases):
            table[name.lower()] = field
    return table


def lookup(name: str) -> Field | None:
    return by_name().get(name.lower())


def suggest_field(name: str) -> str | None:
    """The field name closest to a mistyped one ("mpp" -> "mp"), if any is close."""
    import difflib

    match = difflib.get_close_matches(name.lower(), list(by_name()), n=1, cutoff=0.6)
    return by_name()[match[0]].name if match else None


def typed_reference(query: str) -> tuple[str, bool] | None:
    """A one-word query read as a reference: (the reference, whether a reference field's
    name or alias opens it, "ref:M11295/16", "your:M11295/16"); None for any other query."""
    words = query.split()
    if len(words) != 1:
        return None
    name, colon, value = words[0].partition(":")
    field = lookup(name) if colon else None
    if field is not None and field.kind == "reference":
        return value, True
    return words[0], False


# -- analysis ------------------------------------------------------------------------------------

# Words joined by apostrophes or inner dots stay whole ("children's", "gov.uk").
TOKEN_PATTERN = r"\w+(?:['’.]\w+)*"


# -- schema --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def schema() -> Any:
    """The Whoosh schema, built from this registry."""
    from whoosh import analysis, fields

    from index.analysis import FusedStemmingAnalyzer
    from index.phrase import ArrayPositions

    # Whoosh's StemmingAnalyzer, token for token, in one loop (see index.analysis).
    stem = FusedStemmingAnalyzer(TOKEN_PATTERN)
    names = analysis.RegexTokenizer(TOKEN_PATTERN) | analysis.LowercaseFilter()
    built = fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        # The content hash is read back (which letters are out of date), never searched.
        sha=fields.STORED(),
        body=fields.TEXT(analyzer=stem, phrase=True),
        subject=fields.TEXT(analyzer=stem, phrase=True),
        ref=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        # Names need no positions: "mp:Lucy Allan" is both words in the MP's name.
        mp=fields.TEXT(analyzer=names, phrase=False),
        area=fields.TEXT(analyzer=names, phrase=False),
        dept=fields.TEXT(analyzer=names, phrase=False),
        sender=fields.TEXT(analyzer=names, phrase=False),
        recipient=fields.TEXT(analyzer=names, phrase=False),
        cc=fields.TEXT(analyzer=names, phrase=False),
        direction=fields.ID(),
        # The file's format, and "ocr" beside it when some of its text was read from a scan.
        format=fields.KEYWORD(lowercase=True),
        date=fields.NUMERIC(int, bits=32, signed=False),
        year=fields.NUMERIC(int, bits=32, signed=False),
        # Facet and sort values, read once per searcher into memory (see index.columns).
        c_mp=fields.ID(sortable=True),
        c_area=fields.ID(sortable=True),
        c_dept=fields.ID(sortable=True),
        c_dir=fields.ID(sortable=True),
        c_date=fields.NUMERIC(int, bits=32, signed=False, sortable=True),
    )
    # No field keeps per-letter lengths: scoring does without them (see index.scoring),
    # and writing them with every posting doubled the time to commit.
    for _name, field in built.items():
        field.scorable = False
    # The c_ fields are read as columns only (index.columns); their terms, eight a letter
    # for a date, were written and never searched.
    for name in ("c_mp", "c_area", "c_dept", "c_dir", "c_date"):
        built[name].indexed = False
    # Positions as arrays: phrases are checked for thousands of letters at once.
    for name in ("body", "subject"):
        built[name].format = ArrayPositions(field_boost=built[name].format.field_boost)
    return built


#: Raise by hand when what goes into the index changes in a way the fingerprint cannot see
#: (for example, a different way of preparing a field's text).
SCHEMA_VERSION = 4


def schema_fingerprint() -> str:
    """Changes whenever a field, an analyzer or this registry changes."""
    # Fields answered outside the index (tags, pairing) do not change what is indexed.
    indexed = tuple(f for f in FIELDS if f.indexed_as)
    parts = [str(SCHEMA_VERSION), TOKEN_PATTERN, repr(indexed), repr(reference_forms("Ab12/3-4"))]
    for name, field in sorted(schema().items()):
        analyzer = getattr(field, "analyzer", None)
        items = getattr(analyzer, "items", [analyzer]) if analyzer is not None else []
        parts.append(f"{name}:{type(field).__name__}:{[type(i).__name__ for i in items]}")
        parts.append(f"{getattr(field, 'stored', '')}:{getattr(field, 'scorable', '')}")
        parts.append(f"indexed:{getattr(field, 'indexed', '')}")
        parts.append(type(getattr(field, "format", None)).__name__)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
