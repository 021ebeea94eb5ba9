"""The 2023 report as PDF from other programs than LibreOffice (tests/producers.py): what each gives.

Each producer's PDF is read and compared, dataset by dataset, with the text export's (as a PDF holds
it: ``renderings.as_the_pdf_holds``). ``MEASURED`` records, per producer, the datasets that were equal and the notes
found when the matrix was last measured; a test fails if a producer gives less. The README's PDF
section lists what is still wrong for each one.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from producers import PRODUCERS
from renderings import as_the_pdf_holds, datasets, without_targets
from support import da_extract, one_line_error

from pipeline.datasets.schema import DATASETS

EVERY = frozenset(DATASETS)
PANDOC_NOTES_ASIDE = EVERY - {"paragraphs", "footnotes", "links", "document_refs", "figures", "countries"}
MEASURED = {  # producer: (datasets equal to the text export's, footnotes found of 189)
    "cairo": (EVERY, 189),
    # one ligature ("fl" of "effluents") comes out as an ideograph: that paragraph, its footnote offsets
    "ghostscript": (EVERY - {"paragraphs", "footnotes", "figures", "countries"}, 189),
    # two URLs too long for their line run past the page's edge, where the browser cuts them
    "chromium-libreoffice": (EVERY - {"footnotes", "links"}, 189),
    "chromium-libreoffice-header-footer": (EVERY - {"footnotes", "links"}, 189),
    # pandoc numbers the notes from 1, one lower than the text export: the datasets that carry a note's
    # number (paragraphs, footnotes, links, document_refs, figures, countries) differ by that alone
    "chromium-pandoc": (PANDOC_NOTES_ASIDE - {"recommendations"}, 189),
    "weasyprint": (PANDOC_NOTES_ASIDE, 189),
    "weasyprint-hyphenated": (PANDOC_NOTES_ASIDE, 189),
    "wkhtmltopdf": (PANDOC_NOTES_ASIDE, 189),
    "xelatex": (frozenset({"sections", "recommendation_mentions"}), 189),
}


@pytest.mark.parametrize("name", MEASURED)
def test_a_producers_pdf_gives_at_least_what_it_gave_when_last_measured(
    name, producer_pdf, extract_rendering, reference
):
    out, manifest = extract_rendering(f"{name}.pdf", producer_pdf(name))
    found, expected = (as_the_pdf_holds(without_targets(frames)) for frames in (datasets(out), reference[0]))
    equal = {
        dataset for dataset in DATASETS if found[dataset].equals(expected[dataset]) or _same(found, expected, dataset)
    }
    was_equal, notes = MEASURED[name]
    assert sorted(was_equal - equal) == []
    assert len(found["footnotes"]) == notes
    assert manifest["source"]["format"] == "pdf"


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


@pytest.mark.parametrize("name", ["chromium-pandoc", "weasyprint"])
def test_a_french_document_that_is_not_a_report_is_refused_whoever_printed_it(name, producer_pdf, tmp_path):
    page = tmp_path / "guide.html"
    page.write_text(OTHER_FRENCH_PAGE, encoding="utf-8")
    path = tmp_path / "raw" / "2023" / "guide.pdf"
    path.parent.mkdir(parents=True)
    producer_pdf(name)  # skips without the program
    replace(PRODUCERS[name], source=page).write(path)
    result = da_extract("extract", str(path), "--data", str(tmp_path / "extracted"))
    one_line_error(result, 1, "does not look like a Development Agenda report: its text never names the", path)
    assert not (tmp_path / "extracted").exists()
