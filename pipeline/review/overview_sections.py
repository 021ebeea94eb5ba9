"""Sections of the overview page about where things are: the sectors (by numeral and name), the
countries, the footnotes and links, the document references; and the cross-checks said in words.

A row's sector is the first part of its ``section_id`` when that part names a sector of the
``sections`` dataset; any other place (introduction, annexes, conclusion) is outside the sectors.
"""

from __future__ import annotations

import html
from collections import Counter

from pipeline.review.page import chart, number, table

OUTSIDE_SECTORS = "outside the sectors"
PLACED_DATASETS = (
    "paragraphs",
    "figures",
    "countries",
    "footnotes",
    "links",
    "document_refs",
    "project_mentions",
    "recommendation_mentions",
)
CHECK_MARKS = {"passed": ("ok", "✓"), "failed": ("fail", "✗"), "not run": ("fail", "not run")}
SHOWN_COUNTRIES = 15


def sector_names(datasets: dict) -> dict[str, str]:
    """Each sector's numeral and title, in the report's order."""
    return {s["section_id"]: s["title"] for s in datasets.get("sections", []) if s["section_kind"] == "sector"}


def sector_of(section_id: str | None, names: dict[str, str]) -> str:
    top = (section_id or "").split(".")[0]
    return top if top in names else OUTSIDE_SECTORS


def sector_label(sector: str, names: dict[str, str]) -> str:
    return f"{sector} {names[sector]}" if sector in names else sector


def sector_order(sector: str, names: dict[str, str]) -> tuple[int, int]:
    """The sectors in the report's order (``IX`` before ``XIII``), then the places outside them."""
    return (0, list(names).index(sector)) if sector in names else (1, 0)


def sectors(datasets: dict) -> str:
    """One row per sector, numeral and name, with its rows in every dataset that has a place."""
    names = sector_names(datasets)
    if not names:
        return "<p>No sectors in this report.</p>"
    present = [name for name in PLACED_DATASETS if name in datasets]
    counts = {name: Counter(sector_of(row["section_id"], names) for row in datasets[name]) for name in present}
    subsections = Counter(
        sector_of(s["parent_id"], names) for s in datasets.get("sections", []) if s["section_kind"] == "subsection"
    )
    rows = [
        [numeral, title, subsections[numeral], *(counts[name][numeral] for name in present)]
        for numeral, title in names.items()
    ]
    rows.append(["", OUTSIDE_SECTORS, "", *(counts[name][OUTSIDE_SECTORS] for name in present)])
    numeric = set(range(2, 3 + len(present)))
    headers = ["sector", "name", "sub-sections", *(name.replace("_", " ") for name in present)]
    return table(headers, rows, numeric=numeric, table_id="sectors")


def countries(datasets: dict) -> str:
    """The countries named most, as a chart, and by sector: how many, and which most."""
    rows = datasets.get("countries", [])
    if not rows:
        return "<p>No countries named.</p>"
    names = sector_names(datasets)
    spelled = {}
    for name, _ in Counter((r["iso3"], r["name"]) for r in rows).most_common():
        spelled.setdefault(name[0], name[1])
    named = Counter(r["iso3"] for r in rows)
    top = named.most_common(SHOWN_COUNTRIES)

    def draw(axes):
        axes.barh([f"{spelled[c]} ({c})" for c, _ in reversed(top)], [n for _, n in reversed(top)], color="#2b6cb0")
        axes.set_xlabel("times named")

    caption = f"{len(rows)} mentions of {len(named)} countries; the {len(top)} named most."
    by_sector: dict[str, Counter] = {}
    for row in rows:
        by_sector.setdefault(sector_of(row["section_id"], names), Counter())[row["iso3"]] += 1
    table_rows = [
        [
            sector_label(sector, names),
            sum(found.values()),
            len(found),
            ", ".join(f"{spelled[c]} {n}" for c, n in found.most_common(3)),
        ]
        for sector, found in sorted(by_sector.items(), key=lambda item: sector_order(item[0], names))
    ]
    headers = ["sector", "mentions", "countries", "named most"]
    return chart(draw, (8, 3.6), caption) + table(headers, table_rows, numeric={1, 2}, table_id="countries-by-sector")


