"""An overview page per extraction: ``extracted/overview/<year>.html``.

One self-contained page (no request leaves it: charts are matplotlib's SVG, inline)
with the manifest's row counts, warnings and checks, the Annex I matrix of
recommendations × expected results, projects by list and sector, figures by sector
and kind, links by host and repair, and, when an earlier year was extracted in the
same folder, what changed since.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter
from pathlib import Path

from pipeline.files import write_atomically
from pipeline.language.french import roman_to_int
from pipeline.review.diff_page import changes_since_previous_year
from pipeline.review.snapshot import load_extraction
from pipeline.store.layout import overview_path, read_manifest

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; } .fail { color: #c62828; font-weight: bold; }
figure { margin: 1rem 0; } pre { background: #f6f6f6; padding: 1rem; overflow-x: auto; font-size: .85rem; }
"""


def write_overview(out: Path, year: int) -> Path:
    out = Path(out)
    manifest = read_manifest(out, year)
    datasets = load_extraction(out, year)
    sections = [
        _summary(manifest),
        changes_since_previous_year(out, year),
        _section("Annex I: recommendations × expected results", _annex_matrix(datasets)),
        _section("Projects", _projects(datasets)),
        _section("Figures", _figures(datasets)),
        _section("Links", _links(datasets)),
        _section("Cross-checks", _checks(manifest)),
    ]
    page = (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>da-extract {year}</title><style>{STYLE}</style></head><body>"
        f"<h1>Rapport sur le Plan d’action pour le développement {year}: extraction overview</h1>"
        + "".join(sections)
        + "</body></html>\n"
    )
    path = overview_path(out, year)
    write_atomically(path, page.encode("utf-8"))
    return path


def _summary(manifest: dict) -> str:
    source = manifest["source"]
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td class=n>{count}</td></tr>" for name, count in manifest["rows"].items()
    )
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in manifest["warnings"]) or "<li>none</li>"
    return (
        f"<section id=summary><h2>Extraction</h2><p>Source <code>{html.escape(source['path'])}</code> "
        f"({source['format']}, {source['size_bytes']:,} bytes, sha256 <code>{source['sha256'][:12]}…</code>); "
        f"package {manifest['package_version']}, schema {manifest['schema_version']}.</p>"
        f"<table><tr><th>dataset</th><th>rows</th></tr>{rows}</table>"
        f"<h3>Warnings ({len(manifest['warnings'])})</h3><ul>{warnings}</ul></section>"
    )


def _section(title: str, body: str) -> str:
    anchor = title.split(":")[0].lower().replace(" ", "-")
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{body}</section>'


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
    return _figure(draw, (11, 3.6), caption)


def _projects(datasets: dict) -> str:
    projects = Counter(p["list"] for p in datasets.get("projects", []))
    mentions = Counter((m["sector"], m["presented_as"]) for m in datasets.get("project_mentions", []))
    if not projects and not mentions:
        return "<p>No projects.</p>"

    def draw(axes):
        names = list(projects)
        axes.barh(names, [projects[n] for n in names], color="#2b6cb0")
        for index, name in enumerate(names):
            axes.text(projects[name], index, f" {projects[name]}", va="center")
        axes.set_xlabel("Annex II projects")

    def draw_mentions(axes):
        _stacked(axes, mentions, "projects the body presents, by sector")

    return _figure(draw, (7, 1.8), f"{sum(projects.values())} projects in Annex II, by list.") + _figure(
        draw_mentions, (9, 3), "Project mentions in the body, by sector and list."
    )


def _figures(datasets: dict) -> str:
    figures = datasets.get("figures", [])
    counted = Counter(((f["section_id"] or "—").split(".")[0], f["figure_kind"]) for f in figures)

    def draw(axes):
        _stacked(axes, counted, "figures")

    units = Counter(f["unit"] for f in figures if f["unit"]).most_common(8)
    top = ", ".join(f"{html.escape(u)} ({n})" for u, n in units)
    return _figure(draw, (9, 3.2), f"{len(figures)} figures by sector and kind. Most counted: {top}.") + _breakdowns(
        figures
    )


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
        listed = ", ".join(f"{html.escape(p['region'] or p['category'] or '?')} {p['value']:g}" for p in shares)
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


def _links(datasets: dict) -> str:
    links = datasets.get("links", [])
    hosts = Counter(link["host"] for link in links).most_common(10)
    repairs = Counter(tag for link in links for tag in link["repairs"]) + Counter(
        "none" for link in links if not link["repairs"]
    )

    def draw_hosts(axes):
        axes.barh([h for h, _ in reversed(hosts)], [n for _, n in reversed(hosts)], color="#2b6cb0")
        axes.set_xlabel("links")

    def draw_repairs(axes):
        names = sorted(repairs, key=repairs.get)
        axes.barh(names, [repairs[n] for n in names], color="#dd6b20")
        axes.set_xlabel("links repaired this way")

    return _figure(draw_hosts, (8, 3), f"{len(links)} links: the ten most linked hosts.") + _figure(
        draw_repairs, (8, 2.4), "Repairs applied to make the links work."
    )


CHECK_MARKS = {"passed": ("ok", "✓"), "failed": ("fail", "✗"), "not run": ("fail", "not run")}


def _checks(manifest: dict) -> str:
    marks = [CHECK_MARKS[c.get("status", "passed" if c["ok"] else "failed")] for c in manifest.get("checks", [])]
    rows = "".join(
        f'<tr><td class="{kind}">{mark}</td>'
        f"<td>{html.escape(c['check'])}</td>"
        f"<td class=n>{html.escape(json.dumps(c['expected'], ensure_ascii=False)[:40])}</td>"
        f"<td class=n>{html.escape(json.dumps(c['found'], ensure_ascii=False)[:40])}</td></tr>"
        for (kind, mark), c in zip(marks, manifest.get("checks", []))
    )
    return f"<table><tr><th></th><th>check</th><th>expected</th><th>found</th></tr>{rows}</table>"


def _stacked(axes, counts: Counter, label: str) -> None:
    groups = sorted({g for g, _ in counts}, key=_roman_order)
    kinds = sorted({k for _, k in counts})
    bottom = [0] * len(groups)
    for kind in kinds:
        values = [counts[(g, kind)] for g in groups]
        axes.bar(groups, values, bottom=bottom, label=kind)
        bottom = [b + v for b, v in zip(bottom, values)]
    axes.set_ylabel(label)
    axes.legend(fontsize=8, frameon=False)


def _roman_order(section: str) -> tuple:
    """Sectors in their order (``IX`` before ``XIII``), then the other sections by name."""
    return (0, roman_to_int(section), "") if ROMAN_NUMERAL.fullmatch(section) else (1, 0, section)


ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
STYLE_OF_CHARTS = {"svg.hashsalt": "da-extract", "svg.fonttype": "none", "font.size": 9}


def _figure(draw, size: tuple, caption: str) -> str:
    """A chart drawn on a ``Figure`` of its own, its style set only while it is drawn: the overview
    leaves pyplot, the backend and ``rcParams`` as it found them (a notebook's among them)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE_OF_CHARTS):
        figure = Figure(figsize=size)
        FigureCanvasSVG(figure)
        draw(figure.subplots())
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return f"<figure>{svg}<figcaption>{html.escape(caption)}</figcaption></figure>"
