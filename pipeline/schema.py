"""Every dataset and column, described once.

The Parquet schemas, the checks made before writing, and the data dictionary
(``docs/datasets.md``, made by ``da-extract docs``) all come from here.
Bump ``SCHEMA_VERSION`` whenever a dataset or column changes meaning or type.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "1.0"

STRING = pa.string()
INT = pa.int32()
SMALL_INT = pa.int16()
INT_LIST = pa.list_(pa.int32())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


SECTIONS = Dataset(
    "sections",
    "The report's outline: preamble, top-level parts, the sectors I–IX with their "
    "sub-sections, and the annexes, in document order.",
    key=("section_id",),
    columns=(
        Column("section_id", STRING, "Stable id: `preamble`, the part's name (`introduction`, `conclusion`), "
               "the sector's roman numeral (`IV`), `annex-I`, or `<parent>.<n>` for the n-th sub-section."),
        Column("kind", STRING, "`preamble`, `part`, `sector`, `subsection` or `annex`."),
        Column("level", SMALL_INT, "1 for top-level sections, 2 for sub-sections."),
        Column("number", STRING, "Roman numeral of a sector or annex (`VII`, `II`).", nullable=True),
        Column("title", STRING, "Heading text, clean; without the sector's numeral. Null for the preamble.",
               nullable=True),
        Column("parent_id", STRING, "`section_id` of the enclosing section (sub-sections only).", nullable=True),
        Column("order", INT, "Position in the document, from 1."),
    ),
)

PARAGRAPHS = Dataset(
    "paragraphs",
    "Every paragraph of the report in reading order: headings, body text, list items, "
    "editorial notes and the paragraphs of table cells. Footnote bodies are in `footnotes`.",
    key=("paragraph_id",),
    columns=(
        Column("paragraph_id", STRING, "Stable id `<section_id>:<n>`; the section's heading is n = 0, its other "
               "paragraphs count from 1."),
        Column("section_id", STRING, "Section the paragraph belongs to (`sections.section_id`)."),
        Column("order", INT, "Position in the document, from 1."),
        Column("kind", STRING, "`heading`, `paragraph`, `list_item` or `note` (an editorial note in brackets, "
               "such as `[Les annexes suivent]`)."),
        Column("list_marker", STRING, "Marker of a list item without its delimiter: `iv` for `iv)`, `a` for "
               "`a)`, `·` for a bullet.", nullable=True),
        Column("text", STRING, "Clean text (see the README's normalisation rules), without the list marker."),
        Column("footnotes", INT_LIST, "Numbers of the footnotes cited, in order of citation."),
        Column("table_number", SMALL_INT, "For a paragraph in a table: the table's position among the report's "
               "tables, from 1.", nullable=True),
        Column("cell_number", SMALL_INT, "For a paragraph in a table: the cell's position in reading order "
               "among the table's non-empty cells, from 1.", nullable=True),
    ),
)

FOOTNOTES = Dataset(
    "footnotes",
    "Footnotes, each with the paragraph that cites it and where.",
    key=("number",),
    columns=(
        Column("number", SMALL_INT, "Footnote number as printed."),
        Column("text", STRING, "Clean text of the footnote body; a body over several paragraphs is joined "
               "with single spaces."),
        Column("paragraph_id", STRING, "The citing paragraph (`paragraphs.paragraph_id`)."),
        Column("offset", INT, "Character offset of the reference in the citing paragraph's `text`: the note "
               "is cited right after `text[:offset]`."),
    ),
)

DATASETS: dict[str, Dataset] = {d.name: d for d in (SECTIONS, PARAGRAPHS, FOOTNOTES)}
