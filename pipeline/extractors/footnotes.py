"""Footnotes, linked to the paragraph and the place that cites them."""

from __future__ import annotations

from pipeline.extractors.context import extractor


@extractor(assigns=("footnotes",))
def footnote_rows(extraction) -> None:
    offsets = {}
    for placed in extraction.outline.paragraphs:
        for ref in placed.paragraph.footnote_refs:
            offsets.setdefault(ref.number, ref.offset)
    rows = []
    for note in extraction.document.footnotes:
        place = extraction.place(footnote=note.number)
        rows.append(
            {
                "footnote": note.number,
                "text": note.text,
                "anchor_paragraph_id": place["anchor_paragraph_id"],
                "section_id": place["section_id"],
                "sector": place["sector"],
                "offset": offsets.get(note.number),
            }
        )
    extraction.add("footnotes", rows)
