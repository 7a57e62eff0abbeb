"""Scans made at test time: fictional letters drawn with DejaVu fonts, as PNG, TIFF and PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from PIL import Image, ImageDraw, ImageFont

from archive.ocr import DEFAULT_ENGINE, OcrEngine, OcrUnavailable, get_engine

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

#: A short fictional reply, with the fields extraction looks for (date, reference, MP).
SCANNED_REPLY = (
    "Department for Transport\n"
    "Harriet Vance MP\n"
    "House of Commons\n"
    "CTS Reference: M48213/16\n"
    "12 May 2016\n"
    "Dear Harriet,\n"
    "Thank you for your letter about the Kelmscott ferry.\n"
    "Yours sincerely,\n"
    "Tobias Wrenfield MP\n"
)


def render_page(text: str, *, size: int = 28, margin: int = 40) -> Image.Image:
    """``text`` drawn black on white, one line per line, as a greyscale page image."""
    font = ImageFont.truetype(FONT, size)
    lines = text.splitlines() or [""]
    line_height = int(size * 1.5)
    width = max(int(font.getlength(line)) for line in lines) + 2 * margin
    page = Image.new("L", (max(width, 200), line_height * len(lines) + 2 * margin), 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((margin, margin + number * line_height), line, font=font, fill=0)
    return page


def png_bytes(page: Image.Image) -> bytes:
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def tiff_bytes(pages: Sequence[Image.Image]) -> bytes:
    """A multi-page TIFF, one frame per page."""
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=list(pages[1:]))
    return out.getvalue()


def pdf_bytes(
    pages: Sequence[Image.Image | str | tuple[Image.Image, str]], dpi: int = 150
) -> bytes:
    """A PDF whose pages are images (a scan: no text layer), text (a text layer), or an
    image with a line of text stamped on it (a disclosure bundle's page)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        if isinstance(page, str):
            pdf.multi_cell(0, 14, page)
        elif isinstance(page, tuple):
            image, stamp = page
            pdf.image(image, x=20, y=40, w=image.width * 72 / dpi, h=image.height * 72 / dpi)
            pdf.set_xy(20, 10)
            pdf.cell(0, 14, stamp)
        else:
            width = page.width * 72 / dpi
            pdf.image(page, x=20, y=20, w=width, h=page.height * 72 / dpi)
    return bytes(pdf.output())


def require_engine(name: str | None = None) -> OcrEngine:
    """The OCR engine ``name`` (the default for None), or this test fails saying what to
    install: a test of OCR never skips (the README: ``make test`` installs Tesseract as
    root; otherwise it prints the one extra command)."""
    try:
        return get_engine(name)
    except OcrUnavailable as error:
        engine = name or DEFAULT_ENGINE
        pytest.fail(f"this test needs OCR ({engine}), not installed here: {error}", pytrace=False)
