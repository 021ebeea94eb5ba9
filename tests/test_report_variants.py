"""The extractors on altered copies of the 2023 report: what next year's text may do.

Each test makes one change a later report could plausibly make, and asserts the exact datasets or
the exact warning: rules follow the report's shape, wording is only a hint, and a local problem
costs a warning, never the report.
"""

from __future__ import annotations

import copy

import pytest
from variants import (
    ANNEX_I_TITLE_END,
    APPROVAL_SENTENCE,
    move_last_ongoing_project_to_completed,
    replace_once,
    sector_lines,
    split_annex_i,
    without_sector_numerals,
)

from pipeline.document.model import Table
from pipeline.errors import IncompleteError
from pipeline.extractors.registry import extract
from pipeline.run import run

COMPLETED_HEADING = "Projets achevés et évalués du Plan d’action pour le développement (40)"
ONGOING_HEADING = "Projets du Plan d’action pour le développement en cours de mise en œuvre en décembre\u00a02023"
APPROVED_HEADING = "Projets du Plan d’action pour le développement approuvés en\u00a02023"
INTEGRATED_HEADING = "Projets intégrés relevant du Plan d’action pour le développement"


def new_warnings(extraction, reference) -> list[str]:
    return [w for w in extraction.warnings if w not in reference.warnings]


def same(extraction, reference, *names: str) -> bool:
    return all(extraction.datasets[name] == reference.datasets[name] for name in names)


def by_list(extraction) -> dict[str, int]:
    counts: dict[str, int] = {}
    for project in extraction.datasets["projects"]:
        counts[project["list"]] = counts.get(project["list"], 0) + 1
    return counts


# -- Annex II ----------------------------------------------------------------------------------


def test_list_heading_reworded_is_still_the_completed_and_evaluated_list(variant, report_2023_text, extraction_2023):
    extraction = variant(
        replace_once(
            report_2023_text,
            COMPLETED_HEADING,
            "Projets menés à bien et évalués du Plan d’action pour le développement (40)",
        )
    )
    assert same(extraction, extraction_2023, "projects", "project_mentions")
    assert new_warnings(extraction, extraction_2023) == []


def test_list_heading_without_its_count_is_a_warning(variant, report_2023_text, extraction_2023):
    extraction = variant(replace_once(report_2023_text, f"{ONGOING_HEADING} (8)", ONGOING_HEADING))
    assert same(extraction, extraction_2023, "projects", "project_mentions")
    assert new_warnings(extraction, extraction_2023) == [
        f"Annex II: the list “{ONGOING_HEADING.replace(chr(0xA0), ' ')}” states no count; 8 projects read"
    ]
    assert extraction.incomplete == []


def test_list_heading_that_names_no_list_gives_list_other(variant, report_2023_text, extraction_2023):
    extraction = variant(replace_once(report_2023_text, f"{APPROVED_HEADING} (7)", "Projets suspendus (7)"))
    assert by_list(extraction) == {"completed_evaluated": 40, "ongoing": 8, "other": 7}
    assert [p["project_key"] for p in extraction.datasets["projects"]] == [
        p["project_key"] for p in extraction_2023.datasets["projects"]
    ]
    assert (
        "Annex II: the list heading “Projets suspendus” does not say whether its projects are completed, "
        "ongoing or approved: list “other”"
    ) in extraction.warnings


def test_declared_count_off_by_one_is_a_failed_check_not_an_error(variant, report_2023_text, extraction_2023):
    extraction = variant(replace_once(report_2023_text, f"{ONGOING_HEADING} (8)", f"{ONGOING_HEADING} (9)"))
    assert same(extraction, extraction_2023, "projects")
    assert extraction.incomplete == [
        "incomplete: check failed: Annex II: projects declared in the heading of the "
        "list “ongoing” = listed: expected 9, found 8 (annex-II:82)"
    ]


