"""The HTML both review pages share: the overview of a year and the index of every year.

A page is self-contained (no request leaves it): its style is inline, its charts are matplotlib's
SVG, inline; its sections carry anchors from which the table of contents is made. Numbers are
written one way everywhere: a whole value without decimals (``19``, never ``19.0``).
"""

from __future__ import annotations

import html
import io
import re

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .6rem 0; }
td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; } .fail { color: #c62828; font-weight: bold; }
nav ol { columns: 2; } #sectors { font-size: .85rem; } #sectors td:nth-child(2) { min-width: 15rem; }
figure { margin: 1rem 0; } pre { background: #f6f6f6; padding: 1rem; overflow-x: auto; font-size: .85rem; }
"""
DATA_DICTIONARY = "docs/datasets.md"
# From extracted/overview/<page> to the repository's docs/: right for the default data folder.
DATA_DICTIONARY_LINK = f"../../{DATA_DICTIONARY}"
SECTION_HEADING = re.compile(r'<section id="([^"]+)"><h2>(.*?)</h2>')
STYLE_OF_CHARTS = {"svg.hashsalt": "da-extract", "svg.fonttype": "none", "font.size": 9}


def page(title: str, heading: str, introduction: str, sections: list[str]) -> str:
    """A whole page: its heading, an introduction, the table of contents, then the sections."""
    body = "".join(sections)
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(heading)}</h1>{introduction}{contents(body)}{body}</body></html>\n"
    )


def contents(body: str) -> str:
    """The table of contents: one link per section of ``body``, in its order."""
    items = "".join(f'<li><a href="#{anchor}">{title}</a></li>' for anchor, title in SECTION_HEADING.findall(body))
    return f"<nav id=contents><h2>Contents</h2><ol>{items}</ol></nav>" if items else ""


def section(title: str, body: str, anchor: str | None = None) -> str:
    """A section with its anchor (by default the title's words before any colon, lower-cased)."""
    anchor = anchor or re.sub(r"[^\w-]+", "-", title.split(":")[0].lower()).strip("-")
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{body}</section>'


def data_dictionary_note() -> str:
    return (
        f'<p>Every column is described in the data dictionary, <a href="{DATA_DICTIONARY_LINK}">'
        f"{DATA_DICTIONARY}</a> in the project (also printed by <code>da-extract docs</code>).</p>"
    )


def table(
    headers: list[str], rows: list[list], numeric: set[int] = frozenset(), table_id: str = "", head: str = ""
) -> str:
    """A table whose cells are escaped text (numbers written by :func:`number`); ``numeric``: the
    columns aligned right; ``head``: the heading row's cells as HTML, instead of ``headers``."""

    def cell(tag: str, index: int, value) -> str:
        text = number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        align = " class=n" if index in numeric else ""
        return f"<{tag}{align}>{html.escape(text)}</{tag}>"

    head = head or "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    identifier = f" id={table_id}" if table_id else ""
    return f"<table{identifier}><tr>{head}</tr>{body}</table>"


def number(value) -> str:
    """A number as the pages write it: whole values without decimals, others as short as exact."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def chart(draw, size: tuple, caption: str) -> str:
    """A chart drawn on a ``Figure`` of its own, its style set only while it is drawn: the pages
    leave pyplot, the backend and ``rcParams`` as they found them (a notebook's among them)."""
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
