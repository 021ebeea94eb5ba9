"""The tour notebook (notebooks/tour.ipynb): about the extraction it is pointed at, committed with its
outputs (small, no machine's paths), and its year-over-year section listing what changed between two
years. `make test` also runs it, through nbmake, on extracted/."""

from __future__ import annotations

import json
import re
import shutil
import tempfile

import nbformat
import pytest
from nbclient import NotebookClient
from support import REPORT_2023, ROOT

from pipeline.run import run

TOUR = ROOT / "notebooks" / "tour.ipynb"


def outputs_text(notebook) -> str:
    """What the code cells printed and displayed, as text."""
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def test_tour_is_committed_with_its_outputs_small_and_without_paths():
    notebook = json.loads(TOUR.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == [
        "parameters"
    ] and 'DATA = os.environ.get("DA_EXTRACT_TOUR_DATA", "extracted")' in ("".join(code[0]["source"]))
    assert all(cell["outputs"] for cell in code[3:]), "every cell after the set-up shows something"
    outputs = json.dumps([cell["outputs"] for cell in code])
    assert '"output_type": "error"' not in outputs
    assert str(ROOT) not in outputs and tempfile.gettempdir() not in outputs
    assert not any("execution" in cell["metadata"] for cell in code)  # no timestamps
    assert TOUR.stat().st_size < 600_000
    text = outputs_text(notebook)
    assert "years: [2023]; the tour looks at 2023" in text
    assert "36 references, 36 rows once joined" in text
    assert "Secteur des écosystèmes de propriété intellectuelle et d’innovation" in text


def test_tour_reads_only_the_extraction_it_is_pointed_at():
    source = "".join("".join(cell["source"]) for cell in json.loads(TOUR.read_text(encoding="utf-8"))["cells"])
    assert "pipeline.load(ROOT / DATA)" in source
    assert not re.search(r"pipeline\.extract|\.extract\(|run\(|raw/20", source)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory, extracted_2023, report_2023_text, parse_cache):
    """2023, and a 2024 made from it with three figures edited (as the issue's analyst did)."""
    folder = tmp_path_factory.mktemp("two-years")
    out = folder / "extracted"
    shutil.copytree(extracted_2023, out)
    edited = report_2023_text.replace("l’année\u00a02023", "l’année\u00a02024").replace(
        "108\u00a0292\u00a0personnes", "112\u00a0407\u00a0personnes"
    )
    report = folder / "raw" / "2024" / REPORT_2023.name.replace("2023", "2024")
    report.parent.mkdir(parents=True)
    report.write_text(edited, encoding="utf-8")
    run(report.parent, out, log=lambda message: None, cache=parse_cache)
    return out


def test_tour_shows_what_changed_between_two_years(two_years, monkeypatch):
    monkeypatch.setenv("DA_EXTRACT_TOUR_DATA", str(two_years))
    notebook = nbformat.read(TOUR, as_version=4)
    NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(TOUR.parent)}}).execute()
    text = outputs_text(notebook)
    assert "years: [2023, 2024]; the tour looks at 2024" in text
    assert "2023 → 2024" in text
    added, removed, changed = map(int, re.search(r"figures\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\n", text).groups())
    assert (added, removed) == (0, 0) and changed >= 1
    assert re.search(r"figures\s+I\.2 · personne\s+changed\s+value\s+108292(\.0)?\s+112407(\.0)?\n", text)
