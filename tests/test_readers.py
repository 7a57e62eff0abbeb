"""The format readers: what text each one returns, and the reason it gives when it cannot."""

from __future__ import annotations

import codecs
import io
import json
import logging
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from fpdf import FPDF
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import DependencyError
from pypdf.generic import NameObject, StreamObject

from archive.readers import ReadError, format_for, read_bytes
from archive.readers import docx as docx_reader
from archive.readers import pdf as pdf_reader
from archive.readers.docx import read_docx
from archive.readers.email import html_to_text, read_eml
from archive.readers.pdf import read_pdf
from archive.readers.text import read_text

LETTER = (
    "Dear Harriet Vance MP,\n"
    "\n"
    "Thank you for your letter of 4 March about the bus service in Kelmscott and Rye.\n"
)

# Fixed bytes, so a failure reproduces: what a photo or a zip looks like to a text reader.
_RANDOM_BYTES = random.Random(20240304).randbytes(64 * 1024)


def _reason(read: object, data: bytes) -> str:
    assert callable(read)
    with pytest.raises(ReadError) as caught:
        read(data)
    return str(caught.value)


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding", "warnings"),
    [
        pytest.param(LETTER.encode("utf-8"), LETTER, "utf-8", (), id="utf-8"),
        pytest.param(
            "Café on the High Street, £1.24 million — agreed.\n".encode(),
            "Café on the High Street, £1.24 million — agreed.\n",
            "utf-8",
            (),
            id="utf-8-non-ascii",
        ),
        pytest.param(
            codecs.BOM_UTF8 + LETTER.encode("utf-8"), LETTER, "utf-8-sig", (), id="utf-8-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + LETTER.encode("utf-16-le"),
            LETTER,
            "utf-16-le",
            (),
            id="utf-16-le-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + LETTER.encode("utf-16-be"),
            LETTER,
            "utf-16-be",
            (),
            id="utf-16-be-bom",
        ),
        pytest.param(
            codecs.BOM_UTF32_LE + LETTER.encode("utf-32-le"),
            LETTER,
            "utf-32-le",
            (),
            id="utf-32-le-bom",
        ),
        pytest.param(
            LETTER.encode("utf-16-le"),
            LETTER,
            "utf-16-le",
            ("no byte-order mark; read as UTF-16 LE from its byte pattern",),
            id="utf-16-le-no-bom",
        ),
        pytest.param(
            LETTER.encode("utf-16-be"),
            LETTER,
            "utf-16-be",
            ("no byte-order mark; read as UTF-16 BE from its byte pattern",),
            id="utf-16-be-no-bom",
        ),
        pytest.param(
            b"\x93quoted\x94 \xa31.24 million",
            "\u201cquoted\u201d \u00a31.24 million",
            "cp1252",
            ("not valid UTF-8 (first bad byte at offset 0); read as Windows-1252",),
            id="cp1252",
        ),
        pytest.param(
            b"Dear Sir,\r\nThe d\xe9j\xe0 vu of Kelmscott\r\n",
            "Dear Sir,\r\nThe d\u00e9j\u00e0 vu of Kelmscott\r\n",
            "cp1252",
            ("not valid UTF-8 (first bad byte at offset 16); read as Windows-1252",),
            id="invalid-utf-8-late",
        ),
        pytest.param(
            b"Ref \x81\x8d\x8f\x90\x9d: the \x80 5 fee for residents of Kelmscott and Rye",
            "Ref \x81\x8d\x8f\x90\x9d: the \u20ac 5 fee for residents of Kelmscott and Rye",
            "cp1252",
            ("not valid UTF-8 (first bad byte at offset 4); read as Windows-1252",),
            id="cp1252-undefined-bytes-as-latin-1",
        ),
        pytest.param(
            codecs.BOM_UTF8 + "Café ".encode() + b"\x93Rye\x94",
            "Café \u201cRye\u201d",
            "utf-8-sig",
            (
                "not valid UTF-8 despite its byte-order mark (first bad byte at offset 9); "
                "bad bytes read as Windows-1252",
            ),
            id="utf-8-bom-with-bad-bytes",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "Rye".encode("utf-16-le") + b"\x00",
            "Rye\ufffd",
            "utf-16-le",
            ("not valid UTF-16 LE (first bad byte at offset 8); bad bytes replaced",),
            id="utf-16-truncated",
        ),
    ],
)
def test_read_text_detects_the_encoding(
    data: bytes, text: str, encoding: str, warnings: tuple[str, ...]
) -> None:
    document = read_text(data)
    assert document.text == text
    assert document.encoding == encoding
    assert document.warnings == warnings
    assert document.format == "txt"
    assert document.pages == (0,)


