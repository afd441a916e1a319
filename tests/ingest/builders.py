"""Build small documents of every supported type inside the tests, so no binary is committed."""

from __future__ import annotations

from pathlib import Path

SYSTEM_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def write_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    """A PDF with one page per string, in a core font (Latin-1 covers æ, ø and å)."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def write_docx(path: Path, title: str = "") -> Path:
    """A DOCX with a title, a preamble, headings, paragraphs, list items and a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading("Verdikompasset", level=0)
    document.add_paragraph("Arenaen bygger på fire prinsipper.")
    document.add_heading("Tillit", level=1)
    document.add_paragraph("Vi holder det vi lover og deler det vi vet.")
    document.add_paragraph("Åpne møtereferater", style="List Bullet")
    document.add_paragraph("Klare roller", style="List Bullet")
    document.add_heading("Likeverd", level=1)
    document.add_paragraph("Alle parter har like stor stemme.")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {
        (0, 0): "Prinsipp",
        (0, 1): "Forpliktelse",
        (1, 0): "Likeverd",
        (1, 1): "Små aktører får ordet først",
    }.items():
        table.cell(row, col).text = text
    document.save(str(path))
    return path


def write_pptx(path: Path, title: str = "") -> Path:
    """Three slides: title and bullets with notes, a table, and a body-only slide."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.core_properties.title = title
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Kontrolltårnet"
    body = first.placeholders[1].text_frame
    body.text = "Operasjonsplanlegging med maskinlæring"
    for text in ("Færre strykninger", "Bedre flyt på operasjonsstuene"):
        paragraph = body.add_paragraph()
        paragraph.text = text
        paragraph.level = 1
    first.notes_slide.notes_text_frame.text = "Husk å nevne H2B Open-møtet i juni."

    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Tall fra sykehuset"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for (row, col), text in {
        (0, 0): "År",
        (0, 1): "Operasjoner",
        (1, 0): "2024",
        (1, 1): "1200",
    }.items():
        table.cell(row, col).text = text

    third = deck.slides.add_slide(deck.slide_layouts[1])
    third.shapes.title.text = "Offentlig-privat samarbeid"
    third.placeholders[1].text_frame.text = "Innovasjonspartnerskap mellom sykehus og leverandør"
    deck.save(str(path))
    return path


HTML = """<!doctype html>
<html><head><title>Slik jobber arenaen</title>
<script>var tracking = "skal bort";</script><style>p { color: red }</style></head>
<body>
<nav><a href="/">Hjem</a> <a href="/om">Navigasjonslenke</a></nav>
<h1>Slik jobber arenaen</h1>
<p>Arenaen samler sykehus, kommuner og næringsliv.</p>
<h2>Fra behov til verksted</h2>
<p>En utfordring starter med et behov fra tjenesten.</p>
<ul><li>Behovet beskrives</li><li>Partnere inviteres</li></ul>
<h2>Etterpå</h2>
<p>Resultatene deles med alle.</p>
<footer>Bunntekst som skal bort</footer>
</body></html>
"""

MARKDOWN = """---
title: Verdikompass
principles: [tillit, likeverd]
---
Innledende tekst før første overskrift.

# Verdikompasset

Fire prinsipper styrer arbeidet.

## Tillit

Vi holder det vi lover.

## Samskaping

Vi lager løsninger sammen med dem som skal bruke dem.
"""

# What a PDF or slide deck looks like after a plain-text extraction: every line followed by a
# blank line, words hyphenated across lines, an elided compound, glyph bullets, a running header
# and footer on every page, lone page numbers, and page breaks as runs of blank lines.
EXTRACTION_PAGES = [
    "Helse2B rapport 2025\n\n"
    "Innledning\n\n"
    "Denne rapporten handler om innova-\n\n"
    "sjon i kommunal helse-\n\n"
    "og omsorgssektor. Arbeidet ble gjort\n\n"
    "i tre case-kommuner i Agder.\n\n"
    "Konfidensielt utkast\n\n"
    "1\n\n",
    "Helse2B rapport 2025\n\n"
    "Funn\n\n"
    "• Kulturen for innovasjon varierer\n\n"
    "• Ledelsen er avgjørende\n\n"
    "I alle tre case-\n\n"
    "kommuner var ansatte sterkt involvert.\n\n"
    "Konfidensielt utkast\n\n"
    "2\n\n",
    "Helse2B rapport 2025\n\n"
    "Innhold\n\n"
    "Innledning ........ 3\n\n"
    "Funn .............. 7\n\n"
    "Konfidensielt utkast\n\n"
    "3\n\n",
    "Helse2B rapport 2025\n\n"
    "Anbefalinger\n\n"
    "Kommunene bør etablere en felles\n\n"
    "strategi for innovasjon og tjeneste-\n\n"
    "utvikling.\n\n"
    "Konfidensielt utkast\n\n"
    "4\n\n",
]
EXTRACTION_TEXT = "\n\n\n\n".join(EXTRACTION_PAGES)


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
