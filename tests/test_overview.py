"""The overview page and the index of every year: self-contained, every section named in the table of
contents, sectors by numeral and name, checks said in words, and both drawn in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from producers import CHROMIUM_FLAGS as HEADLESS_CHROMIUM
from support import ROOT, ROWS_2023
from variants import move_last_ongoing_project_to_completed

from pipeline.api import write_overviews
from pipeline.review.overview import write_overview
from pipeline.review.overview_sections import sector_order
from pipeline.run import run
from pipeline.store.layout import read_manifest

SECTIONS = (
    "summary",
    "sectors",
    "annex-i",
    "projects",
    "figures",
    "countries",
    "footnotes-and-links",
    "document-references",
    "cross-checks",
)
SECTOR_NAMES = {
    "I": "Secteur du développement régional et national",
    "II": "Secteur des brevets et de la technologie",
    "III": "Secteur des marques et des dessins et modèles",
    "IV": "Secteur du droit d’auteur et des industries de la création",
    "V": "Secteur de l’infrastructure et des plateformes",
    "VI": "Secteur des enjeux et des partenariats mondiaux",
    "VII": "Secteur des écosystèmes de propriété intellectuelle et d’innovation",
    "VIII": "Secteur administration, finances et gestion",
    "IX": "Bureau du Directeur général",
}
CHARTS = 7
CHROMIUM_FLAGS = [*HEADLESS_CHROMIUM, "--enable-logging=stderr", "--v=0"]


def browse(chromium: str, page: Path, *arguments: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )


def without_charts(html: str) -> str:
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The cells of a table's body rows, tags left out."""
    found = re.search(rf"<table id={table_id}>(.*?)</table>", html, re.DOTALL).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", found, re.DOTALL)[1:]
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in rows]


@pytest.fixture(scope="module")
def pages_2023(extracted_2023) -> tuple[Path, Path]:
    """The 2023 overview and the index, as `da-extract overview 2023` writes them."""
    overview, index = write_overviews([2023], folder=extracted_2023)
    return overview, index


@pytest.fixture(scope="module")
def page_2023(pages_2023) -> Path:
    return pages_2023[0]