def test_list_with_no_projects(variant, report_2023_text):
    text = report_2023_text[: report_2023_text.index(f"\t{APPROVED_HEADING} (7)")]
    extraction = variant(text + f"\t{APPROVED_HEADING} (0)\n\n[Fin de l’annexe II et du document]\n")
    assert by_list(extraction) == {"completed_evaluated": 40, "ongoing": 8}
    declared = [c for c in extraction.checks if c["check"].endswith("list “approved” = listed")]
    assert [(c["expected"], c["found"], c["status"]) for c in declared] == [(0, 0, "passed")]


def test_project_moved_from_ongoing_to_completed(variant, report_2023_text):
    projects = {
        p["project_key"]: p
        for p in variant(move_last_ongoing_project_to_completed(report_2023_text)).datasets["projects"]
    }
    moved = projects["reduire-accidents-travail-maladies-professionnelles-moyen-innovation-propriete"]
    assert (moved["list"], moved["position"]) == ("completed_evaluated", 41)


# -- Annex I -----------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["[Suite du tableau]", "Annexe I (suite)"])
def test_annex_i_split_into_two_tables_gives_every_recommendation(
    separator, variant, report_2023_text, extraction_2023
):
    extraction = variant(split_annex_i(report_2023_text, separator))
    assert same(
        extraction, extraction_2023, "recommendations", "recommendation_results", "expected_results", "projects"
    )
    assert [s["section_id"] for s in extraction.datasets["sections"] if s["section_kind"] == "annex"] == [
        "annex-I",
        "annex-II",
    ]


def test_subtitle_under_annex_i_title_opens_no_annex(variant, report_2023_text, extraction_2023):
    extraction = variant(
        replace_once(report_2023_text, ANNEX_I_TITLE_END, ANNEX_I_TITLE_END + "Tableau de concordance\n")
    )
    annexes = [
        (s["section_id"], s["title"][:22]) for s in extraction.datasets["sections"] if s["section_kind"] == "annex"
    ]
    assert annexes == [("annex-I", "Liens entre les 45 rec"), ("annex-II", "Liste des projets du P")]
    assert same(extraction, extraction_2023, "recommendations", "recommendation_results", "projects")


def test_annex_i_columns_swapped(extraction_2023, document_2023, parse_cache):
    document = copy.deepcopy(document_2023)
    annex_i = next(
        b for b in document.blocks if isinstance(b, Table) and "Recommandation" in b.cells()[0].paragraphs[0].text
    )
    for row in annex_i.rows:
        row.cells.reverse()
    extraction = extract(document, cache=parse_cache)
    assert same(extraction, extraction_2023, "recommendations", "recommendation_results", "expected_results")


def test_fewer_recommendations_than_the_45_is_incomplete(variant, report_2023_text):
    start = report_2023_text.index("\tRecommandation n°\u00a045")
    end = report_2023_text.index(" Liste des projets")
    extraction = variant(report_2023_text[:start] + report_2023_text[end:])
    assert len(extraction.datasets["recommendations"]) == 44
    assert "incomplete: Annex I gives 44 of the 45 recommendations (missing: 45)" in extraction.incomplete


def test_recommendation_without_star(variant, report_2023_text):
    text = report_2023_text.replace("\tRecommandation n°\u00a011*", "\tRecommandation n°\u00a011")
    recommendations = {r["recommendation"]: r for r in variant(text).datasets["recommendations"]}
    assert recommendations[11]["starred"] is False
    assert recommendations[12]["starred"] is True


# -- sectors and sub-sections ----------------------------------------------------------------------


def test_sector_headings_without_numerals_are_numbered_in_order(variant, report_2023_text, extraction_2023):
    extraction = variant(without_sector_numerals(report_2023_text))
    assert extraction.datasets["sections"] == extraction_2023.datasets["sections"]
    assert new_warnings(extraction, extraction_2023) == [
        "sector numerals inferred from the order of the sector headings, which show none: I–IX"
    ]


def test_headings_in_capitals(variant, report_2023_text, extraction_2023):
    text = without_sector_numerals(report_2023_text)
    text = text.replace("\nSecteur des brevets et de la technologie\n", "\nSECTEUR DES BREVETS ET DE LA TECHNOLOGIE\n")
    extraction = variant(text.replace(f"\n{INTEGRATED_HEADING}\n", f"\n{INTEGRATED_HEADING.upper()}\n"))
    sectors = [(s["number"], s["title"]) for s in extraction.datasets["sections"] if s["section_kind"] == "sector"]
    assert sectors[1] == ("II", "SECTEUR DES BREVETS ET DE LA TECHNOLOGIE") and len(sectors) == 9
    assert same(extraction, extraction_2023, "project_mentions")


