"""Reader for born-digital PDF reports (from Word, LibreOffice, a browser, WeasyPrint, LaTeX…), on pypdfium2.

A PDF keeps no paragraphs, only glyphs placed on pages; the model is rebuilt from their
positions, sizes and weights alone, never from a word of one year's report, in steps whose
results can be inspected (each module's docstring says how its step decides):

1. ``glyphs.read_pages``: each page's glyphs, paths and link targets, as PDFium reads them;
2. ``lines.page_lines``: glyphs → fragments (superscripts marked) → lines; ``lines.Metrics``:
   what all the lines say about the document's typography;
3. ``furniture.without_running_lines``: running headers and footers left out; then
   ``edges.restore_cut_links``: a link a browser cut at the page's edge, read whole from its annotation;
4. ``notes.split_notes``, ``notes.read_notes``: the footnotes below the separator;
5. ``tables.page_items``: a page's body → paragraphs and zones (tables on one page; ``rows``: the
   rows of a table whose cells a producer places apart, ``centred``: those a browser centres,
   ``close_rows``: those only the text parts, as LaTeX sets them; ``justified``: a justified line
   that only looks like a row; ``ruled``: a table's rules, and a head cell between them);
6. ``paragraphs``: lines grouped into paragraphs, and joined into their text (``markers``: labels
   in sequence; ``indents``: first-line indents);

and ``layout.layout`` runs them in order, joining what a page break split. The distances they
judge by are ``tolerances.Tolerances``; what step 1 may read (pages, objects, images, glyphs, paths,
links, forms, content, inflated streams) is bounded by ``budgets``, each limit refused with a
one-line error. For example, a page's lines::

    pages = read_pages(open("rapport.pdf", "rb").read(), "rapport.pdf")
    [line.text for line in page_lines(pages[3])]
"""

from __future__ import annotations

from pipeline.readers.base import Content, Parsed, Reader
from pipeline.readers.pdf.tolerances import Tolerances

HEADER_WITHIN = 1024  # a PDF's "%PDF-" may follow other bytes, within the first kilobyte


class PdfReader(Reader):
    """A file with ``%PDF-`` in its first kilobyte; ``tolerances`` tune the layout's steps."""

    format = "pdf"

    def __init__(self, tolerances: Tolerances = Tolerances()):
        self.tolerances = tolerances

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return b"%PDF-" in content.data[:HEADER_WITHIN]

    def parse(self, content: Content) -> Parsed:
        from pipeline.readers.pdf.glyphs import read_pages  # pypdfium2: only for PDFs
        from pipeline.readers.pdf.layout import layout

        return Parsed(*layout(read_pages(content.data, content.name), self.tolerances))
