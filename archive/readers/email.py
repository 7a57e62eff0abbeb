"""E-mail .eml: the letter is the message body; headers are kept beside it, attachments named."""

from __future__ import annotations

import codecs
import email
import email.header
import email.policy
import re
from collections.abc import Iterator
from email.errors import InvalidHeaderDefect
from email.message import EmailMessage
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any

from archive.models import ReadDocument
from archive.readers import ReadError, describe_error
from archive.readers.text import decode_guessing, decode_windows_1252

#: The headers kept, as ``ReadDocument.headers`` keys.
HEADERS = ("date", "from", "to", "cc", "subject")
#: A message needs at least one of these to count as one.
_IDENTIFYING_HEADERS = ("from", "to", "subject", "date")

_CODEC_LABELS = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}
# Folding: a line break followed by a space or tab continues the header (RFC 5322 2.2.3).
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# HTML collapses any run of these into one space, except inside <pre>.
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def read_eml(data: bytes) -> ReadDocument:
    """Read an e-mail: its text/plain body (else its HTML body as text) and its main headers."""
    if not data:
        raise ReadError("empty file")
    try:
        message = email.message_from_bytes(data, _class=_Message, policy=email.policy.default)
    except Exception as error:
        raise ReadError("not an e-mail message") from error
    if not isinstance(message, EmailMessage) or not any(
        name in message for name in _IDENTIFYING_HEADERS
    ):
        raise ReadError("not an e-mail message")

    try:
        headers = {name: value for name in HEADERS if (value := _header(message, name))}
        text, charset, warnings = _body_text(message)
        attachments = _attachment_names(message)
    except ReadError:
        raise
    except Exception as error:
        raise ReadError(f"damaged e-mail: {describe_error(error)}") from error

    if attachments:
        warnings.append(f"attachments not imported: {', '.join(attachments)}")
    return ReadDocument(
        text=text,
        format="eml",
        encoding=charset,
        headers=MappingProxyType(headers),
        warnings=tuple(warnings),
    )


def html_to_text(html: str) -> str:
    """Plain text of an HTML body: scripts and styles dropped, paragraphs and line breaks kept."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return parser.text()


def _header(message: EmailMessage, name: str) -> str:
    raw = _raw_header(message, name)
    if raw is None:
        return ""
    if name == "date":
        # As written: the parsed form rewrites it ("5 Mar" becomes "05 Mar", comments go).
        return raw
    try:
        parsed = message[name]
    except Exception:
        # The standard library's address parser raises on some malformed headers.
        return _decode_words(raw)
    # A malformed address list parses into fragments ("<>, unterminated"); the raw header, with
    # its encoded words decoded, keeps what the sender wrote.
    if any(isinstance(defect, InvalidHeaderDefect) for defect in parsed.defects):
        return _decode_words(raw)
    return str(parsed).strip()


def _raw_header(message: EmailMessage, name: str) -> str | None:
    """The first ``name`` header unfolded, with 8-bit bytes read as UTF-8 (else Windows-1252)."""
    for key, value in message.raw_items():
        if key.lower() == name:
            # The parser keeps 8-bit header bytes as surrogate escapes.
            raw_bytes = _FOLD.sub("", str(value)).encode("utf-8", "surrogateescape")
            return decode_guessing(raw_bytes)[0].strip()
    return None


def _decode_words(raw: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(raw))).strip()
    except Exception:
        return raw


def _body_text(message: EmailMessage) -> tuple[str, str | None, list[str]]:
    """The letter's text, the charset it was read with, and warnings about how it was read."""
    candidates = [
        part
        for part in (message.get_body(("plain",)), message.get_body(("html",)))
        if isinstance(part, EmailMessage)
    ]
    if not candidates:
        names = _attachment_names(message)
        if names:
            raise ReadError(f"no letter text (only attachments: {', '.join(names)})")
        raise ReadError("not an e-mail message")
    # Some mailers send an empty text/plain alternative beside the real HTML body.
    for part in candidates:
        text, charset, warnings = _part_text(part)
        if part.get_content_subtype() == "html":
            text = html_to_text(text)
            warnings.append("HTML body converted to text")
        if text.strip():
            return text, charset, warnings
    raise ReadError("no text (whitespace only)")


