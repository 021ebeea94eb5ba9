"""WIPO document symbols cited in the text and footnotes (``CDIP/31/4``,
``SCCR/43/INF/2``, ``WO/GA/55/12``, ``PCT/WG/17/19``), each with the ``doc_id``
of the link that follows it in the same paragraph or footnote, when there is one.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from pipeline.extractors.context import extractor
from pipeline.extractors.links import find_links

# A body of one to three upper-case segments (CDIP, WO/GA, PCT/WG, PCT/A), the
# session, an optional INF, the number, and an optional Rev./Corr./Add.
SYMBOL = re.compile(
    r"(?<![\w/])(?P<body>[A-Z]{2,8}(?:/[A-Z]{1,4}){0,2})/(?P<session>\d{1,3})/"
    r"(?:(?P<inf>INF)/)?(?P<number>\d{1,3})(?![\w/])"
    r"(?:\s+(?P<suffix>Rev|REV|Corr|CORR|Add|ADD)\.?(?:\s*(?P<suffix_number>\d+))?)?"
)


@extractor(assigns=("document_refs",))
def document_ref_rows(extraction) -> None:
    extraction.add("document_refs", [row for where, text in extraction.texts() for row in _refs(text, where)])


def _refs(text: str, where: dict) -> list[dict]:
    matches = list(SYMBOL.finditer(text))
    rows = []
    for n, match in enumerate(matches, start=1):
        following = text[match.end() : matches[n].start() if n < len(matches) else len(text)]
        suffix = match.group("suffix")
        rows.append(
            {
                **where,
                "occurrence": n,
                "symbol": f"{match.group('body')}/{match.group('session')}/"
                f"{'INF/' if match.group('inf') else ''}{match.group('number')}",
                "body": match.group("body"),
                "session": int(match.group("session")),
                "inf": bool(match.group("inf")),
                "document_number": int(match.group("number")),
                "suffix": f"{suffix.capitalize()}.{match.group('suffix_number') or ''}" if suffix else None,
                "doc_id": _doc_id(following),
            }
        )
    return rows


def _doc_id(text: str) -> int | None:
    """The doc_id of the first link in ``text`` that has one."""
    for link in find_links(text):
        values = parse_qs(urlsplit(link.url).query).get("doc_id")
        if values and values[0].isdigit():
            return int(values[0])
    return None
