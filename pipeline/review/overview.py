"""An overview page per extraction: ``extracted/overview/<year>.html``.

One self-contained page (``pipeline.review.page``) with a table of contents; near the top, when an
earlier year was extracted in the same folder, what changed since; then the manifest's row counts and
warnings, the sectors by numeral and name, the Annex I matrix of recommendations × expected results,
projects by Annex II list, figures by sector and kind, countries, footnotes and links, document
references, and the cross-checks said in words. The index of every year is
``pipeline.review.overview_index``.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from pipeline.files import write_atomically
from pipeline.review.diff_page import changes_since_previous_year
from pipeline.review.overview_sections import (
    OUTSIDE_SECTORS,
    checks_in_words,
    countries,
    document_refs,
    footnotes_and_links,
    sector_label,
    sector_names,
    sector_of,
    sector_order,
    sectors,
)
from pipeline.review.page import chart, data_dictionary_note, number, page, section, table
from pipeline.review.snapshot import load_extraction
from pipeline.store.layout import overview_path, read_manifest

NO_ANNEX_II_PROJECT = "no Annex II project"


def write_overview(out: Path, year: int) -> Path:
    out = Path(out)
    manifest = read_manifest(out, year)
    datasets = load_extraction(out, year)
    sections = [
        _summary(manifest),
        changes_since_previous_year(out, year),  # what changed since the previous year: near the top
        section("Sectors", sectors(datasets)),
        section("Annex I: recommendations × expected results", _annex_matrix(datasets)),
        section("Projects", _projects(datasets)),
        section("Figures", _figures(datasets)),
        section("Countries", countries(datasets)),
        section("Footnotes and links", footnotes_and_links(datasets)),
        section("Document references", document_refs(datasets)),
        section("Cross-checks", checks_in_words(manifest.get("checks", []))),
    ]
    heading = f"Rapport sur le Plan d’action pour le développement {year}: extraction overview"
    introduction = data_dictionary_note() + '<p><a href="index.html">Every extracted year</a></p>'
    path = overview_path(out, year)
    write_atomically(path, page(f"da-extract {year}", heading, introduction, sections).encode("utf-8"))
    return path


def _summary(manifest: dict) -> str:
    source = manifest["source"]
    rows = table(["dataset", "rows"], list(manifest["rows"].items()), numeric={1})
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in manifest["warnings"]) or "<li>none</li>"
    return (
        f'<section id="summary"><h2>Extraction</h2><p>Source <code>{html.escape(source["path"])}</code> '
        f"({source['format']}, {source['size_bytes']:,} bytes, sha256 <code>{source['sha256'][:12]}…</code>); "
        f"package {manifest['package_version']}, schema {manifest['schema_version']}.</p>{rows}"
        f"<h3>Warnings ({len(manifest['warnings'])})</h3><ul>{warnings}</ul></section>"
    )


def _annex_matrix(datasets: dict) -> str:
    links = datasets.get("recommendation_results", [])
    if not links:
        return "<p>No Annex I in this report.</p>"
    canonical = {r["code"]: r["text"] for r in datasets.get("expected_results", [])}
    codes = sorted({link["result_code"] for link in links}, key=lambda c: tuple(map(int, c.split("."))))
    numbers = sorted(
        {link["recommendation"] for link in links} | {r["recommendation"] for r in datasets.get("recommendations", [])}
    )
    grid = [[0] * len(numbers) for _ in codes]
    for link in links:
        value = 1 if link["wording"] == canonical.get(link["result_code"]) else 2
        grid[codes.index(link["result_code"])][numbers.index(link["recommendation"])] = value

    def draw(axes):
        from matplotlib.colors import ListedColormap

        axes.imshow(grid, cmap=ListedColormap(["#f2f2f2", "#2b6cb0", "#dd6b20"]), vmin=0, vmax=2, aspect="auto")
        axes.set_xticks(range(len(numbers)), [str(n) for n in numbers], fontsize=7)
        axes.set_yticks(range(len(codes)), codes, fontsize=8)
        axes.set_xlabel("recommendation")
        axes.set_ylabel("expected result")

    caption = (
        f"{len(links)} links between {len(numbers)} recommendations and {len(codes)} expected results; "
        "orange: the link uses another wording of the result than the canonical one."
    )
    return chart(draw, (11, 3.6), caption)


def _projects(datasets: dict) -> str:
    """Annex II's projects by list, and the body's mentions by sector and by the same lists (those of
    the Annex II project each mention links to): one vocabulary, ``projects.list``, for both."""
    projects = datasets.get("projects", [])
    mentions = datasets.get("project_mentions", [])
    if not projects and not mentions:
        return "<p>No projects.</p>"
    lists = Counter(p["list"] for p in projects)
    list_of = {p["project_key"]: p["list"] for p in projects}
    family_list = {p["family_key"]: p["list"] for p in projects}
    names = sector_names(datasets)
    placed = Counter(
        (
            sector_of(m["section_id"], names),
            list_of.get(m["project_key"]) or family_list.get(m["family_key"]) or NO_ANNEX_II_PROJECT,
        )
        for m in mentions
    )

    def draw(axes):
        shown = list(lists)
        axes.barh(shown, [lists[n] for n in shown], color="#2b6cb0")
        for index, name in enumerate(shown):
            axes.text(lists[name], index, f" {lists[name]}", va="center")
        axes.set_xlabel("Annex II projects")

    caption = f"{len(mentions)} project mentions in the body, by sector and by the Annex II list of their project."
    return (
        chart(draw, (7, 1.8), f"{len(projects)} projects in Annex II, by list.")
        + chart(lambda axes: _stacked(axes, placed, names, "project mentions"), (10, 3.2), caption)
        + "<p>The body's own word for each mention (<code>project_mentions.presented_as</code>: integrated, "
        "ongoing, approved) is in the data; the page counts every project by its Annex II list.</p>"
    )


def _figures(datasets: dict) -> str:
    figures = datasets.get("figures", [])
    names = sector_names(datasets)
    counted = Counter((sector_of(f["section_id"], names), f["figure_kind"]) for f in figures)
    units = Counter(f["unit"] for f in figures if f["unit"]).most_common(8)
    top = ", ".join(f"{u} ({n})" for u, n in units)
    caption = f"{len(figures)} figures by sector and kind. Most counted: {top}."
    return chart(lambda axes: _stacked(axes, counted, names, "figures"), (10, 3.4), caption) + _breakdowns(figures)


def _breakdowns(figures: list[dict]) -> str:
    """Each total the report breaks down, its parts (by region where they are), and whether they add up."""
    by_id = {f["figure_id"]: f for f in figures}
    parts: dict[str, list[dict]] = {}
    for figure in figures:
        if figure["total_figure_id"]:
            parts.setdefault(figure["total_figure_id"], []).append(figure)
    rows = []
    for total_id, shares in parts.items():
        total = by_id[total_id]
        where = {p["paragraph_id"] or f"footnote {p['footnote']}" for p in shares}.pop()
        listed = ", ".join(f"{html.escape(p['region'] or p['category'] or '?')} {number(p['value'])}" for p in shares)
        adds_up = sum(p["value"] for p in shares) == total["value"]
        rows.append(
            f"<tr><td>{html.escape(total['text'])} {html.escape(total['unit_text'] or '')}</td>"
            f"<td>{html.escape(total_id)}</td><td>{where}</td><td>{listed}</td>"
            f'<td class="{"ok" if adds_up else "fail"}">{"✓" if adds_up else "✗"}</td></tr>'
        )
    if not rows:
        return "<p>No breakdowns.</p>"
    return (
        "<h3>Breakdowns</h3><table id=breakdowns><tr><th>total</th><th>figure</th><th>parts in</th>"
        f"<th>parts</th><th>add up</th></tr>{''.join(rows)}</table>"
    )


def _stacked(axes, counts: Counter, names: dict[str, str], label: str) -> None:
    """Horizontal bars, one per sector (numeral and name, in the report's order), stacked by kind."""
    places = sorted({p for p, _ in counts}, key=lambda p: sector_order(p, names), reverse=True)
    kinds = sorted({k for _, k in counts})
    left = [0] * len(places)
    labels = [sector_label(p, names) if p != OUTSIDE_SECTORS else p for p in places]
    for kind in kinds:
        values = [counts[(p, kind)] for p in places]
        axes.barh(labels, values, left=left, label=kind)
        left = [b + v for b, v in zip(left, values)]
    axes.set_xlabel(label)
    axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
