"""The document model every reader produces and every extractor reads.

A report is a sequence of blocks (paragraphs, headings, tables) plus its
footnote bodies. Text in the model is already clean (see ``normalise``);
``source_text`` keeps the characters as written (no-break spaces, U+2011)
for extractors that must report what the document literally says, such as
URL repair.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

MODEL_VERSION = 2


@dataclass(frozen=True)
class FootnoteRef:
    number: int
    offset: int  # character offset of the reference in the block's clean text


@dataclass(frozen=True)
class Hyperlink:
    """A link the source format stores (Word's relationship target, HTML's href) over
    ``text[start:end]``; the text export has none."""

    start: int
    end: int
    target: str


@dataclass
class Paragraph:
    text: str
    source_text: str = ""
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    is_heading: bool = False
    heading_level: int | None = None  # as declared by the source format, if any
    list_marker: str | None = None  # "i", "a", "·" … without its delimiter
    # The label automatic numbering draws before the paragraph ("1.", "12)") when it is
    # not a list marker: Word numbering or an HTML <ol>; never part of the text.
    numbering: str | None = None
    hyperlinks: list[Hyperlink] = field(default_factory=list)

    @property
    def is_note(self) -> bool:
        """An editorial note such as ``[Les annexes suivent]``."""
        return self.text.startswith("[") and self.text.endswith("]")


@dataclass
class Cell:
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)
    header: bool = False  # declared a header row (Word's tblHeader, HTML's thead): repeated after page breaks

    def cell_texts(self, empty_cells: bool = False) -> tuple[str, ...]:
        """What the row says: the text of each cell that holds a paragraph (to tell a header row
        repeated after a page break); with ``empty_cells``, an empty cell says "" in its place."""
        return tuple(" ".join(p.text for p in cell.paragraphs) for cell in self.cells if empty_cells or cell.paragraphs)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def cells(self) -> list[Cell]:
        """Non-empty cells in reading order (row boundaries are not reliable
        in every source format, so extractors rely on this sequence)."""
        return [c for r in self.rows for c in r.cells if c.paragraphs]


Block = Paragraph | Table


@dataclass
class Footnote:
    number: int
    text: str
    source_text: str = ""
    hyperlinks: list[Hyperlink] = field(default_factory=list)


@dataclass
class Source:
    """The file as given: a .doc or RTF converted before it is read is still described here."""

    path: str
    sha256: str
    format: str  # the reader's (pipeline.readers): "text", "html", "docx", "odt", "fodt", "pdf", "doc", "rtf"
    size_bytes: int
    converter: str | None = None  # the tool that converted it to .docx first ("LibreOffice 7.4.7.2"), if any

    @property
    def described(self) -> str:
        """``docx``, or ``doc through LibreOffice 7.4.7.2``: for progress lines."""
        return f"{self.format} through {self.converter}" if self.converter else self.format


@dataclass
class Document:
    year: int | None  # None in what a reader alone returns: pipeline.readers.read_report settles it
    source: Source
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        payload = {"model_version": MODEL_VERSION, **asdict(self)}
        payload["blocks"] = [_block_to_dict(b) for b in self.blocks]
        return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Document:
        data = json.loads(text)
        if data.get("model_version") != MODEL_VERSION:
            raise ValueError(f"document model version {data.get('model_version')!r}, expected {MODEL_VERSION}")
        return cls(
            year=data["year"],
            source=Source(**data["source"]),
            blocks=[_block_from_dict(b) for b in data["blocks"]],
            footnotes=[_footnote_from_dict(f) for f in data["footnotes"]],
            warnings=list(data["warnings"]),
        )

    def save(self, path: Path) -> None:
        from pipeline.files import write_atomically

        write_atomically(path, self.to_json().encode("utf-8"))


def _block_to_dict(block: Block) -> dict:
    kind = "table" if isinstance(block, Table) else "paragraph"
    return {"type": kind, **asdict(block)}


def _paragraph_from_dict(data: dict) -> Paragraph:
    data = dict(data)
    data.pop("type", None)
    data["footnote_refs"] = [FootnoteRef(**r) for r in data["footnote_refs"]]
    data["hyperlinks"] = [Hyperlink(**h) for h in data["hyperlinks"]]
    return Paragraph(**data)


def _footnote_from_dict(data: dict) -> Footnote:
    return Footnote(**{**data, "hyperlinks": [Hyperlink(**h) for h in data["hyperlinks"]]})


def _block_from_dict(data: dict) -> Block:
    if data["type"] == "table":
        return Table(
            rows=[
                Row(
                    cells=[Cell([_paragraph_from_dict(p) for p in c["paragraphs"]]) for c in r["cells"]],
                    header=r["header"],
                )
                for r in data["rows"]
            ]
        )
    return _paragraph_from_dict(data)
