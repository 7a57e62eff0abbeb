"""Plain text and Markdown: find the encoding, refuse binary data, keep the text exactly."""

from __future__ import annotations

import codecs
import re

from archive.models import ReadDocument
from archive.readers import ReadError

#: How much of a file the UTF-16 and binary checks look at: enough to judge, cheap on 15 MB.
_SAMPLE = 64 * 1024

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)

# C0 controls other than \t \n \v \f \r, DEL and C1 controls: a letter has a stray one or two
# (a DOS end-of-file mark, a pasted bell), binary data has them everywhere.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Windows-1252 leaves these bytes undefined; they are read as the Latin-1 characters.
_WINDOWS_1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
# What ``surrogateescape`` makes of bytes that are not valid UTF-8.
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def read_text(data: bytes, fmt: str = "txt") -> ReadDocument:
    """Read a .txt or .md file; the text is exactly what was decoded, less any byte-order mark."""
    if not data:
        raise ReadError("empty file")
    text, encoding, warnings = _decode(data)
    if not text:
        raise ReadError("empty file")
    if text.isspace():
        raise ReadError("no text (whitespace only)")
    if _looks_binary(text):
        raise ReadError("binary data, not text")
    return ReadDocument(text=text, format=fmt, encoding=encoding, warnings=warnings)


def decode_guessing(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding as UTF-8 if they are valid UTF-8, else as Windows-1252."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_windows_1252(data), "cp1252"


def decode_windows_1252(data: bytes) -> str:
    """Decode as Windows-1252, reading its five undefined bytes as Latin-1 so it never fails."""
    text = data.decode("cp1252", "surrogateescape")
    # Only the undefined bytes come out escaped. Each check and replace is one C-speed pass,
    # where str.translate would take a second on 15 MB.
    for byte in _WINDOWS_1252_UNDEFINED:
        if byte in data:
            text = text.replace(chr(0xDC00 + byte), chr(byte))
    return text


def _decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    for bom, codec, label in _BOMS:
        if not data.startswith(bom):
            continue
        body = data[len(bom) :]
        try:
            return body.decode(codec.removesuffix("-sig")), codec, ()
        except UnicodeDecodeError as error:
            offset = len(bom) + error.start
            if codec.startswith("utf-32"):
                # Most likely UTF-16 whose first character is U+0000: let the UTF-16 mark decide.
                continue
            if codec == "utf-8-sig":
                text = _ESCAPED_BYTES.sub(
                    _bad_bytes_as_windows_1252, body.decode("utf-8", "surrogateescape")
                )
                return (
                    text,
                    codec,
                    (
                        f"not valid UTF-8 despite its byte-order mark (first bad byte at offset "
                        f"{offset}); bad bytes read as Windows-1252",
                    ),
                )
            return (
                body.decode(codec, "replace"),
                codec,
                (f"not valid {label} (first bad byte at offset {offset}); bad bytes replaced",),
            )

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text, codec = utf16
        label = "UTF-16 LE" if codec == "utf-16-le" else "UTF-16 BE"
        return text, codec, (f"no byte-order mark; read as {label} from its byte pattern",)

    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as error:
        return (
            decode_windows_1252(data),
            "cp1252",
            (f"not valid UTF-8 (first bad byte at offset {error.start}); read as Windows-1252",),
        )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, recognised by NULs in every other byte."""
    sample = data[:_SAMPLE]
    pairs = len(sample) // 2
    if pairs == 0 or len(data) % 2:
        return None
    nuls_at_even = sample[0::2].count(0)
    nuls_at_odd = sample[1::2].count(0)
    # Mostly-Latin text puts a NUL in the high byte of nearly every character; binary data
    # scatters NULs over both positions.
    if nuls_at_odd >= 0.7 * pairs and nuls_at_even <= 0.05 * pairs:
        codec = "utf-16-le"
    elif nuls_at_even >= 0.7 * pairs and nuls_at_odd <= 0.05 * pairs:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    """NULs, many control characters, or mostly unprintable characters."""
    if "\x00" in text:
        return True
    sample = text[:_SAMPLE]
    # The usual case, a letter of printable characters, spaces and line breaks, is decided
    # in a few C-speed passes (splitting it into words would take as long as the rest of
    # reading it): no control character is among them.
    if sample.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return False
    if len(_CONTROL_CHARS.findall(sample)) > 0.1 * len(sample):
        return True
    # Only text with something odd in it is counted character by character.
    if "".join(sample.split()).isprintable():
        return False
    readable = sum(1 for char in sample if char.isprintable() or char.isspace())
    return readable < 0.5 * len(sample)


def _bad_bytes_as_windows_1252(match: re.Match[str]) -> str:
    return decode_windows_1252(match.group().encode("utf-8", "surrogateescape"))
