"""The extractors on altered copies of the 2023 report: what next year's text may do."""

from __future__ import annotations

import pytest

from pipeline.errors import ReportError
from pipeline.extract import extract
from pipeline.readers import read_report
from variants import move_last_ongoing_project_to_completed


def extract_variant(tmp_path, text: str):
    path = tmp_path / "2023" / "rapport.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return extract(read_report(path))


def test_declared_count_that_disagrees_with_the_rows_is_an_error(tmp_path, report_2023_text):
    text = report_2023_text.replace("en cours de mise en œuvre en décembre\u00a02023 (8)",
                                    "en cours de mise en œuvre en décembre\u00a02023 (9)")
    with pytest.raises(ReportError, match="Annex II: the list “ongoing” declares 9 projects but has 8"):
        extract_variant(tmp_path, text)


def test_unknown_list_heading_is_an_error(tmp_path, report_2023_text):
    text = report_2023_text.replace("\tProjets du Plan d’action pour le développement approuvés en\u00a02023 (7)",
                                    "\tProjets suspendus (7)")
    with pytest.raises(ReportError, match="Annex II: list heading not understood: “Projets suspendus \\(7\\)”"):
        extract_variant(tmp_path, text)


def test_report_cut_before_its_annexes_keeps_the_body(tmp_path, report_2023_text):
    text = report_2023_text[:report_2023_text.index("[Les annexes suivent]")]
    extraction = extract_variant(tmp_path, text.replace("[footnoteRef:189]", "").replace("[footnoteRef:190]", ""))
    assert extraction.datasets["recommendations"] == [] and extraction.datasets["projects"] == []
    assert extraction.incomplete == ["incomplete: no recommendations table (Annex I) found",
                                     "incomplete: no list of projects (Annex II) found"]
    assert len(extraction.datasets["footnotes"]) == 187
    assert all(row["project_key"] is None for row in extraction.datasets["project_mentions"])


def test_project_moved_from_ongoing_to_completed(tmp_path, report_2023_text):
    text = move_last_ongoing_project_to_completed(report_2023_text)
    projects = {p["project_key"]: p for p in extract_variant(tmp_path, text).datasets["projects"]}
    moved = projects["reduire-accidents-travail-maladies-professionnelles-moyen-innovation-propriete"]
    assert (moved["list"], moved["position"]) == ("completed_evaluated", 41)


def test_recommendation_without_star_or_results_row(tmp_path, report_2023_text):
    text = report_2023_text.replace("\tRecommandation n°\u00a011*", "\tRecommandation n°\u00a011")
    recommendations = {r["number"]: r for r in extract_variant(tmp_path, text).datasets["recommendations"]}
    assert recommendations[11]["starred"] is False
    assert recommendations[12]["starred"] is True