def test_read_text_keeps_the_text_exactly_and_drops_only_the_bom(tmp_path: Path) -> None:
    original = "\n  Kelmscott and Rye \t\r\nDear Harriet Vance MP,\r\n\r\n\tYours,\rA. Okafor  \n\n"
    path = tmp_path / "letter.txt"
    path.write_bytes(codecs.BOM_UTF8 + original.encode("utf-8"))

    document = read_bytes(path.read_bytes(), format_for(path) or "")

    assert document.text == original
    assert document.format == "txt"


def test_read_bytes_names_markdown_as_markdown() -> None:
    assert read_bytes(b"# Reply to Harriet Vance MP\n", "md").format == "md"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dear Harriet Vance MP,\x07\nThank you for your letter.\x1a", id="bell-eof"),
        pytest.param("Kelmscott\x0band Rye\x0cPage two\x1b[0m of the reply.", id="escape"),
        pytest.param("Dear\xa0Harriet,\r\n\tKelmscott\u2028and Rye\x85", id="odd-white-space"),
    ],
)
def test_read_text_accepts_a_stray_control_character(text: str) -> None:
    assert read_text(text.encode()).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(codecs.BOM_UTF8, "empty file", id="bom-only"),
        pytest.param(b" \r\n\t\n  \x0c", "no text (whitespace only)", id="whitespace"),
        pytest.param(
            codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
            "no text (whitespace only)",
            id="utf-16-whitespace",
        ),
        pytest.param(
            bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806000000"),
            "binary data, not text",
            id="png-header",
        ),
        pytest.param(_RANDOM_BYTES, "binary data, not text", id="random-bytes"),
        pytest.param(
            bytes(byte for byte in _RANDOM_BYTES if byte),
            "binary data, not text",
            id="random-bytes-without-nul",
        ),
        pytest.param(b"Dear Harriet\x00Vance", "binary data, not text", id="nul-byte"),
        pytest.param(
            b"Rye\x01\x02\x03\x04 and\x05\x06\x07\x08 Kel\x0e\x0f\x10\x11",
            "binary data, not text",
            id="many-control-characters",
        ),
        pytest.param(
            "\u0378\u0379\u0380\u0381\u0382\u0383 ab".encode(),
            "binary data, not text",
            id="mostly-unprintable",
        ),
        pytest.param(
            b"Rye\x1c\x1d and\x1e\x1f Kel\x1c\x1d",
            "binary data, not text",
            id="control-characters-that-count-as-white-space",
        ),
    ],
)
def test_read_text_refuses(data: bytes, reason: str) -> None:
    assert _reason(read_text, data) == reason