def test_new_sector_is_the_tenth(variant, report_2023_text):
    text = replace_once(
        report_2023_text, "\nConclusion\n", "\nX. Secteur de l’avenir\nLe secteur a ouvert trois bureaux.\nConclusion\n"
    )
    sectors = [s["section_id"] for s in variant(text).datasets["sections"] if s["section_kind"] == "sector"]
    assert sectors == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def test_sixteen_sectors_without_numerals_are_numbered_to_xvi(variant, report_2023_text):
    added = "".join(f"Secteur nouveau numéro {n}\nLe secteur a ouvert trois bureaux.\n" for n in range(10, 17))
    text = replace_once(without_sector_numerals(report_2023_text), "\nConclusion\n", f"\n{added}Conclusion\n")
    extraction = variant(text)
    sectors = [(s["section_id"], s["number"]) for s in extraction.datasets["sections"] if s["section_kind"] == "sector"]
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"]
    assert sectors == [(numeral, numeral) for numeral in numerals]
    assert (
        "sector numerals inferred from the order of the sector headings, which show none: I–XVI" in extraction.warnings
    )


def test_removed_sector_leaves_the_others_their_numerals(variant, report_2023_text, extraction_2023):
    start, end = sector_lines(report_2023_text, "VIII")
    extraction = variant(report_2023_text[:start] + report_2023_text[end:])
    sectors = [s["section_id"] for s in extraction.datasets["sections"] if s["section_kind"] == "sector"]
    assert sectors == ["I", "II", "III", "IV", "V", "VI", "VII", "IX"]
    assert len(extraction.datasets["project_mentions"]) == len(extraction_2023.datasets["project_mentions"]) - 1


def test_project_subsection_heading_reworded_keeps_every_mention(variant, report_2023_text, extraction_2023):
    reworded = "Projets du Plan d’action intégrés aux activités de l’OMPI"
    extraction = variant(report_2023_text.replace(f"\n{INTEGRATED_HEADING}\n", f"\n{reworded}\n"))
    assert same(extraction, extraction_2023, "project_mentions")
    assert new_warnings(extraction, extraction_2023) == []


def test_project_subsection_heading_that_names_no_list_keeps_every_mention(variant, report_2023_text, extraction_2023):
    """Without “intégrés” or “en cours”, the list of each mention is its Annex II project's."""
    extraction = variant(report_2023_text.replace(f"\n{INTEGRATED_HEADING}\n", "\nProjets du Plan d’action\n"))
    assert same(extraction, extraction_2023, "project_mentions")


# -- local problems cost a warning, not the report ---------------------------------------------------


def test_url_without_dotted_host_keeps_its_row_with_a_warning(variant, report_2023_text, extraction_2023):
    note = "[30:  \tL’une pour l’Amérique latine, l’autre pour les Caraïbes.]"
    extraction = variant(replace_once(report_2023_text, note, note[:-2] + " (http://intranet/doc).]"))
    links = [row for row in extraction.datasets["links"] if row["footnote"] == 30]
    assert [(row["url"], row["host"]) for row in links] == [("http://intranet/doc", "intranet")]
    assert new_warnings(extraction, extraction_2023) == [
        "footnote 30: the link “http://intranet/doc).” → http://intranet/doc may not work: no dotted host name"
    ]


def test_orphan_footnote_body_is_kept_with_a_warning(variant, report_2023_text, extraction_2023):
    extraction = variant(report_2023_text.replace("\nConclusion\n", "\n[191:  \tNote sans appel.]\nConclusion\n", 1))
    orphan = [row for row in extraction.datasets["footnotes"] if row["footnote"] == 191]
    assert orphan == [
        {
            "footnote": 191,
            "text": "Note sans appel.",
            "anchor_paragraph_id": None,
            "section_id": None,
            "sector": None,
            "offset": None,
        }
    ]
    assert new_warnings(extraction, extraction_2023) == [
        "footnote body without a reference: 191 (its paragraph_id is null)"
    ]
    assert extraction.incomplete == []


