"""The 2023 report as PDF from other programs than LibreOffice (tests/producers.py): what each gives.

Each producer's PDF is read and compared, dataset by dataset, with the text export's (as a PDF holds
it: ``renderings.as_the_pdf_holds``; with notes numbered from 1 where pandoc made the source:
``Producer.first_note``). ``MEASURED`` records, per producer, the datasets that were equal and the notes
found when the matrix was last measured; a test fails if a producer gives less. The README's PDF
section lists what is still wrong for each one.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from producers import PRODUCERS
from renderings import as_the_pdf_holds, datasets, notes_numbered_from, without_targets
from support import da_extract, one_line_error

from pipeline.datasets.schema import DATASETS

EVERY = frozenset(DATASETS)
MEASURED = {  # producer: (datasets equal to the text export's, footnotes found of 189)
    "cairo": (EVERY, 189),
    "ghostscript": (EVERY, 189),
    "chromium-libreoffice": (EVERY, 189),
    "chromium-libreoffice-header-footer": (EVERY, 189),
    "chromium-pandoc": (EVERY, 189),
    # Letter, 1.5 cm margins, 10-point text: no space drawn, pdfium invents them at the gaps
    "chromium-libreoffice-letter": (EVERY, 189),
    # A4, 3 cm margins, 11-point serif: Chromium rounds a paragraph's place to whole pixels
    "chromium-pandoc-a4-serif": (EVERY, 189),
    "weasyprint": (EVERY, 189),
    "weasyprint-hyphenated": (EVERY, 189),
    # A4, 3 cm margins, 11-point serif: references raised at 10.67 points, Annex I's head on two lines
    "weasyprint-a4-serif": (EVERY, 189),
    # Annex II's first title, pandoc's th, between the rules above and under it: the table's head row
    "wkhtmltopdf": (EVERY, 189),
    "xelatex": (EVERY, 189),
}
# producer: the notes whose last line, an address with nowhere to break, the browser cut at the page's
# edge (a documented limit: the address is read from its link, the full stop after it is lost), and the
# pages the warnings name
CUT_AT_THE_PAGES_EDGE = {
    "chromium-libreoffice": ((77, 109), (40, 41)),
    "chromium-libreoffice-header-footer": ((77, 109), (40, 41)),
}


@pytest.mark.parametrize("name", MEASURED)
def test_a_producers_pdf_gives_at_least_what_it_gave_when_last_measured(
    name, producer_pdf, extract_rendering, reference
):
    out, manifest = extract_rendering(f"{name}.pdf", producer_pdf(name))
    cut, pages = CUT_AT_THE_PAGES_EDGE.get(name, ((), ()))
    found, expected = (
        as_the_pdf_holds(without_targets(frames), where_a_link_runs_past_the_page=cut)
        for frames in (datasets(out), reference[0])
    )
    expected = notes_numbered_from(expected, PRODUCERS[name].first_note)
    equal = {
        dataset for dataset in DATASETS if found[dataset].equals(expected[dataset]) or _same(found, expected, dataset)
    }
    was_equal, notes = MEASURED[name]
    assert sorted(was_equal - equal) == []
    assert len(found["footnotes"]) == notes
    assert manifest["source"]["format"] == "pdf"
    warned = [w for w in manifest["warnings"] if w.startswith("text cut at the page's right edge on page ")]
    assert [int(w.split()[9].rstrip(":")) for w in warned] == list(pages)


def _same(found: dict, expected: dict, name: str) -> bool:
    try:
        pd.testing.assert_frame_equal(found[name], expected[name])
    except AssertionError:
        return False
    return True


OTHER_FRENCH_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Guide</title></head><body>
<h1>Guide d’installation</h1>
<p>Ce guide décrit l’installation de la distribution sur un ordinateur personnel. Il est destiné aux
utilisateurs qui découvrent le logiciel et qui souhaitent une présentation des étapes principales.</p>
<h2>1. Introduction</h2>
<p>La distribution contient des programmes, des polices et de la documentation. Elle est mise à jour
chaque année par une équipe de bénévoles, et les paquets sont disponibles pour la plupart des systèmes.</p>
<h2>2. Installation</h2>
<p>Pour installer la distribution, il faut d’abord télécharger l’image du disque, puis lancer le
programme d’installation et choisir les collections souhaitées dans la liste qui est proposée.</p>
</body></html>
"""


ENGLISH_REPORT_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report</title></head><body>
<h1>Report on the Development Agenda</h1>
<p>This document contains the report of the Director General on the implementation of the Development Agenda
for the year 2023. It gives an overview of the activities undertaken by the Organization to that end.</p>
<h2>I. Regional and National Development Sector</h2>
<p>The Sector continued to provide technical assistance and capacity building to developing countries and to
least developed countries, with a number of national projects and regional workshops held during the year.</p>
</body></html>
"""


NOT_REPORTS = {  # a page that is not a report in French, and what the refusal says
    "french-guide": (OTHER_FRENCH_PAGE, "does not look like a Development Agenda report: its text never names the"),
    "english-report": (ENGLISH_REPORT_PAGE, "not a report in French"),
}


@pytest.mark.parametrize("page", NOT_REPORTS)
@pytest.mark.parametrize("name", ["chromium-pandoc", "weasyprint"])
def test_a_pdf_that_is_not_a_report_in_french_is_refused_whoever_printed_it(name, page, producer_pdf, tmp_path):
    html, message = NOT_REPORTS[page]
    source = tmp_path / f"{page}.html"
    source.write_text(html, encoding="utf-8")
    path = tmp_path / "raw" / "2023" / f"{page}.pdf"
    path.parent.mkdir(parents=True)
    producer_pdf(name)  # skips without the program
    replace(PRODUCERS[name], source=source).write(path)
    result = da_extract("extract", str(path), "--data", str(tmp_path / "extracted"))
    one_line_error(result, 1, message, path)
    assert not (tmp_path / "extracted").exists()