def test_read_text_reads_15_mb() -> None:
    line = "Harriet Vance MP asked the Minister about flood defences in Kelmscott and Rye.\r\n"
    text = line * (15 * 1024 * 1024 // len(line))

    document = read_text(text.encode("utf-8"))

    assert len(document.text) == len(text)
    assert document.text == text
    assert document.encoding == "utf-8"


def test_read_text_falls_back_on_a_bad_byte_at_the_end_of_15_mb() -> None:
    data = b"Kelmscott and Rye. " * (15 * 1024 * 1024 // 19) + b"\xa3"

    document = read_text(data)

    assert document.encoding == "cp1252"
    assert document.text.endswith("Rye. \u00a3")
    assert document.warnings == (
        f"not valid UTF-8 (first bad byte at offset {len(data) - 1}); read as Windows-1252",
    )


def test_read_text_reads_a_2_mb_single_line() -> None:
    text = "petition " * (2 * 1024 * 1024 // 9)

    document = read_text(text.encode("ascii"))

    assert len(document.text) == len(text)
    assert "\n" not in document.text


# --- PDF --------------------------------------------------------------------------------------


def _pdf(*pages: str | None, owner_password: str = "", user_password: str | None = None) -> bytes:
    """A PDF with one page per argument: its text, or a drawn rectangle for None."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for page in pages:
        pdf.add_page()
        if page is None:
            pdf.rect(20, 20, 60, 40)
        else:
            pdf.multi_cell(0, 8, page)
    if owner_password:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    return bytes(pdf.output())


FIRST_PAGE = "Dear Harriet Vance MP,\nThank you for your letter about Kelmscott and Rye."
SECOND_PAGE = "Yours sincerely,\nRenee Okafor\nMinister for Rural Transport"


def test_read_pdf_joins_pages_with_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "reply.pdf"
    path.write_bytes(_pdf(FIRST_PAGE, SECOND_PAGE))

    document = read_bytes(path.read_bytes(), format_for(path) or "")

    assert document.text == f"{FIRST_PAGE}\f{SECOND_PAGE}"
    assert document.pages == (0, len(FIRST_PAGE) + 1)
    assert document.text[document.pages[1] :] == SECOND_PAGE
    assert document.format == "pdf"
    assert document.encoding is None
    assert document.warnings == ()


def test_read_pdf_reads_the_layout_of_lines_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    # PDFium reads this (pypdf would be asked only if it could not): a superscript ordinal
    # stays on its line, a line-end hyphen keeps its line break, and a blank line's gap
    # (after the salutation) is a blank line, while single-spaced lines are not.
    def not_pypdf(data: bytes) -> object:
        raise AssertionError("read by pypdf")

    monkeypatch.setattr(pdf_reader, "_read_pages", not_pypdf)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.write(6, "Date: 14")
    pdf.char_vpos = "SUP"
    pdf.write(6, "th")
    pdf.char_vpos = "LINE"
    pdf.write(6, " July 2020")
    pdf.ln(6)
    pdf.write(6, "Dear Ms Pellow,")
    pdf.ln(12)
    pdf.write(6, "Thank you for writing about the con-")
    pdf.ln(6)
    pdf.write(6, "stituency boundary.")
    pdf.ln(6)
    pdf.write(6, "Yours sincerely,")

    assert read_pdf(bytes(pdf.output())).text == (
        "Date: 14th July 2020\nDear Ms Pellow,\n\n"
        "Thank you for writing about the con-\nstituency boundary.\nYours sincerely,"
    )


def test_read_pdf_leaves_a_blank_page_to_pypdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # PDFium reads an undecodable page as blank without a word; pypdf tells them apart.
    calls: list[bytes] = []
    read_pages = pdf_reader._read_pages

    def counted(data: bytes) -> object:
        calls.append(data)
        return read_pages(data)

    monkeypatch.setattr(pdf_reader, "_read_pages", counted)
    read_pdf(_pdf(FIRST_PAGE, SECOND_PAGE))
    assert calls == []
    read_pdf(_pdf(FIRST_PAGE, None, SECOND_PAGE))
    assert len(calls) == 1


def test_read_pdf_keeps_blank_pages_in_the_page_offsets() -> None:
    document = read_pdf(_pdf(FIRST_PAGE, None, SECOND_PAGE))

    assert document.text == f"{FIRST_PAGE}\f\f{SECOND_PAGE}"
    assert document.pages == (0, len(FIRST_PAGE) + 1, len(FIRST_PAGE) + 2)


def test_read_pdf_opens_a_pdf_with_only_an_owner_password() -> None:
    document = read_pdf(_pdf(FIRST_PAGE, owner_password="department"))

    assert document.text == FIRST_PAGE


def test_read_pdf_warns_about_a_page_it_cannot_read() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("one", "two", "three"))))
    contents = writer.pages[1]["/Contents"].get_object()
    assert isinstance(contents, StreamObject)
    contents[NameObject("/Filter")] = NameObject("/NoSuchDecode")
    damaged = io.BytesIO()
    writer.write(damaged)

    document = read_pdf(damaged.getvalue())

    assert document.text == "one\f\fthree"
    assert document.pages == (0, 4, 5)
    assert document.warnings == ("page 2 could not be read",)


def test_read_pdf_names_aes_encryption_it_cannot_decrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the optional 'cryptography' package pypdf raises DependencyError on AES streams;
    # fpdf2 and pypdf cannot write such a file without it either, so the error is simulated.
    def extract_text(*args: object, **kwargs: object) -> str:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PageObject, "extract_text", extract_text)
    # PDFium decrypts AES itself; pypdf reads what PDFium refuses.
    monkeypatch.setattr(pdf_reader, "_read_pages_pdfium", lambda data: None)

    assert _reason(read_pdf, _pdf(FIRST_PAGE)) == (
        "encrypted PDF (its AES encryption needs the 'cryptography' package)"
    )


_VALID_PDF = _pdf(FIRST_PAGE, SECOND_PAGE)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(_RANDOM_BYTES, "not a PDF file", id="random-bytes"),
        pytest.param(LETTER.encode(), "not a PDF file", id="text"),
        pytest.param(_pdf(None, None), "no text layer (scanned image?)", id="no-text-layer"),
        pytest.param(
            _pdf(FIRST_PAGE, owner_password="department", user_password="constituent"),
            "encrypted PDF (password required)",
            id="user-password",
        ),
        pytest.param(
            _VALID_PDF[: len(_VALID_PDF) // 2],
            "damaged PDF: truncated file (stream has ended unexpectedly)",
            id="truncated",
        ),
        pytest.param(
            b"%PDF-1.7\n" + _RANDOM_BYTES[:2000] + b"\n%%EOF\n",
            "damaged PDF: ",
            id="garbage-after-header",
        ),
    ],
)
def test_read_pdf_refuses(data: bytes, reason: str) -> None:
    assert _reason(read_pdf, data).startswith(reason)


def test_read_pdf_keeps_pypdf_logging_quiet(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    truncated = _VALID_PDF[: len(_VALID_PDF) - 40]

    assert _reason(read_pdf, truncated).startswith("damaged PDF: truncated file")

    assert [record for record in caplog.records if record.name.startswith("pypdf")] == []
    assert capsys.readouterr().err == ""
    assert logging.getLogger("pypdf").propagate is True
    assert logging.getLogger("pypdf").handlers == []


# --- Word -------------------------------------------------------------------------------------


def _docx_bytes(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _letter_docx() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Department for Rural Transport"
    section.first_page_header.add_paragraph("2 Marsh Lane, Kelmscott KR1 4AB")
    section.header.paragraphs[0].text = "Department for Rural Transport"
    section.footer.paragraphs[0].text = "Printed on recycled paper"

    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].text = "Harriet Vance MP"
    table.cell(0, 0).add_paragraph("House of Commons")
    table.cell(0, 1).paragraphs[0].text = "Our ref: DRT/2024/0117"
    document.add_paragraph("Dear Harriet,")
    document.add_paragraph("")
    document.add_paragraph("Thank you for your letter about the bus service in Kelmscott and Rye.")
    document.add_paragraph("Yours sincerely,")
    return _docx_bytes(document)


def test_read_docx_reads_header_tables_body_and_footer_in_order(tmp_path: Path) -> None:
    path = tmp_path / "reply.docx"
    path.write_bytes(_letter_docx())

    document = read_bytes(path.read_bytes(), format_for(path) or "")

    assert document.text == "\n".join(
        [
            "Department for Rural Transport",
            "2 Marsh Lane, Kelmscott KR1 4AB",
            "Harriet Vance MP",
            "House of Commons",
            "Our ref: DRT/2024/0117",
            "Dear Harriet,",
            "",
            "Thank you for your letter about the bus service in Kelmscott and Rye.",
            "Yours sincerely,",
            "Printed on recycled paper",
        ]
    )
    assert document.format == "docx"
    assert document.warnings == ()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_read_docx_reads_content_controls_and_tracked_changes_as_shown() -> None:
    document = docx.Document()
    document.add_paragraph("Dear Harriet,")
    body = document.element.body
    # A template's date field (a content control) and a paragraph with tracked changes.
    body.insert(
        0,
        parse_xml(
            f"<w:sdt {_W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>4 March 2024</w:t></w:r>"
            "</w:p></w:sdtContent></w:sdt>"
        ),
    )
    body.insert(
        2,
        parse_xml(
            f'<w:p {_W}><w:r><w:t xml:space="preserve">The bypass </w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText>is</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="A"><w:r><w:t>was</w:t></w:r></w:ins>'
            '<w:r><w:t xml:space="preserve"> approved.</w:t><w:tab/><w:t>Rye</w:t></w:r></w:p>'
        ),
    )

    text = read_docx(_docx_bytes(document)).text

    assert text == "4 March 2024\nDear Harriet,\nThe bypass was approved.\tRye"


def _runs_docx() -> bytes:
    """A letter with each kind of run content, even-page and first-page headers."""
    document = docx.Document()
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Kelmscott Borough Council"
    section.even_page_header.paragraphs[0].text = "Page two onwards"
    section.even_page_footer.paragraphs[0].text = "Even footer"
    document.add_paragraph("").add_run().text = "14 May 2024"
    document.element.body.append(
        parse_xml(
            f'<w:p {_W}><w:r><w:t>Ref:</w:t><w:ptab w:relativeTo="margin" w:alignment="right"'
            ' w:leader="none"/><w:t>KBC</w:t><w:noBreakHyphen/><w:t>0117</w:t><w:cr/>'
            '<w:t>line two</w:t><w:br/><w:t>line three</w:t><w:br w:type="page"/>'
            "<w:t>after the page break</w:t><w:t/></w:r></w:p>"
        )
    )
    return _docx_bytes(document)


@pytest.mark.parametrize(
    ("make", "shown"),
    [(_letter_docx, "Yours sincerely,\nPrinted on"), (_runs_docx, "KBC-0117\nline two\nline")],
    ids=["sections", "runs"],
)
def test_read_docx_reads_the_xml_as_python_docx_does(
    make: Callable[[], bytes], shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make()
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    expected = [
        *docx_reader._header_footer_lines(section, document, "header"),
        *docx_reader._paragraph_lines(document.element.body, docx_reader._docx_paragraph_text),
        *docx_reader._header_footer_lines(section, document, "footer"),
    ]

    def not_python_docx(*args: object) -> object:
        raise AssertionError("read by python-docx")

    monkeypatch.setattr(docx, "Document", not_python_docx)
    assert read_docx(data).text == "\n".join(expected)
    assert shown in "\n".join(expected)


def test_read_docx_leaves_an_unusual_package_to_python_docx() -> None:
    # A template (.dotx) content type: python-docx refuses it and names the content type.
    source = zipfile.ZipFile(io.BytesIO(_letter_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            archive.writestr(name, content)
    data = buffer.getvalue()
    assert _reason(read_docx, data) == (
        "damaged Word file: not a Word document (content type "
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml)"
    )


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _with_document_xml(data: bytes, document_xml: str) -> bytes:
    """The .docx ``data`` with its body replaced by ``document_xml``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip(
        {
            name: document_xml if name == "word/document.xml" else source.read(name).decode()
            for name in source.namelist()
            if not name.startswith("docProps/thumbnail")
        }
    )


def _blank_docx() -> bytes:
    document = docx.Document()
    for paragraph in document.paragraphs:
        paragraph._element.getparent().remove(paragraph._element)
    return _docx_bytes(document)


def _whitespace_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("   ")
    document.add_paragraph("\t")
    return _docx_bytes(document)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(LETTER.encode(), "not a Word .docx file (not a zip archive)", id="text"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "not a Word .docx file (old .doc format, or password-protected)",
            id="ole-doc",
        ),
        pytest.param(
            _zip({"letter.txt": LETTER}),
            "damaged Word file: zip archive does not hold a Word document",
            id="zip-not-docx",
        ),
        pytest.param(
            _letter_docx()[:2000],
            "damaged Word file: zip archive is truncated or corrupt",
            id="truncated",
        ),
        pytest.param(
            _with_document_xml(_letter_docx(), "<w:document><unclosed>"),
            "damaged Word file: ",
            id="bad-xml",
        ),
        # A content-types part without its namespace: python-docx trips over it inside;
        # the reason says the file is damaged, not which attribute the library missed.
        pytest.param(
            _zip(
                {
                    "[Content_Types].xml": "<Types/>",
                    "word/document.xml": "<w:document xmlns:w='urn:w'><w:body/></w:document>",
                }
            ),
            "damaged Word file: its parts are not laid out as the format requires",
            id="content-types-without-namespace",
        ),
        pytest.param(_blank_docx(), "empty document", id="no-paragraphs"),
        pytest.param(_whitespace_docx(), "no text (whitespace only)", id="whitespace"),
    ],
)
def test_read_docx_refuses(data: bytes, reason: str) -> None:
    assert _reason(read_docx, data).startswith(reason)


# --- e-mail -----------------------------------------------------------------------------------

PLAIN_EML = (
    b"Date: Tue, 5 Mar 2024 09:14:00 +0000 (GMT)\n"
    b"From: Harriet Vance MP <harriet.vance@example.org>\n"
    b"To: Correspondence Unit <correspondence@example.gov>\n"
    b"Cc: Caseworker <caseworker@example.org>\n"
    b"Subject: Bus service in Kelmscott and Rye\n"
    b"Message-ID: <1234@example.org>\n"
    b"Content-Type: text/plain; charset=utf-8\n"
    b"\n"
    b"Dear Minister,\n"
    b"\n"
    b"I write on behalf of a constituent in Kelmscott.\n"
)


def test_read_eml_reads_headers_and_plain_body(tmp_path: Path) -> None:
    path = tmp_path / "letter.eml"
    path.write_bytes(PLAIN_EML)

    document = read_bytes(path.read_bytes(), format_for(path) or "")

    assert document.text == "Dear Minister,\n\nI write on behalf of a constituent in Kelmscott.\n"
    assert dict(document.headers) == {
        "date": "Tue, 5 Mar 2024 09:14:00 +0000 (GMT)",
        "from": "Harriet Vance MP <harriet.vance@example.org>",
        "to": "Correspondence Unit <correspondence@example.gov>",
        "cc": "Caseworker <caseworker@example.org>",
        "subject": "Bus service in Kelmscott and Rye",
    }
    assert document.format == "eml"
    assert document.encoding == "utf-8"
    assert document.warnings == ()


def test_read_eml_decodes_encoded_words_and_folded_headers() -> None:
    data = (
        b"Subject: =?utf-8?q?Flooding_in_Kelmscott_and_Rye_=E2=80=94_reply?=\n"
        b"From: =?iso-8859-1?q?Ren=E9e_Okafor?= <renee.okafor@example.gov>\n"
        b"Date: Wed, 6 Mar 2024\n 10:00:00 +0000\n"
        b"\n"
        b"Dear Harriet,\n"
    )

    document = read_eml(data)

    assert dict(document.headers) == {
        "subject": "Flooding in Kelmscott and Rye \u2014 reply",
        "from": "Ren\u00e9e Okafor <renee.okafor@example.gov>",
        "date": "Wed, 6 Mar 2024 10:00:00 +0000",
    }


def test_read_eml_keeps_a_malformed_address_as_written() -> None:
    data = b'To: Harriet Vance MP <harriet.vance@@example.org>, "unterminated\n\nDear Harriet,\n'

    assert read_eml(data).headers["to"] == (
        'Harriet Vance MP <harriet.vance@@example.org>, "unterminated'
    )


def test_read_eml_names_attachments_it_does_not_import() -> None:
    message = EmailMessage()
    message["From"] = "Harriet Vance MP <harriet.vance@example.org>"
    message["Subject"] = "Papers for the meeting"
    message.set_content("Dear Minister,\nPlease find the papers attached.\n")
    message.add_attachment(
        b"%PDF-1.4 ...", maintype="application", subtype="pdf", filename="briefing.pdf"
    )
    message.add_attachment(
        b"PK...", maintype="application", subtype="octet-stream", filename="annex.docx"
    )

    document = read_eml(message.as_bytes())

    assert document.text == "Dear Minister,\nPlease find the papers attached.\n"
    assert document.warnings == ("attachments not imported: briefing.pdf, annex.docx",)


def test_read_eml_prefers_the_plain_alternative() -> None:
    message = EmailMessage()
    message["Subject"] = "Bus service"
    message.set_content("Dear Harriet,\nThe plain version.\n")
    message.add_alternative("<p>Dear Harriet,</p><p>The <b>HTML</b> version.</p>", subtype="html")

    document = read_eml(message.as_bytes())

    assert document.text == "Dear Harriet,\nThe plain version.\n"
    assert document.warnings == ()


def test_read_eml_converts_an_html_only_body() -> None:
    html = (
        "<html><head><title>Reply</title><style>p { color: red; }</style></head><body>"
        "<script>track();</script>"
        "<p>Dear Harriet,</p>\n<p>Thank you for your letter of 4&nbsp;March about the "
        "&quot;Rye&nbsp;bypass&quot; &amp; its    costs.<br>Yours sincerely,</p>"
        "<div>Ren&eacute;e Okafor</div><!-- a comment --></body></html>"
    )
    data = (
        b"From: Renee Okafor <renee.okafor@example.gov>\n"
        b"Content-Type: text/html; charset=utf-8\n\n" + html.encode()
    )

    document = read_eml(data)

    assert document.text == (
        "Dear Harriet,\n\n"
        'Thank you for your letter of 4 March about the "Rye bypass" & its costs.\n'
        "Yours sincerely,\n\n"
        "Ren\u00e9e Okafor"
    )
    assert document.warnings == ("HTML body converted to text",)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        pytest.param("<ul><li>One</li><li>Two</li></ul>", "One\nTwo", id="list"),
        pytest.param(
            "<table><tr><td>Ref</td><td>DRT/1</td></tr><tr><td>Date</td><td>4 March</td></tr>"
            "</table>",
            "Ref\tDRT/1\nDate\t4 March",
            id="table",
        ),
        pytest.param("<pre>Line 1\n  Line 2</pre>", "Line 1\nLine 2", id="pre-keeps-breaks"),
        pytest.param("A<br/>B<p/>C", "A\nB\n\nC", id="self-closing"),
        pytest.param(
            "<p>&lt;b&gt; is &#8220;bold&#8221;</p>", "<b> is \u201cbold\u201d", id="refs"
        ),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("content_type", "body", "text", "encoding", "warnings"),
    [
        pytest.param(
            "text/plain; charset=utf-8",
            b"The \x93Rye\x94 bypass",
            "The \ufffdRye\ufffd bypass",
            "utf-8",
            ("not valid utf-8 (first bad byte at offset 4); bad bytes replaced",),
            id="wrong-charset",
        ),
        pytest.param(
            "text/plain; charset=x-no-such-charset",
            b"The \x93Rye\x94 bypass",
            "The \u201cRye\u201d bypass",
            "cp1252",
            ("unknown charset 'x-no-such-charset'; read as Windows-1252",),
            id="unknown-charset",
        ),
        pytest.param(
            "text/plain; charset=us-ascii",
            "Caf\u00e9 in Rye".encode(),
            "Caf\u00e9 in Rye",
            "utf-8",
            ("8-bit text with charset 'us-ascii'; read as UTF-8",),
            id="ascii-label-on-utf-8",
        ),
        pytest.param(
            "text/plain",
            b"\xa31.24 million",
            "\u00a31.24 million",
            "cp1252",
            ("8-bit text with no charset; read as Windows-1252",),
            id="no-charset",
        ),
        pytest.param(
            "text/plain; charset=iso-8859-1",
            b"The \x93Rye\x94 bypass \xa3",
            "The \u201cRye\u201d bypass \u00a3",
            "cp1252",
            (),
            id="latin-1-label-on-windows-1252",
        ),
        pytest.param(
            "text/plain; charset=iso-8859-1",
            b"Caf\xe9",
            "Caf\u00e9",
            "iso8859-1",
            (),
            id="latin-1",
        ),
    ],
)
def test_read_eml_body_charset(
    content_type: str, body: bytes, text: str, encoding: str, warnings: tuple[str, ...]
) -> None:
    data = (
        b"From: Harriet Vance MP <harriet.vance@example.org>\n"
        + f"Content-Type: {content_type}\n".encode()
        + b"Content-Transfer-Encoding: 8bit\n\n"
        + body
    )

    document = read_eml(data)

    assert document.text == text
    assert document.encoding == encoding
    assert document.warnings == warnings


