"""Build the sample archive's PDF, Word and e-mail letters from the text sources beside this file.

Each source in ``tools/sample_src/*.txt`` starts with ``key: value`` lines and a ``---`` line;
``output`` names the file to write in ``archive/sample/letters/`` and its suffix picks the format.
For PDF and Word letters, the lines before a ``===`` line are the letterhead; for e-mails the
other keys are the message headers. Output is byte-for-byte reproducible: run it again after
editing a source (``.venv/bin/python tools/build_sample.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.policy
import email.utils
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "sample_src"
LETTERS = ROOT / "archive" / "sample" / "letters"
LETTERHEAD_END = "==="
FRONT_MATTER_END = "---"
DATE_LINE = re.compile(r"^(?:\w+day,? )?(\d{1,2})(?:st|nd|rd|th)? (\w+) (\d{4})$")
#: Format-only settings in the front matter; every other key of an e-mail source is a header.
SETTINGS = {"output", "letterhead", "html", "author"}


@dataclass(frozen=True)
class Source:
    """One letter's text source: its settings, its letterhead lines and its body."""

    path: Path
    settings: dict[str, str]
    headers: list[tuple[str, str]]
    letterhead: list[str]
    body: str

    @property
    def output(self) -> str:
        """The file name to write in the sample archive."""
        return self.settings["output"]

    @property
    def letter_date(self) -> dt.datetime:
        """The date typed on the letter (noon UTC), used for file metadata."""
        for line in self.body.splitlines():
            match = DATE_LINE.match(line.strip())
            if match:
                day, month, year = match.groups()
                parsed = dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y")
                return parsed.replace(hour=12, tzinfo=dt.UTC)
        raise ValueError(f"{self.path.name}: no date line found")


def read_source(path: Path) -> Source:
    """Parse a source file into settings, headers, letterhead and body."""
    text = path.read_text(encoding="utf-8")
    front, _, rest = text.partition(f"\n{FRONT_MATTER_END}\n")
    settings: dict[str, str] = {}
    headers: list[tuple[str, str]] = []
    for line in front.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in SETTINGS:
            settings[key.strip().lower()] = value.strip()
        else:
            headers.append((key.strip(), value.strip()))
    if "output" not in settings:
        raise ValueError(f"{path.name}: missing 'output:' line")
    head, sep, body = rest.partition(f"\n{LETTERHEAD_END}\n")
    letterhead = head.splitlines() if sep else []
    return Source(path, settings, headers, letterhead, (body if sep else head).strip("\n") + "\n")


def blocks(body: str) -> list[list[str]]:
    """Split a body into blocks of lines separated by blank lines."""
    return [block.splitlines() for block in re.split(r"\n\s*\n", body.strip("\n"))]


def check_latin1(source: Source) -> None:
    """Refuse characters the PDF core fonts cannot draw, naming the first one."""
    for line in [*source.letterhead, *source.body.splitlines()]:
        for char in line:
            if ord(char) > 0xFF:
                raise ValueError(f"{source.path.name}: {char!r} is outside latin-1 in {line!r}")


@dataclass(frozen=True)
class Typeface:
    """How a letter is set on its A4 page: the letterhead's font, sizes (first line, then
    the others), line heights and alignment, and the body's font and line height."""

    letterhead: str
    sizes: tuple[float, float]
    heights: tuple[float, float]
    align: str
    body: str
    line: float


#: A department's printed letter; a typed letter under a printed heading (a scan's page).
PRINTED = Typeface("Helvetica", (14, 9), (7, 4.5), "R", "Helvetica", 5.5)
TYPED = Typeface("Times", (13, 10), (6, 4.5), "C", "Courier", 5)


