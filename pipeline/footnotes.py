"""Footnotes, linked to the paragraph and the place that cites them."""

from __future__ import annotations


def footnote_rows(extraction) -> None:
    citations = {}
    for placed in extraction.outline.paragraphs:
        for ref in placed.paragraph.footnote_refs:
            citations.setdefault(ref.number, (placed.paragraph_id, ref.offset))
    extraction.add("footnotes", [
        {"number": f.number, "text": f.text, "paragraph_id": citations.get(f.number, (None, None))[0],
         "offset": citations.get(f.number, (None, None))[1]}
        for f in extraction.document.footnotes
    ])