def _attachments_only() -> bytes:
    message = EmailMessage()
    message["From"] = "Harriet Vance MP <harriet.vance@example.org>"
    message.make_mixed()
    attachment = EmailMessage()
    attachment.set_content(
        b"%PDF-1.4", maintype="application", subtype="pdf", filename="briefing.pdf"
    )
    message.attach(attachment)
    return message.as_bytes()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(LETTER.encode(), "not an e-mail message", id="plain-letter"),
        pytest.param(
            b"Dear Sir: thank you\nfor your letter.\n", "not an e-mail message", id="colon-text"
        ),
        pytest.param(_RANDOM_BYTES, "not an e-mail message", id="random-bytes"),
        pytest.param(
            b"Subject: Bus service\nFrom: harriet.vance@example.org\n\n \n\t\n",
            "no text (whitespace only)",
            id="empty-body",
        ),
        pytest.param(
            b"Subject: Bus service\nContent-Type: text/html\n\n<p>&nbsp;</p><style>p{}</style>",
            "no text (whitespace only)",
            id="empty-html-body",
        ),
        pytest.param(
            _attachments_only(),
            "no letter text (only attachments: briefing.pdf)",
            id="attachments-only",
        ),
    ],
)
def test_read_eml_refuses(data: bytes, reason: str) -> None:
    assert _reason(read_eml, data) == reason