def typeset(source: Source, face: Typeface) -> FPDF:
    """The letter on an A4 page: the letterhead, a gap, then its paragraphs."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for number, line in enumerate(source.letterhead):
        first = number == 0
        pdf.set_font(face.letterhead, "B" if first else "", face.sizes[0 if first else 1])
        height = face.heights[0 if first else 1]
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT", align=face.align)
    if source.letterhead:
        pdf.ln(8)
    pdf.set_font(face.body, "", 11)
    for block in blocks(source.body):
        pdf.multi_cell(0, face.line, "\n".join(block), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return pdf


def build_pdf(source: Source) -> bytes:
    """A4 letter with a real text layer, in the Helvetica core font."""
    check_latin1(source)
    pdf = typeset(source, PRINTED)
    pdf.set_creation_date(source.letter_date)
    pdf.set_title(source.output)
    pdf.set_author(source.settings.get("author", source.letterhead[0] if source.letterhead else ""))
    return bytes(pdf.output())


def build_docx(source: Source) -> bytes:
    """Word letter with the letterhead in the page header, or in a table at the top."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    if source.settings.get("letterhead", "header") == "table":
        rows = [line.split(" | ") for line in source.letterhead]
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for row_cells, texts in zip(table.rows, rows, strict=True):
            for cell, cell_text in zip(row_cells.cells, texts, strict=False):
                cell.text = cell_text.strip()
        for cell in table.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        document.add_paragraph()
    else:
        header = section.header
        first = header.paragraphs[0]
        for number, line in enumerate(source.letterhead):
            paragraph = first if number == 0 else header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(line)
            run.bold = number == 0
            run.font.size = Pt(13 if number == 0 else 8)
    for block in blocks(source.body):
        paragraph = document.add_paragraph("\n".join(block))
        paragraph.paragraph_format.space_after = Pt(10)
    when = source.letter_date.replace(tzinfo=None)
    properties = document.core_properties
    properties.author = properties.last_modified_by = source.settings.get("author", "")
    properties.title = properties.comments = ""
    properties.created = properties.modified = when
    properties.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    return _zip_with_fixed_times(raw.getvalue(), when)


def _zip_with_fixed_times(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip with fixed member times, so the same source gives the same bytes."""
    stamp = (when.year, when.month, when.day, 12, 0, 0)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(output, "w") as new:
        for item in old.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(info, old.read(item.filename))
    return output.getvalue()


def build_eml(source: Source) -> bytes:
    """Plain-text e-mail (with an HTML alternative when asked) carrying the source's headers."""
    message = EmailMessage(policy=email.policy.default)
    for name, value in source.headers:
        message[name] = value
    if "Date" not in message:
        message["Date"] = email.utils.format_datetime(source.letter_date)
    message.set_content(source.body)
    if source.settings.get("html") == "yes":
        paragraphs = (
            "<p>" + "<br>\n".join(html.escape(line) for line in block) + "</p>"
            for block in blocks(source.body)
        )
        page = '<html><body style="font-family: Arial">\n' + "\n".join(paragraphs)
        message.add_alternative(page + "\n</body></html>\n", subtype="html")
        message.set_boundary("----=_Part_" + re.sub(r"\W", "", source.output)[:24])
    return message.as_bytes()


#: A scan's resolution: a letter filed on paper and scanned in grey for the archive.
SCAN_DPI = 150


def build_png(source: Source) -> bytes:
    """A scanned letter: the typed page as an image only (no text layer), at 150 dpi in
    grey, a little askew and dusty as a flatbed leaves it, so the import reads it by OCR."""
    import random

    import pypdfium2
    from PIL import Image

    check_latin1(source)
    document = pypdfium2.PdfDocument(bytes(typeset(source, TYPED).output()))
    try:
        page = document[0]
        image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        document.close()
    image = image.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255)
    dust = random.Random(source.output)  # the same specks every build
    for _ in range(image.width * image.height // 4000):
        image.putpixel((dust.randrange(image.width), dust.randrange(image.height)), 90)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, dpi=(SCAN_DPI, SCAN_DPI))
    return out.getvalue()


BUILDERS = {".pdf": build_pdf, ".docx": build_docx, ".eml": build_eml, ".png": build_png}


def build(source_dir: Path = SOURCES, letters_dir: Path = LETTERS) -> list[Path]:
    """Write every source's letter into the letters folder; return the files written."""
    written = []
    for path in sorted(source_dir.glob("*.txt")):
        source = read_source(path)
        builder = BUILDERS.get(Path(source.output).suffix.lower())
        if builder is None:
            raise ValueError(f"{path.name}: no builder for {source.output}")
        target = letters_dir / source.output
        target.write_bytes(builder(source))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: build the sample letters and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="folder of *.txt sources")
    parser.add_argument("--out", type=Path, default=LETTERS, help="folder to write letters into")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for target in build(args.sources, args.out):
        print(target.relative_to(args.out) if target.is_relative_to(args.out) else target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