def test_checks_follow_a_reworded_sentence(variant, report_2023_text, extraction_2023):
    extraction = variant(
        replace_once(
            report_2023_text,
            APPROVAL_SENTENCE,
            (
                "Le CDIP a approuvé sept nouvelles propositions de projets, portant le nombre total de projets "
                "approuvés à 55 fin 2023 :"
            ),
        )
    )
    assert [(c["check"], c["status"]) for c in extraction.checks] == [
        (c["check"], c["status"]) for c in extraction_2023.checks
    ]


def test_total_stated_just_before_the_full_stop_is_checked(variant, report_2023_text, extraction_2023):
    extraction = variant(
        replace_once(
            report_2023_text,
            APPROVAL_SENTENCE,
            (
                "Le nombre total de projets approuvés fin 2023 s’élève à 55. Les sept propositions de projets "
                "suivantes ont été approuvées par le CDIP :"
            ),
        )
    )
    assert [c for c in extraction.checks if c["check"] == "total projects stated in the body = Annex II projects"] == [
        {
            "check": "total projects stated in the body = Annex II projects",
            "status": "passed",
            "ok": True,
            "expected": 55,
            "found": 55,
            "where": "I.6:1",
        }
    ]
    assert extraction.incomplete == []


def test_check_whose_sentence_is_gone_is_not_run_and_incomplete(variant, report_2023_text):
    extraction = variant(
        replace_once(
            report_2023_text,
            APPROVAL_SENTENCE,
            "Les propositions de projets suivantes ont été approuvées par le CDIP :",
        )
    )
    assert extraction.incomplete == [
        "incomplete: check not run: total projects stated in the body = Annex II projects: no sentence of the body "
        "states a total of projects",
        "incomplete: check not run: approved proposals announced = listed: the paragraph introducing them (I.6:1) "
        "gives no number of proposals",
    ]


def test_dataset_shrunk_by_a_third_since_the_previous_year_is_incomplete(tmp_path, report_2023_text, parse_cache):
    earlier = tmp_path / "raw" / "2022" / "rapport.txt"
    earlier.parent.mkdir(parents=True)
    earlier.write_text(report_2023_text.replace("l’année\u00a02023", "l’année\u00a02022"), encoding="utf-8")
    run(earlier.parent, tmp_path / "out", log=lambda message: None, cache=parse_cache)
    start = report_2023_text.index("\t1.\n\tConférence sur la mobilisation")
    end = report_2023_text.index("\tProjets du Plan d’action pour le développement en cours")
    later = tmp_path / "raw" / "2023" / "rapport.txt"
    later.parent.mkdir(parents=True)
    kept = replace_once(report_2023_text[:start], COMPLETED_HEADING, COMPLETED_HEADING.replace("(40)", "(0)"))
    later.write_text(kept + report_2023_text[end:], encoding="utf-8")
    with pytest.raises(IncompleteError, match="projects has 15 rows, more than a third fewer than the 55 of 2022"):
        run(later.parent, tmp_path / "out", log=lambda message: None, strict=True, cache=parse_cache)


def test_report_cut_before_its_annexes_keeps_the_body(variant, report_2023_text):
    text = report_2023_text[: report_2023_text.index("[Les annexes suivent]")]
    extraction = variant(text.replace("[footnoteRef:189]", "").replace("[footnoteRef:190]", ""))
    assert extraction.datasets["recommendations"] == [] and extraction.datasets["projects"] == []
    assert extraction.incomplete == [
        "incomplete: no recommendations table (Annex I) found",
        "incomplete: no list of projects (Annex II) found",
        "incomplete: check failed: total projects stated in the body = Annex II projects: expected 55, found 0 (I.6:1)",
    ]
    assert len(extraction.datasets["footnotes"]) == 187
    assert all(row["project_key"] is None for row in extraction.datasets["project_mentions"])