# --- import hygiene ---------------------------------------------------------------------------


def _fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter run from the checkout (nothing imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
        check=True,
    )
    return done.stdout


def test_readers_import_neither_textual_nor_rich_and_find_the_stdlib_email() -> None:
    code = (
        "import sys\n"
        "from archive.readers import docx, email, pdf, text\n"
        "import email as stdlib_email\n"
        "assert stdlib_email.__file__ != email.__file__\n"
        "assert hasattr(stdlib_email, 'message_from_bytes')\n"
        "print(sorted(name for name in ('textual', 'rich') if name in sys.modules))\n"
    )
    assert _fresh_python(code).strip() == "[]"


def test_reading_text_loads_no_other_format_s_reader() -> None:
    """A worker that reads only .txt never pays for loading PDFium, pypdf, lxml or OCR."""
    check = (
        "import json, sys\n"
        "from archive.readers import read_bytes\n"
        "read_bytes(b'Dear Harriet Vance MP,', 'txt')\n"
        "read_bytes(b'# Kelmscott and Rye', 'md')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = set(json.loads(_fresh_python(check)))
    assert "archive.readers.text" in loaded
    heavy = {"archive.readers.pdf", "archive.readers.docx", "archive.readers.email"}
    assert heavy & loaded == set()
    assert {name.split(".")[0] for name in loaded} & {"pypdf", "pypdfium2", "docx", "lxml"} == set()


def test_reading_an_ordinary_pdf_or_word_file_loads_neither_fallback_library(
    tmp_path: Path,
) -> None:
    """PDFium and lxml read ordinary files; pypdf and python-docx, which only read what those
    refuse, are not loaded into a reader process that never needed them."""
    (tmp_path / "reply.pdf").write_bytes(_pdf(FIRST_PAGE, SECOND_PAGE))
    (tmp_path / "reply.docx").write_bytes(_letter_docx())
    check = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from archive.readers import read_bytes\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "texts = [read_bytes((folder / name).read_bytes(), name[-4:].lstrip('.')).text\n"
        "         for name in ('reply.pdf', 'reply.docx')]\n"
        "print(json.dumps([texts, sorted(sys.modules)]))\n"
    )
    texts, loaded = json.loads(_fresh_python(check))
    assert texts[0] == f"{FIRST_PAGE}\f{SECOND_PAGE}"
    assert "Department for Rural Transport" in texts[1]
    assert {"pypdfium2", "lxml"} <= {name.split(".")[0] for name in loaded}
    assert {name.split(".")[0] for name in loaded} & {"pypdf", "docx"} == set()