def _part_text(part: EmailMessage) -> tuple[str, str | None, list[str]]:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = b""
    declared = part.get_content_charset()
    codec: str | None = None
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            text, guessed = decode_guessing(payload)
            return text, guessed, [f"unknown charset {declared!r}; read as {_label(guessed)}"]

    if codec is None or codec == "ascii":
        if payload.isascii():
            return payload.decode("ascii"), "ascii", []
        # 8-bit text labelled ASCII, or not labelled at all, is in practice one of these two.
        text, guessed = decode_guessing(payload)
        label = f"charset {declared!r}" if declared else "no charset"
        return text, guessed, [f"8-bit text with {label}; read as {_label(guessed)}"]

    if codec == "iso8859-1" and _C1_BYTES.search(payload):
        # Mailers label Windows-1252 text ISO-8859-1; those bytes are its curly quotes and
        # dashes there, and unprintable controls in ISO-8859-1 (browsers do the same).
        return decode_windows_1252(payload), "cp1252", []

    try:
        return payload.decode(codec), codec, []
    except UnicodeDecodeError as error:
        return (
            payload.decode(codec, "replace"),
            codec,
            [f"not valid {declared} (first bad byte at offset {error.start}); bad bytes replaced"],
        )


def _attachment_names(message: EmailMessage) -> list[str]:
    return list(_iter_attachment_names(message))


def _iter_attachment_names(message: EmailMessage) -> Iterator[str]:
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage):
            continue
        if part.get_content_maintype() == "multipart":
            yield from _iter_attachment_names(part)
            continue
        try:
            filename = part.get_filename()
        except Exception:
            # A garbled Content-Disposition must not cost the letter its text.
            filename = None
        if filename:
            yield filename
        elif part.get_content_type() == "message/rfc822":
            yield "forwarded message"
        else:
            yield f"unnamed {part.get_content_type()} part"


def _label(codec: str) -> str:
    return _CODEC_LABELS.get(codec, codec)


class _Message(EmailMessage):
    """A message whose headers are each parsed into a value once, not on every read.

    The standard policy parses a header again each time it is read, and parsing a message
    and finding its body read Content-Type about fourteen times (most of the time reading an
    e-mail takes). A value is kept with the number of headers the message had when it was
    parsed: the parser only ever adds headers, and this reader never changes a message.
    """

    def get(self, name: str, failobj: Any = None) -> Any:
        parsed: dict[str, tuple[int, Any]] = self.__dict__.setdefault("_parsed_headers", {})
        key = name.lower()
        count = len(self._headers)  # type: ignore[attr-defined]
        known = parsed.get(key)
        if known is None or known[0] != count:
            known = parsed[key] = (count, super().get(name, _MISSING))
        return failobj if known[1] is _MISSING else known[1]

    def __getitem__(self, name: str) -> Any:
        return self.get(name)


_MISSING = object()


class _HtmlText(HTMLParser):
    """Collects an HTML body's text the way a mail program lays it out, minus the styling."""

    _SKIPPED = frozenset({"script", "style", "title", "template"})
    #: Blocks set off by a blank line.
    _PARAGRAPHS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table", "pre"}
    )
    #: Blocks that start on a new line.
    _LINES = frozenset(
        {"div", "li", "tr", "dt", "dd", "hr", "address", "section", "article", "header"}
        | {"footer", "caption", "center", "form", "fieldset"}
    )
    _CELLS = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._pieces: list[str] = []
        # Line breaks at the end of the text so far: block edges need a minimum, not a sum,
        # so "</li><li>" gives one line break, while "<br><br>" gives two.
        self._trailing_breaks = 0
        self._skipping = 0
        self._preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self._emit("\n")
        else:
            if tag == "pre":
                self._preformatted += 1
            self._block_edge(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A self-closed <script/> has nothing inside to skip; <br/> and <p/> still break.
        if tag == "br":
            self._emit("\n")
        else:
            self._block_edge(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._CELLS:
            self._emit("\t")
        else:
            if tag == "pre":
                self._preformatted = max(0, self._preformatted - 1)
            self._block_edge(tag)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._preformatted:
            data = _HTML_SPACE.sub(" ", data)
        self._emit(data)

    def text(self) -> str:
        """The collected text: lines trimmed, at most one blank line in a row."""
        joined = "".join(self._pieces).replace("\xa0", " ")
        lines = [line.strip(" \t") for line in joined.split("\n")]
        kept: list[str] = []
        for line in lines:
            if line or (kept and kept[-1]):
                kept.append(line)
        while kept and not kept[-1]:
            kept.pop()
        return "\n".join(kept)

    def _emit(self, piece: str) -> None:
        self._pieces.append(piece)
        content = piece.rstrip(" \t\xa0")
        if content.endswith("\n"):
            before = content.rstrip("\n")
            breaks = len(content) - len(before)
            self._trailing_breaks = breaks + (self._trailing_breaks if not before.strip() else 0)
        elif content:
            self._trailing_breaks = 0

    def _block_edge(self, tag: str) -> None:
        wanted = 2 if tag in self._PARAGRAPHS else 1 if tag in self._LINES else 0
        if wanted > self._trailing_breaks:
            self._emit("\n" * (wanted - self._trailing_breaks))