def test_page_is_self_contained(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<script" not in html
    assert html.count("<svg") == CHARTS


def test_page_shows_the_manifest(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert "<td>figures</td><td class=n>320</td>" in html
    assert "Warnings (5)" in html
    assert html.count('class="ok">✓') == 22 + 6 and 'class="fail"' not in html  # checks, then breakdowns


def test_page_opens_with_a_table_of_contents_of_every_section(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    contents = re.search(r"<nav id=contents>(.*?)</nav>", html).group(1)
    assert re.findall(r'href="#([^"]+)"', contents) == list(SECTIONS)
    assert html.index("<nav id=contents>") < html.index('<section id="summary">')


def test_page_links_to_the_data_dictionary_and_the_index(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert '<a href="../../docs/datasets.md">docs/datasets.md</a>' in html
    assert (ROOT / "extracted" / "overview" / "../../docs/datasets.md").resolve() == ROOT / "docs" / "datasets.md"
    assert '<a href="index.html">Every extracted year</a>' in html


def test_sectors_are_shown_by_numeral_and_name(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    rows = table_rows(html, "sectors")
    assert [row[:2] for row in rows[:-1]] == list(map(list, SECTOR_NAMES.items()))
    assert rows[0] == ["I", SECTOR_NAMES["I"], "8", "42", "95", "158", "46", "22", "8", "16", "36"]
    assert rows[-1][:2] == ["", "outside the sectors"]
    figures_chart = re.search(r'<section id="figures">.*?</svg>', html, re.DOTALL).group(0)
    assert all(f"{numeral} {name}" in figures_chart for numeral, name in SECTOR_NAMES.items())  # bars labelled


def test_checks_are_said_in_words_whole(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    outcomes = {row[1]: row[2] for row in table_rows(html, "checks")}
    approved = outcomes["approved proposals link to the Annex II approved projects, one each"]
    assert approved.startswith("all 7 expected found: collaboration-propriete-intellectuelle-innovation-fondement-")
    assert approved.endswith(
        ", propriete-intellectuelle-tourisme-gastronomique-perou-autres-pays-developpement-phase-2"
    )
    assert outcomes["recommendations cited by approved proposals are among Annex I&#x27;s 45"] == (
        "none expected, none found"
    )
    assert outcomes["the parts in footnote 50 add up to “19 pays” (II.1:1)"] == "19, as expected"
    assert "[]" not in html and "&quot;" not in without_charts(html)


def test_numbers_are_written_one_way(page_2023):
    text = without_charts(page_2023.read_text(encoding="utf-8"))
    assert not re.findall(r"(?<![\d.])\d+\.0\b(?!\.)", text)  # versions (0.2.0, schema 2.0) aside
    assert "Amérique latine et Caraïbes 6, pays en transition 3" in text


def test_page_shows_the_breakdowns(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert (
        "<tr><td>19 pays</td><td>II.1:1@218</td><td>footnote 50</td><td>Afrique 2, région arabe 3, Asie et "
        'Pacifique 5, Amérique latine et Caraïbes 6, pays en transition 3</td><td class="ok">✓</td></tr>'
    ) in html


def test_page_shows_countries_and_document_references(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert "333 mentions of 108 countries; the 15 named most." in html
    by_sector = table_rows(html, "countries-by-sector")
    assert by_sector[0] == [f"I {SECTOR_NAMES['I']}", "158", "82", "Ouganda 6, Cambodge 6, Namibie 5"]
    bodies = table_rows(html, "document-bodies")
    assert bodies[0] == ["CDIP", "19", "18", "13, 20, 28, 29, 30, 31, 32", "17"]
    assert [row[0] for row in bodies] == ["CDIP", "SCCR", "PCT/A", "PCT/WG", "SCP", "WO/GA"]
    assert "36 references to 34 documents." in html and "Cited more than once: CDIP/20/5 (2), SCCR/43/7 (2)." in html


def test_project_lists_are_counted_in_one_vocabulary(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    charts = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    projects = re.search(r'<section id="projects">(.*?)</section>', html, re.DOTALL).group(1)
    legend = set(re.findall(r"<text[^>]*>([A-Za-z_ ]+)</text>", projects))
    assert {"completed_evaluated", "ongoing", "approved", "no Annex II project"} <= legend
    assert not {"integrated"} & legend and len(charts) == CHARTS


def test_index_lists_each_year_with_its_manifest_counts(pages_2023, extracted_2023):
    index = pages_2023[1]
    assert index.name == "index.html" and index.parent == pages_2023[0].parent
    html = index.read_text(encoding="utf-8")
    assert '<th class=n><a href="2023.html">2023</a></th>' in html
    rows = {name: int(count) for name, count in table_rows(html, "rows-per-year")}
    assert rows == read_manifest(extracted_2023, 2023)["rows"] == ROWS_2023
    checks = {name: int(count) for name, count in table_rows(html, "warnings-and-checks")}
    assert checks == {"warnings": 5, "checks passed": 22, "checks failed": 0, "checks not run": 0}


def dom_of(chromium: str, page: Path) -> str:
    result = browse(chromium, page, "--dump-dom")
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if re.search(r"error|uncaught", line, re.IGNORECASE)], console
    return result.stdout


def test_both_pages_render_in_chromium_with_every_anchor_resolved(chromium, pages_2023, tmp_path_factory):
    screenshots = tmp_path_factory.mktemp("screenshots")
    for page, charts in zip(pages_2023, (CHARTS, 0)):
        dom = dom_of(chromium, page)
        assert dom.count("<svg") == charts, page.name
        anchors = re.findall(r'href="#([^"]+)"', dom)
        assert anchors and all(f'id="{anchor}"' in dom for anchor in anchors), page.name
        shot = screenshots / page.with_suffix(".png").name
        taken = browse(chromium, page, "--hide-scrollbars", "--window-size=1280,2400", f"--screenshot={shot}")
        assert taken.returncode == 0 and shot.stat().st_size > 20_000, taken.stderr[-500:]
    dom = dom_of(chromium, pages_2023[0])
    assert all(f'id="{section}"' in dom for section in SECTIONS)
    assert len(re.findall(r"<path ", dom)) > 100  # bars, cells, axes: the charts are drawn, not empty
    assert 'href="2023.html"' in dom_of(chromium, pages_2023[1])


def test_changes_since_the_previous_year_come_first_and_the_index_shows_both(
    tmp_path, report_2023_text, extracted_2023
):
    out = tmp_path / "extracted"
    shutil.copytree(extracted_2023, out)
    earlier = tmp_path / "raw" / "2022"
    earlier.mkdir(parents=True)
    text = move_last_ongoing_project_to_completed(report_2023_text).replace("l’année\u00a02023", "l’année\u00a02022")
    (earlier / "rapport.txt").write_text(text, encoding="utf-8")
    run(earlier, out, log=lambda m: None)
    html = write_overview(out, 2023).read_text(encoding="utf-8")
    changes = re.search(r'<section id="changes"><h2>Changes since 2022</h2>(.*?)</section>', html, re.DOTALL)
    moved = "reduire-accidents-travail-maladies-professionnelles-moyen-innovation-propriete"
    assert all(word in changes.group(1) for word in (moved, "list", "completed_evaluated", "ongoing"))
    assert html.index('id="summary"') < html.index('id="changes"') < html.index('id="sectors"')
    assert '<li><a href="#changes">Changes since 2022</a></li>' in html
    assert (
        '<tr class="changed"><td>~</td><td>reduire-accidents-travail-maladies-professionnelles-moyen-innovation-'
        "propriete</td><td>list</td><td>completed_evaluated</td><td>ongoing</td></tr>"
    ) in html
    assert "Changes since" not in write_overview(out, 2022).read_text(encoding="utf-8")
    index = write_overviews([2022, 2023], folder=out)[-1].read_text(encoding="utf-8")
    assert '<a href="2022.html">2022</a></th><th class=n><a href="2023.html">2023</a>' in index
    assert ["projects", "55", "55"] in table_rows(index, "rows-per-year")


def test_sectors_are_charted_in_the_report_order_past_the_twelfth():
    names = {numeral: f"Secteur {numeral}" for numeral in ["I", "II", "IX", "X", "XIII", "XVI"]}
    places = ["XVI", "II", "outside the sectors", "IX", "XIII", "I", "X"]
    ordered = sorted(places, key=lambda place: sector_order(place, names))
    assert ordered == ["I", "II", "IX", "X", "XIII", "XVI", "outside the sectors"]