def test_read_bytes_refuses_a_format_it_has_no_reader_for() -> None:
    with pytest.raises(ReadError, match="unsupported format 'odt'"):
        read_bytes(b"Dear Harriet", "odt")


def test_read_eml_parses_each_header_of_a_part_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard policy parses a header on every read; finding the body reads each
    part's Content-Type many times. The reader parses each header of a part once."""
    import email.policy

    message = EmailMessage()
    message["From"] = "Harriet Vance MP <harriet.vance@example.org>"
    message["Subject"] = "Bus service"
    message.set_content("Dear Minister,\nThe plain version.\n")
    message.add_alternative("<p>Dear Minister,</p>", subtype="html")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    data = message.as_bytes()
    parsed: list[tuple[int, str]] = []
    fetch = email.policy.EmailPolicy.header_fetch_parse

    def counted(policy: email.policy.EmailPolicy, name: str, value: str) -> object:
        header = fetch(policy, name, value)
        parsed.append((id(value), name.lower()))
        return header

    monkeypatch.setattr(email.policy.EmailPolicy, "header_fetch_parse", counted)

    document = read_eml(data)

    assert document.text == "Dear Minister,\nThe plain version.\n"
    assert document.warnings == ("attachments not imported: a.pdf",)
    assert "content-type" in {name for _value, name in parsed}
    assert len(parsed) == len(set(parsed))


