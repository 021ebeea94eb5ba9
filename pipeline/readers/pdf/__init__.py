"""The PDF reader, in steps whose results can be inspected: glyphs, lines, page furniture,
notes, tables, paragraphs.
"""

from __future__ import annotations

from pipeline.readers.base import Content, Parsed, Reader

HEADER_WITHIN = 1024  # a PDF's "%PDF-" may follow other bytes, within the first kilobyte


class PdfReader(Reader):
    format = "pdf"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return b"%PDF-" in content.data[:HEADER_WITHIN]

    def parse(self, content: Content) -> Parsed:
        from pipeline.readers.pdf.reader import read_pdf  # pypdfium2: only for PDFs

        return Parsed(*read_pdf(content.data, content.name))
