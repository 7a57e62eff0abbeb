"""Letters as scanned pages: render text to A4 images in a typeface, size, skew and noise.

The OCR benchmark needs page images whose words are known. A letter's text is typeset on A4
by fpdf2 (real typefaces: the PDF core fonts Times, Helvetica and Courier, or a DejaVu
TrueType font), rasterised by PDFium at 300 dpi in grey, turned by the skew, and for a
"noisy" page degraded as a photocopied scan is: slight contrast loss, a blur, speckle (dust
and toner dots) and JPEG artefacts. What is on the page is read back from the PDF's own text
layer, so the reference for the error rates is the text as typeset (wrapped lines, and the
characters a core font cannot print replaced as below), not a guess at it.

Everything is seeded: the same letter, condition and seed give the same pixels.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

DPI = 300
A4_MM = (210.0, 297.0)
MARGIN_MM = 25.0
#: The PDF core fonts (WinAnsi) and TrueType faces found on a Debian machine.
CORE_FONTS = ("Times", "Helvetica", "Courier")
TTF_FONTS = {
    "DejaVuSerif": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    "DejaVuSans": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "DejaVuSansMono": Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
}
#: Typographic characters a core font would print as "?", written as a typist would.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


@dataclass(frozen=True)
class Condition:
    """How one page was printed and scanned."""

    font: str
    size: int  # points
    skew: float  # degrees, anticlockwise
    noisy: bool
    #: How worn a noisy scan is: one of ``NOISE_LEVELS``.
    level: str = "photocopy"

    @property
    def label(self) -> str:
        noise = self.level if self.noisy else "clean"
        return f"{self.font} {self.size}pt {self.skew:g}deg {noise}"


@dataclass(frozen=True)
class Noise:
    """How a scan degrades a page: ink and paper greys, blur, speckle, grain, JPEG quality."""

    ink: int  # what black prints as
    paper: int  # what white prints as
    blur: float  # Gaussian radius, pixels at 300 dpi
    speckle: float  # share of pixels turned to toner dots, and as many to dropouts
    grain: float  # standard deviation of the sensor noise, grey levels
    jpeg: int  # quality the scan is saved at


#: A light scan (a good flatbed), a photocopy, and a worn copy of a copy (faxed, refiled).
NOISE_LEVELS = {
    "light": Noise(ink=20, paper=245, blur=0.6, speckle=0.002, grain=5, jpeg=50),
    "photocopy": Noise(ink=35, paper=235, blur=0.9, speckle=0.004, grain=8, jpeg=30),
    "heavy": Noise(ink=60, paper=215, blur=1.2, speckle=0.008, grain=12, jpeg=20),
}


def typeset(text: str, font: str, size: int) -> bytes:
    """``text`` as an A4 PDF in ``font`` at ``size`` points, one text line a line, long lines
    wrapped within 25 mm margins, as many pages as it needs."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    if font in TTF_FONTS:
        pdf.add_font(font, "", str(TTF_FONTS[font]))
    elif font in CORE_FONTS:
        text = text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")
    else:
        raise ValueError(f"unknown font {font!r}: one of {CORE_FONTS + tuple(TTF_FONTS)}")
    pdf.set_font(font, size=size)
    pdf.add_page()
    line_mm = size * 1.3 * 25.4 / 72
    for line in text.replace("\r\n", "\n").split("\n"):
        pdf.multi_cell(0, line_mm, line.rstrip() or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def rasterise(pdf: bytes) -> list[tuple[Image.Image, str]]:
    """Each page of ``pdf`` as a grey image at 300 dpi, with the text PDFium reads from it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            bitmap = page.render(scale=DPI / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            text_page = page.get_textpage()
            pages.append((image, text_page.get_text_range()))
            text_page.close()
            page.close()
    finally:
        document.close()
    return pages


def scan(image: Image.Image, condition: Condition, seed: int) -> Image.Image:
    """``image`` turned by the condition's skew and, if noisy, degraded like a photocopy."""
    page = image
    if condition.skew:
        page = page.rotate(
            condition.skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    if not condition.noisy:
        return page
    noise = NOISE_LEVELS[condition.level]
    rng = np.random.default_rng(seed)
    # Contrast loss: black prints as dark grey, the paper is off-white.
    span = (noise.paper - noise.ink) / 255
    pixels = np.asarray(page, dtype=np.float32) * span + noise.ink
    page = Image.fromarray(pixels.clip(0, 255).astype(np.uint8), mode="L")
    page = page.filter(ImageFilter.GaussianBlur(radius=noise.blur))
    pixels = np.asarray(page, dtype=np.int16).copy()
    # Speckle: toner dots on the paper and dropouts in the ink.
    dots = rng.random(pixels.shape)
    pixels[dots < noise.speckle] = noise.ink + 5
    pixels[dots > 1 - noise.speckle] = noise.paper
    # Sensor grain.
    pixels += rng.normal(0, noise.grain, pixels.shape).astype(np.int16)
    page = Image.fromarray(pixels.clip(0, 255).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=noise.jpeg)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def page_seed(seed: int, name: str, page: int) -> int:
    """A stable seed for one page's noise (``hash`` of a string changes between runs)."""
    return zlib.crc32(f"{seed}:{name}:{page}".encode())