def test_read_eml_sees_a_header_added_after_one_was_read() -> None:
    from archive.readers.email import _Message

    message = _Message(policy=email_policy_default())
    assert message.get("subject") is None

    message["Subject"] = "Flood defences in Kelmscott"

    assert message.get("subject") == "Flood defences in Kelmscott"
    assert message["subject"] == "Flood defences in Kelmscott"
    assert message.get("cc", "none") == "none"


def email_policy_default() -> object:
    import email.policy

    return email.policy.default


# --- A file whose name says another format than its bytes -------------------------------------


def test_a_pdf_named_as_text_is_read_as_a_pdf_with_a_note() -> None:
    document = read_bytes(_pdf(FIRST_PAGE), "txt")

    assert document.format == "pdf"
    assert document.text == FIRST_PAGE
    assert document.warnings[0] == "its name says a text file but it is a PDF: read as a PDF"


def test_a_word_file_named_as_a_pdf_is_read_as_word() -> None:
    document = read_bytes(_letter_docx(), "pdf")

    assert document.format == "docx"
    assert "Department for Rural Transport" in document.text
    assert "its name says a PDF but it is a Word file" in document.warnings[0]


def test_a_damaged_pdf_named_as_text_names_both_the_damage_and_the_mismatch() -> None:
    with pytest.raises(ReadError) as raised:
        read_bytes(_pdf(FIRST_PAGE)[:200], "txt")

    message = str(raised.value)
    assert message.startswith("damaged PDF")
    assert message.endswith("(its name says a text file but it is a PDF)")