def footnotes_and_links(datasets: dict) -> str:
    links = datasets.get("links", [])
    hosts = Counter(link["host"] for link in links).most_common(10)
    repairs = Counter(tag for link in links for tag in link["repairs"]) + Counter(
        "none" for link in links if not link["repairs"]
    )
    in_footnotes = sum(1 for link in links if link["footnote"] is not None)

    def draw_hosts(axes):
        axes.barh([h for h, _ in reversed(hosts)], [n for _, n in reversed(hosts)], color="#2b6cb0")
        axes.set_xlabel("links")

    def draw_repairs(axes):
        shown = sorted(repairs, key=lambda name: (repairs[name], name))
        axes.barh(shown, [repairs[n] for n in shown], color="#dd6b20")
        axes.set_xlabel("links repaired this way")

    summary = (
        f"<p>{len(datasets.get('footnotes', []))} footnotes; {len(links)} links, {in_footnotes} of them in "
        f"footnotes and {len(links) - in_footnotes} in paragraphs.</p>"
    )
    return (
        summary
        + chart(draw_hosts, (8, 3), f"{len(links)} links: the ten most linked hosts.")
        + chart(draw_repairs, (8, 2.4), "Repairs applied to make the links work.")
    )


def document_refs(datasets: dict) -> str:
    """The WIPO documents cited, by the body that issued them (CDIP, SCCR…), and the most cited."""
    refs = datasets.get("document_refs", [])
    if not refs:
        return "<p>No document cited.</p>"
    bodies: dict[str, list[dict]] = {}
    for ref in refs:
        bodies.setdefault(ref["body"], []).append(ref)
    rows = [
        [
            body,
            len(cited),
            len({r["symbol"] for r in cited}),
            ", ".join(number(s) for s in sorted({r["session"] for r in cited if r["session"] is not None})),
            sum(1 for r in cited if r["doc_id"] is not None),
        ]
        for body, cited in sorted(bodies.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    headers = ["body", "references", "documents", "sessions", "with a document id"]
    symbols = Counter(r["symbol"] for r in refs)
    repeated = ", ".join(f"{s} ({n})" for s, n in sorted(symbols.items(), key=lambda i: (-i[1], i[0])) if n > 1)
    return (
        f"<p>{len(refs)} references to {len(symbols)} documents.</p>"
        + table(headers, rows, numeric={1, 2, 4}, table_id="document-bodies")
        + f"<p>Cited more than once: {html.escape(repeated or 'none')}.</p>"
    )


def checks_in_words(checks: list[dict]) -> str:
    rows = []
    for check in checks:
        kind, mark = CHECK_MARKS[check.get("status", "passed" if check["ok"] else "failed")]
        rows.append(
            f'<tr><td class="{kind}">{mark}</td><td>{html.escape(check["check"])}</td>'
            f"<td>{html.escape(check_outcome(check))}</td><td>{html.escape(str(check['where']))}</td></tr>"
        )
    return f"<table id=checks><tr><th></th><th>check</th><th>outcome</th><th>where</th></tr>{''.join(rows)}</table>"


def check_outcome(check: dict) -> str:
    """What a check found, in words: every value whole (never cut), the same number format as the page."""
    expected, found = check["expected"], check["found"]
    if check.get("status") == "not run":
        return "not run"
    if isinstance(expected, list) or isinstance(found, list):
        return _lists_compared(expected or [], found or [])
    if expected == found:
        return f"{number(found)}, as expected"
    return f"expected {number(expected)}, found {number(found)}"


def _lists_compared(expected: list, found: list) -> str:
    if expected == found:
        return (
            f"all {len(found)} expected found: {', '.join(map(str, found))}" if found else "none expected, none found"
        )
    missing = [str(v) for v in expected if v not in found]
    unexpected = [str(v) for v in found if v not in expected]
    said = [
        f"missing: {', '.join(missing)}" if missing else "",
        f"not expected: {', '.join(unexpected)}" if unexpected else "",
    ]
    return "; ".join(part for part in said if part) or "the same values in another order"
