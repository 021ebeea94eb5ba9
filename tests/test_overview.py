"""The overview page: self-contained, every section, and charts that render in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from variants import move_last_ongoing_project_to_completed

from pipeline.review.overview import write_overview
from pipeline.run import run

SECTIONS = ("summary", "annex-i", "projects", "figures", "links", "cross-checks")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def browse(chromium: str, page: Path, *arguments: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture(scope="module")
def page_2023(extracted_2023) -> Path:
    return write_overview(extracted_2023, 2023)


def test_page_is_self_contained(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<script" not in html
    assert html.count("<svg") == 6


def test_page_shows_the_manifest(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert "<td>figures</td><td class=n>320</td>" in html
    assert "Warnings (5)" in html
    assert html.count('class="ok">✓') == 22 + 6 and 'class="fail"' not in html  # checks, then breakdowns


def test_page_shows_the_breakdowns(page_2023):
    html = page_2023.read_text(encoding="utf-8")
    assert (
        "<tr><td>19 pays</td><td>II.1:1@218</td><td>footnote 50</td><td>Afrique 2, région arabe 3, Asie et "
        'Pacifique 5, Amérique latine et Caraïbes 6, pays en transition 3</td><td class="ok">✓</td></tr>'
    ) in html


def test_charts_render_in_chromium_without_console_errors(chromium, page_2023):
    result = browse(chromium, page_2023, "--dump-dom")
    dom = result.stdout
    for section in SECTIONS:
        assert f'id="{section}"' in dom, section
    assert dom.count("<svg") == 6
    assert len(re.findall(r"<path ", dom)) > 100  # bars, cells, axes: the charts are drawn, not empty
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if re.search(r"error|uncaught", line, re.IGNORECASE)], console

    screenshot = page_2023.parent / "overview-2023.png"
    shot = browse(chromium, page_2023, "--hide-scrollbars", "--window-size=1280,2400", f"--screenshot={screenshot}")
    assert shot.returncode == 0 and screenshot.stat().st_size > 50_000, shot.stderr[-500:]


def test_changes_since_the_previous_year(tmp_path, report_2023_text, extracted_2023):
    out = tmp_path / "extracted"
    shutil.copytree(extracted_2023, out)
    earlier = tmp_path / "raw" / "2022"
    earlier.mkdir(parents=True)
    text = move_last_ongoing_project_to_completed(report_2023_text).replace("l’année\u00a02023", "l’année\u00a02022")
    (earlier / "rapport.txt").write_text(text, encoding="utf-8")
    run(earlier, out, log=lambda m: None)
    html = write_overview(out, 2023).read_text(encoding="utf-8")
    assert "<h2>Changes since 2022</h2>" in html
    assert (
        '<tr class="changed"><td>~</td><td>reduire-accidents-travail-maladies-professionnelles-moyen-innovation-'
        "propriete</td><td>list</td><td>completed_evaluated</td><td>ongoing</td></tr>"
    ) in html
    assert "Changes since" not in write_overview(out, 2022).read_text(encoding="utf-8")


def test_sectors_are_charted_in_their_order_past_the_twelfth():
    from pipeline.review.overview import _roman_order

    sections = ["XVI", "II", "annex-I", "IX", "XIII", "I", "introduction", "X"]
    assert sorted(sections, key=_roman_order) == ["I", "II", "IX", "X", "XIII", "XVI", "annex-I", "introduction"]