@pytest.mark.parametrize(
    "data",
    [
        # A letter that speaks of a PDF's header is still a letter.
        b"Dear Ms Quill,\nThe file began %PDF-1.7 and would not open.\n",
        # A zip that is not a Word file has no letter format to be read as.
        b"PK\x03\x04" + bytes(40) + b"photos/harbour.jpg" + bytes(100),
    ],
)
def test_only_a_plain_signature_changes_how_a_file_is_read(data: bytes) -> None:
    try:
        document = read_bytes(data, "txt")
    except ReadError as error:
        assert str(error) == "binary data, not text"
    else:
        assert document.format == "txt"
        assert document.text == data.decode()
        assert document.warnings == ()


def test_a_word_part_too_large_to_parse_safely_says_so_in_plain_words() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_letter_docx()), "r") as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                # One text node over lxml's 10 MB guard, in a file of a few kilobytes.
                data = data.replace(
                    b"</w:body>",
                    b"<w:p><w:r><w:t>" + b"A" * 12_000_000 + b"</w:t></w:r></w:p></w:body>",
                )
            target.writestr(item, data)

    with pytest.raises(ReadError) as raised:
        read_bytes(buffer.getvalue(), "docx")

    assert str(raised.value) == "damaged Word file: a part is too large to read safely"
