"""WIPO document symbols cited in the text and footnotes (``CDIP/31/4``,
``SCCR/43/INF/2``, ``WO/GA/55/12``, ``PCT/WG/17/19``), each with the ``doc_id``
of the link that follows it in the same paragraph or footnote, when there is one,
and that link's ``link_id``: the row of ``links`` found at the same place in the
same order, so that a join on ``link_id`` gives one link per reference.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from pipeline.extractors.context import extractor
from pipeline.extractors.links import Link, find_links, kept

# A body of one to three upper-case segments (CDIP, WO/GA, PCT/WG, PCT/A), the
# session, an optional INF, the number, and an optional Rev./Corr./Add.
SYMBOL = re.compile(
    r"(?<![\w/])(?P<body>[A-Z]{2,8}(?:/[A-Z]{1,4}){0,2})/(?P<session>\d{1,3})/"
    r"(?:(?P<inf>INF)/)?(?P<number>\d{1,3})(?![\w/])"
    r"(?:\s+(?P<suffix>Rev|REV|Corr|CORR|Add|ADD)\.?(?:\s*(?P<suffix_number>\d+))?)?"
)


@extractor(requires=("links",), assigns=("document_refs",))
def document_ref_rows(extraction) -> None:
    link_rows: dict[tuple, list[dict]] = {}
    for row in extraction.datasets["links"]:
        link_rows.setdefault((row["paragraph_id"], row["footnote"]), []).append(row)
    extraction.add(
        "document_refs",
        [
            row
            for where, text in extraction.texts()
            for row in _refs(text, where, link_rows.get((where["paragraph_id"], where["footnote"]), []))
        ],
    )


def _refs(text: str, where: dict, link_rows: list[dict]) -> list[dict]:
    matches = list(SYMBOL.finditer(text))
    links = _placed_links(text, link_rows)
    rows = []
    for n, match in enumerate(matches, start=1):
        end = matches[n].start() if n < len(matches) else len(text)
        symbol = (
            f"{match.group('body')}/{match.group('session')}/"
            f"{'INF/' if match.group('inf') else ''}{match.group('number')}"
        )
        link, link_row = _its_link(symbol, [(lk, r) for lk, r in links if match.end() <= lk.start < end])
        suffix = match.group("suffix")
        rows.append(
            {
                **where,
                "occurrence": n,
                "symbol": symbol,
                "body": match.group("body"),
                "session": int(match.group("session")),
                "inf": bool(match.group("inf")),
                "document_number": int(match.group("number")),
                "suffix": f"{suffix.capitalize()}.{match.group('suffix_number') or ''}" if suffix else None,
                "doc_id": _doc_id(link) if link else None,
                "link_id": link_row["link_id"] if link_row else None,
            }
        )
    return rows


def _placed_links(text: str, link_rows: list[dict]) -> list[tuple[Link, dict | None]]:
    """The links of the clean text, in order, each with its row of ``links`` (which was found in the text
    as written: the same URLs in the same order, matched by URL should the two ever differ)."""
    links = [link for link in find_links(text) if kept(link)]
    if [link.url for link in links] == [row["url"] for row in link_rows]:
        return list(zip(links, link_rows))
    unused = list(link_rows)
    placed = []
    for link in links:
        row = next((r for r in unused if r["url"] == link.url), None)
        if row is not None:
            unused.remove(row)
        placed.append((link, row))
    return placed


def _its_link(symbol: str, links: list[tuple[Link, dict | None]]) -> tuple[Link | None, dict | None]:
    """Among the links after a symbol: the first with a ``doc_id``, else the first whose file is named after
    the symbol (``PCT/A/55/2`` → ``…/pct_a_55_2.pdf``)."""
    with_doc_id = next(((link, row) for link, row in links if _doc_id(link) is not None), None)
    if with_doc_id:
        return with_doc_id
    named = re.compile(rf"(?<![\w-]){re.escape(symbol.lower().replace('/', '_'))}(?![\w-])")
    return next(((link, row) for link, row in links if named.search(urlsplit(link.url).path.lower())), (None, None))


def _doc_id(link: Link) -> int | None:
    values = parse_qs(urlsplit(link.url).query).get("doc_id")
    return int(values[0]) if values and values[0].isdigit() else None
