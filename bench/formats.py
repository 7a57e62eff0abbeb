"""Generated archives in the formats a real one holds: a share of PDFs, Word files and e-mails.

The generator writes plain text and Markdown. A researcher's archive also holds PDFs with a
text layer, Word files and e-mails, and reading them costs time the benches must count. This
rewrites a seeded share of the generated letters as ``.pdf``, ``.docx`` and ``.eml`` with the
same words (the ground truth follows the renamed files):

- PDF: A4 pages in the Helvetica core font (WinAnsi encoding), lines wrapped at 92
  characters as a word processor would; characters outside Windows-1252 become "?". Written
  here, a few hundred bytes of PDF syntax a page, because a PDF library takes ~30-80 ms a
  letter (fpdf2), which would make generating 100k letters take half an hour.
- Word: a minimal WordprocessingML package, one paragraph a line.
- E-mail: the letter as the plain-text body of a message with From, To, Subject and Date
  headers that name no one (an e-mailed letter's headers rarely say more than the text).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.policy
import io
import textwrap
import zipfile
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from random import Random
from xml.sax.saxutils import escape

from archive.generator import GeneratedLetter, GenerateReport

#: The shares of a real archive the issue names: 20% PDF, 10% Word, 10% e-mail.
SHARES: dict[str, float] = {".pdf": 0.2, ".docx": 0.1, ".eml": 0.1}


def parse_shares(text: str) -> dict[str, float]:
    """``"pdf=0.2,docx=0.1,eml=0.1"`` (or ``"none"``) as ``{".pdf": 0.2, ...}``."""
    if text.strip().lower() in ("", "none", "0"):
        return {}
    shares: dict[str, float] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        suffix = "." + name.strip().lstrip(".").lower()
        if suffix not in SHARES:
            raise ValueError(f"unknown format {name.strip()!r} (pdf, docx or eml)")
        shares[suffix] = float(value)
    if sum(shares.values()) > 1:
        raise ValueError(f"the shares add up to more than 1: {text}")
    return shares


def mix_formats(report: GenerateReport, shares: dict[str, float], seed: int) -> GenerateReport:
    """Rewrite a share of ``report``'s text letters in other formats; the truth renamed."""
    rng = Random(f"dispatchbox-formats-{seed}")
    renamed: dict[str, str] = {}
    for letter in report.letters:
        if Path(letter.file).suffix not in (".txt", ".md") or letter.kind == "malformed":
            continue  # the generator's malformed files stay as they are
        roll, cumulative = rng.random(), 0.0
        for suffix, share in shares.items():
            cumulative += share
            if roll < cumulative:
                renamed[letter.file] = _convert(report.directory, letter, suffix)
                break
    letters = tuple(
        dataclasses.replace(
            letter,
            file=renamed.get(letter.file, letter.file),
            replies_to=renamed.get(letter.replies_to, letter.replies_to)
            if letter.replies_to
            else None,
            also_replies_to=tuple(renamed.get(name, name) for name in letter.also_replies_to),
        )
        for letter in report.letters
    )
    return GenerateReport(directory=report.directory, letters=letters)


def _convert(directory: Path, letter: GeneratedLetter, suffix: str) -> str:
    source = directory / letter.file
    text = source.read_bytes().decode("utf-8").replace("\r\n", "\n")
    target = source.with_suffix(suffix)
    number = 2
    while target.exists():
        target = source.with_name(f"{source.stem}_{number}{suffix}")
        number += 1
    writer = {".pdf": pdf_bytes, ".docx": docx_bytes, ".eml": eml_bytes}[suffix]
    target.write_bytes(writer(text, letter.date))
    source.unlink()
    return target.relative_to(directory).as_posix()


# -- PDF ------------------------------------------------------------------------------------------

_LINES_A_PAGE = 60


def pdf_bytes(text: str, day: dt.date | None = None) -> bytes:
    """An A4 PDF whose text layer holds ``text``, wrapped at 92 characters."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, 92, break_on_hyphens=False) or [""])
    pages = [lines[i : i + _LINES_A_PAGE] for i in range(0, len(lines), _LINES_A_PAGE)] or [[]]
    objects: list[bytes] = []
    page_ids = [4 + 2 * n for n in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for page_id, page in zip(page_ids, pages, strict=True):
        stream = (
            b"BT /F1 10 Tf 12.5 TL 56 790 Td\n"
            + b"".join(b"(" + _pdf_string(line) + b") Tj T*\n" for line in page)
            + b"ET"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


# -- Word -----------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body>{}</w:body></w:document>"
)


def docx_bytes(text: str, day: dt.date | None = None) -> bytes:
    """A Word package with one paragraph for each line of ``text``."""
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(_xml_safe(line))}</w:t></w:r></w:p>'
        if line
        else "<w:p/>"
        for line in text.split("\n")
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", _DOCUMENT.format(paragraphs))
    return out.getvalue()


def _xml_safe(line: str) -> str:
    """XML 1.0 cannot hold most control characters: they become spaces."""
    return "".join(c if c >= " " or c == "\t" else " " for c in line)


# -- e-mail ---------------------------------------------------------------------------------------


def eml_bytes(text: str, day: dt.date | None = None) -> bytes:
    """The letter as the plain-text body of an e-mail that names no one in its headers."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = "correspondence@example.org"
    message["To"] = "office@example.org"
    message["Subject"] = "Letter"
    if day is not None:
        message["Date"] = format_datetime(dt.datetime(day.year, day.month, day.day, 9, 30))
    message.set_content(text)
    return message.as_bytes()
