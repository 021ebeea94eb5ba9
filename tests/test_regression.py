"""Regression checks: the golden snapshot, validation before writing, and diffs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import REPORT_2023, ROOT, da_extract
from variants import change_footnote_30, move_last_ongoing_project_to_completed, remove_last_link_of_recommendation_45

from pipeline.errors import ValidationError
from pipeline.extractors import registry as extractor_registry
from pipeline.extractors.context import extractor
from pipeline.extractors.projects.keys import REGISTRY_FILE, load_registry, registered_key
from pipeline.review.check import check_reports
from pipeline.review.diff import change_rows, compare, report
from pipeline.review.snapshot import load_extraction
from pipeline.run import run

QUIET = dict(log=lambda message: None)


def test_extraction_matches_the_golden_snapshot():
    said = []
    assert check_reports(ROOT / "raw", ROOT / "tests" / "golden", log=said.append), "\n".join(said)
    assert said == ["2023: no differences"]


@pytest.fixture(scope="module")
def edited(tmp_path_factory, report_2023_text):
    """The 2023 report with a project moved, a footnote reworded and a recommendation link removed."""
    text = remove_last_link_of_recommendation_45(
        change_footnote_30(move_last_ongoing_project_to_completed(report_2023_text))
    )
    folder = tmp_path_factory.mktemp("edited")
    (folder / "raw" / "2023").mkdir(parents=True)
    (folder / "raw" / "2023" / REPORT_2023.name).write_text(text, encoding="utf-8")
    run(folder / "raw" / "2023", folder / "extracted", **QUIET)
    return folder / "extracted"


def diffs_by_name(old_folder, new_folder, same_year=True):
    old, new = load_extraction(old_folder, 2023), load_extraction(new_folder, 2023)
    return {d.name: d for d in compare(old, new, same_year)}


MOVED_PROJECT = "reduire-accidents-travail-maladies-professionnelles-moyen-innovation-propriete"
FOOTNOTE_30 = "L’une pour l’Amérique latine, l’autre pour les Caraïbes."
RESULT_4_3 = (
    "4.3 Mise en valeur des connaissances et des compétences en matière de propriété intellectuelle dans tous "
    "les États membres."
)


def test_diff_of_one_year_reports_exactly_the_edits_and_every_moved_row(extracted_2023, edited):
    diffs = diffs_by_name(extracted_2023, edited)
    assert [(c.key, c.columns) for c in diffs["projects"].changed] == [
        ((MOVED_PROJECT, 1), {"list": ("ongoing", "completed_evaluated"), "position": (8, 41)})
    ]
    assert [(c.key, c.columns) for c in diffs["footnotes"].changed] == [
        (("I.5", FOOTNOTE_30, 1), {"text": (FOOTNOTE_30, FOOTNOTE_30.replace("Caraïbes", "Caraïbes anglophones"))})
    ]
    assert [key for key, _ in diffs["recommendation_results"].removed] == [(45, "4.3", 1)]
    assert [(c.key, c.columns) for c in diffs["expected_results"].changed] == [(("4.3", 1), {"link_count": (8, 7)})]
    unchanged = {
        "sections",
        "recommendations",
        "project_mentions",
        "recommendation_mentions",
        "links",
        "document_refs",
        "figures",
    }
    assert {name for name, diff in diffs.items() if diff.empty} == unchanged
    # one year: the annexes' cells that moved up or down are reported with their new places
    assert [len(diffs["paragraphs"].added), len(diffs["paragraphs"].removed), len(diffs["paragraphs"].changed)] == [
        1,
        2,
        114,
    ]
    assert [(c.key, c.columns) for c in diffs["countries"].changed] == [
        (
            ("annex-II", "BFA", 3),
            {"paragraph_id": ("annex-II:88", "annex-II:90"), "anchor_paragraph_id": ("annex-II:88", "annex-II:90")},
        )
    ]


def test_diff_across_years_leaves_positions_out(extracted_2023, edited):
    diffs = diffs_by_name(extracted_2023, edited, same_year=False)
    assert [(c.key, c.columns) for c in diffs["projects"].changed] == [
        ((MOVED_PROJECT, 1), {"list": ("ongoing", "completed_evaluated")})
    ]
    assert diffs["countries"].empty  # only its places moved
    paragraphs = diffs["paragraphs"]
    assert [key for key, _ in paragraphs.added] == [("annex-II", "41.", 1)]
    assert [key[0:1] + key[2:] for key, _ in paragraphs.removed] == [("annex-I", 8), ("annex-II", 2)]
    assert [c.columns["text"] for c in paragraphs.changed] == [
        (
            "Projets achevés et évalués du Plan d’action pour le développement (40)",
            "Projets achevés et évalués du Plan d’action pour le développement (41)",
        ),
        (
            "Projets du Plan d’action pour le développement en cours de mise en œuvre en décembre 2023 (8)",
            "Projets du Plan d’action pour le développement en cours de mise en œuvre en décembre 2023 (7)",
        ),
    ]
    assert [set(c.columns) for c in paragraphs.changed] == [{"text"}, {"text"}]
    # a row added or removed is one row of the table, naming its summary column
    assert [row for row in change_rows(list(diffs.values())) if row["change"] != "changed"] == [
        dict(dataset="paragraphs", key="annex-II · 41.", change="added", column="text", old=None, new="41."),
        dict(
            dataset="paragraphs",
            key=f"annex-I · {RESULT_4_3} #8",
            change="removed",
            column="text",
            old=RESULT_4_3,
            new=None,
        ),
        dict(dataset="paragraphs", key="annex-II · 8. #2", change="removed", column="text", old="8.", new=None),
        dict(
            dataset="recommendation_results",
            key="45 · 4.3",
            change="removed",
            column="wording",
            old=RESULT_4_3[4:],
            new=None,
        ),
    ]


def test_diff_report_is_readable(extracted_2023, edited):
    text = report(compare(load_extraction(extracted_2023, 2023), load_extraction(edited, 2023), same_year=False))
    assert (
        "\nprojects: 1 changed\n  ~ reduire-accidents-travail-maladies-professionnelles-moyen-innovation-propriete\n"
        '      list: "ongoing" → "completed_evaluated"\n' in text + "\n"
    )
    assert '\nrecommendation_results: 1 removed\n  - 45 · 4.3  "Mise en valeur des connaissances' in text
    assert (
        "  ~ annex-II · Projets du Plan d’action pour le développement en…\n"
        '      text: "…n décembre 2023 (8)" → "…n décembre 2023 (7)"\n' in text
    )


def test_diff_command_exit_status(extracted_2023, edited):
    same = subprocess.run(
        [sys.executable, "-m", "pipeline", "diff", f"{extracted_2023}:2023", str(extracted_2023)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert (same.returncode, same.stdout.splitlines()[-1]) == (0, "no differences")
    different = subprocess.run(
        [sys.executable, "-m", "pipeline", "diff", str(extracted_2023), str(edited)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert different.returncode == 1 and "projects: 1 changed" in different.stdout


def test_failed_validation_writes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "extracted"
    run(REPORT_2023.parent, out, **QUIET)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    @extractor(requires=("footnotes",))
    def broken_footnote_link(extraction):
        extraction.datasets["footnotes"][0]["anchor_paragraph_id"] = "nowhere:1"

    monkeypatch.setattr(extractor_registry, "EXTRACTORS", extractor_registry.EXTRACTORS + (broken_footnote_link,))
    with pytest.raises(
        ValidationError,
        match="dataset footnotes: column anchor_paragraph_id: references paragraphs.paragraph_id failed for 1 value",
    ):
        run(REPORT_2023.parent, out, **QUIET)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_every_2023_project_key_is_registered(extracted_2023):
    manifest = json.loads((extracted_2023 / "manifest" / "2023.json").read_text(encoding="utf-8"))
    assert not [w for w in manifest["warnings"] if "registry" in w]
    assert len(load_registry()) == 55


def test_a_reworded_title_keeps_its_key():
    registry = load_registry()
    assert (
        registered_key("Droit d’auteur et diffusion de contenus dans l’environnement numérique – phase II", 2, registry)
        == "droit-auteur-diffusion-contenu-environnement-numerique-phase-2"
    )
    assert (
        registered_key("Droit d’auteur et diffusion de contenu dans l’environnement numérique", None, registry)
        == "droit-auteur-diffusion-contenu-environnement-numerique"
    )
    assert registered_key("Un projet tout nouveau sur les semences paysannes", None, registry) is None


def test_keys_are_recorded_in_the_registry_named_not_in_the_installed_package(tmp_path, extracted_2023):
    registry = tmp_path / "project_keys.tsv"
    registry.write_text(
        "key\tphase\ttitle\nconference-mobilisation-ressources-developpement\t\tConférence\n", encoding="utf-8"
    )
    installed = (ROOT / "pipeline" / "data" / "project_keys.tsv").read_bytes()
    result = da_extract("keys", f"{extracted_2023}:2023", "--registry", str(registry))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("54 key(s) added to the registry\n")
    assert len(registry.read_text(encoding="utf-8").splitlines()) == 1 + 55
    assert (ROOT / "pipeline" / "data" / "project_keys.tsv").read_bytes() == installed


def test_the_registry_is_the_installed_packages_wherever_keys_runs(tmp_path, extracted_2023):
    installed = (ROOT / "pipeline" / "data" / "project_keys.tsv").read_bytes()
    result = da_extract("keys", f"{extracted_2023}:2023", cwd=tmp_path)  # every 2023 key is registered: none added
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 key(s) added to the registry\n", "")
    assert REGISTRY_FILE == ROOT / "pipeline" / "data" / "project_keys.tsv"
    assert REGISTRY_FILE.read_bytes() == installed


def test_make_rebuilds_when_any_file_the_extraction_reads_changes():
    listed = subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", "Makefile", "-f", "-", "sources"],
        input="sources:\n\t@echo $(SOURCES)\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    sources = set(listed.stdout.split())
    assert {
        "pipeline/data/countries_fr.tsv",
        "pipeline/data/project_keys.tsv",
        "pipeline/extractors/figures.py",
    } <= sources
    every_file = {
        p.relative_to(ROOT).as_posix() for suffix in ("py", "tsv") for p in (ROOT / "pipeline").rglob(f"*.{suffix}")
    }
    assert sources == every_file  # a folder deeper than the Makefile's wildcards would be missed
