"""The package's shape holds: its layers (pyproject.toml's import contracts), small modules and
functions, and a library API that the command line is built on (docs/architecture.md)."""

from __future__ import annotations

import ast
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

import pipeline

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 50
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter over the package found under ``root``, with the repository's contracts."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=300,
    )


def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_layers_and_the_absence_of_circles_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 5 kept, 0 broken." in result.stdout


WRONG_IMPORTS = {
    "from a lower layer to a higher one": (
        "document/model.py",
        "from pipeline.store import layout",
        [
            "pipeline.document is not allowed to import pipeline.store",
            "pipeline.document.model -> pipeline.store.layout",
        ],
    ),
    "between two sibling layers": (
        "datasets/schema.py",
        "import pipeline.readers",
        ["pipeline.datasets is not allowed to import pipeline.readers"],
    ),
    "from an extractor to a reader": (
        "extractors/links.py",
        "import pipeline.readers",
        [
            "pipeline.extractors is not allowed to import pipeline.readers",
            "pipeline.extractors.links -> pipeline.readers",
        ],
    ),
    "from the store to the document model": (
        "store/verify.py",
        "import pipeline.document.model",
        ["pipeline.store is not allowed to import pipeline.document"],
    ),
    "from the datasets contract to the language rules": (
        "datasets/schema.py",
        "import pipeline.language.numbers",
        ["pipeline.datasets is not allowed to import pipeline.language"],
    ),
    "from the data folder's script to the top": (
        "data/seed_countries.py",
        "import pipeline.bench",
        ["pipeline.data is not allowed to import pipeline.bench"],
    ),
    "closing a circle inside a layer": (
        "language/french.py",
        "import pipeline.language.numbers",
        ["No cycles are allowed in pipeline.language"],
    ),
}


@pytest.mark.parametrize("wrong", WRONG_IMPORTS)
def test_a_wrong_import_breaks_the_build(tmp_path, wrong):
    module, statement, said = WRONG_IMPORTS[wrong]
    root = package_copy(tmp_path)
    path = root / "pipeline" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{statement}  # noqa\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1
    for line in said:
        assert line in result.stdout


def python_modules() -> list[Path]:
    return sorted((ROOT / "pipeline").rglob("*.py"))


@pytest.mark.parametrize("path", python_modules(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_modules_and_functions_stay_small(path):
    source = path.read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES, f"{path.name}: split it by job"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
        and not _declarative(node)
    ]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {', '.join(long)}"


def _declarative(function: ast.FunctionDef) -> bool:
    """A function that only returns one literal (a table, a page template) may be long."""
    body = [node for node in function.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    return (
        len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.JoinedStr | ast.Constant)
    )


def test_the_library_api_is_what_the_package_exports():
    assert pipeline.__all__ == ["__version__", "check", "diff", "extract", "extract_many", "load", "read", "verify"]
    for name in pipeline.__all__[1:]:
        function = getattr(pipeline, name)
        assert inspect.getdoc(function), f"{name} has no docstring for help()"
        parameters = list(inspect.signature(function).parameters.values())
        positional = [p.name for p in parameters if p.kind is not p.KEYWORD_ONLY]
        # What the function works on may be passed by position (a path, a folder, two extractions);
        # every option is a keyword.
        assert positional in ([], ["path"], ["source"], ["sources"], ["folder"], ["old", "new"]), (name, positional)


def test_importing_the_package_imports_nothing_heavy():
    code = (
        "import sys, pipeline; print(sorted(m for m in ('spacy', 'pandas', 'pyarrow', 'bs4', 'lxml', 'docx', "
        "'pypdfium2', 'matplotlib', 'dataclasses') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_the_layers_drawn_in_the_docs_are_the_contracts():
    import tomllib

    contract = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c["layers"] for c in contract["contracts"] if c["type"] == "layers")
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = page.split("<!-- layers:", 1)[1].split("```", 2)[1].strip("\n").splitlines()
    assert [re.match(r"\s*(pipeline\.\w+(?: \| pipeline\.\w+)*)", line).group(1) for line in drawn] == layers


def test_an_extractor_and_its_dataset_added_in_two_places(monkeypatch, tmp_path):
    """docs/architecture.md's recipes: a schema entry and a declared extractor in the registry's list
    are all a dataset needs to be extracted, checked, written and verified."""
    import pyarrow.parquet as pq

    from pipeline.datasets.schema import DATASETS, INT, STRING, Column, Dataset
    from pipeline.extractors import registry
    from pipeline.extractors.context import extractor
    from pipeline.run import run

    headings = Dataset(
        "headings",
        "Each heading of the report.",
        key=("paragraph_id",),
        one_row_per="heading",
        columns=(
            Column("paragraph_id", STRING, "The heading's paragraph."),
            Column("length", INT, "Characters in the heading."),
        ),
    )
    monkeypatch.setitem(DATASETS, "headings", headings)

    @extractor(requires=("paragraphs",), assigns=("headings",))
    def heading_rows(extraction):
        extraction.add(
            "headings",
            [
                {"paragraph_id": row["paragraph_id"], "length": len(row["text"])}
                for row in extraction.datasets["paragraphs"]
                if row["paragraph_kind"] == "heading"
            ],
        )

    monkeypatch.setattr(registry, "EXTRACTORS", registry.EXTRACTORS + (heading_rows,))
    registry.check_order(registry.EXTRACTORS)
    manifest = run(ROOT / "raw" / "2023", tmp_path, log=lambda line: None)
    rows = pq.read_table(tmp_path / "headings").to_pylist()
    assert manifest["rows"]["headings"] == len(rows) == 52
    assert rows[:2] == [
        {"paragraph_id": "introduction:0", "length": 12, "report_year": 2023},
        {"paragraph_id": "I:0", "length": 48, "report_year": 2023},
    ]
    assert pipeline.verify(tmp_path).ok
