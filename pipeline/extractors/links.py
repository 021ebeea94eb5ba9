"""Every URL in the report, repaired into a working link.

URLs are found in the text as written (``source_text``): a word that has a
scheme, starts with ``www.``, or is a lower-case host name followed by a path
(or, alone, a host under a generic top-level domain such as ``inspire.wipo.int``).
Each repair applied is recorded as a tag:

* ``nonbreaking_hyphen``: U+2011 written ``-`` (host names included);
* ``trailing_punctuation``: sentence punctuation after the URL removed;
* ``glued_split``: two URLs written without a space between them, split;
* ``spaces_rejoined``: a URL broken by spaces (``…/Development Agenda Guidebook_F.pdf``)
  rejoined and its spaces percent-encoded;
* ``scheme_added``: ``https://`` added to a link written without a scheme.

Parsing and encoding go through ``urllib.parse``; nothing is fetched. Where the file
stores the hyperlink the author made (Word, HTML), its target is kept beside the
repaired URL, so that the two can be compared.

A URL that stays broken after repair (no dotted host: ``http://intranet/doc``) keeps
its row and is named in a manifest warning; one with no host at all is left out,
with a warning too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

from pipeline.document.normalise import clean
from pipeline.extractors.context import extractor
from pipeline.language.urls import OPENERS, SCHEME, TRAILING, looks_like_url

FILE_END = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|mp4|mp3|html?|jsp|zip|csv|txt)$", re.IGNORECASE)
REJOIN_WINDOW = 4
LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh", "pt", "de"}
BROKEN_FIELD = re.compile(
    r"Error!\s+Hyperlink reference not valid\.?|Erreur\s*!\s+Référence de lien hypertexte non valide\.?"
)


@dataclass
class Link:
    url: str
    url_raw: str
    repairs: list[str] = field(default_factory=list)
    start: int = 0  # offset of the URL as written in the text it was found in


@extractor(assigns=("links",))
def link_rows(extraction) -> None:
    rows = []
    anchors = _anchors(extraction)
    for where, text in extraction.texts(as_written=True):
        place = where["paragraph_id"] or f"footnote {where['footnote']}"
        links = [link for link in find_links(text) if _usable(link, place, extraction.warn)]
        rows += [
            {
                "link_id": link_id(where, n),
                **where,
                "occurrence": n,
                **_row(link),
                "target": _target(link, anchors[place]),
            }
            for n, link in enumerate(links, start=1)
        ]
        if BROKEN_FIELD.search(text):
            extraction.warn(f"{place}: a link the Word file could not export (“{BROKEN_FIELD.search(text).group(0)}”)")
    extraction.add("links", rows)


def link_id(where: dict, occurrence: int) -> str:
    """``<paragraph_id>#<n>``, or ``fn<footnote>#<n>`` in a footnote: the n-th URL of its place."""
    place = where["paragraph_id"] if where["paragraph_id"] is not None else f"fn{where['footnote']}"
    return f"{place}#{occurrence}"


def kept(link: Link) -> bool:
    """A link with a host keeps its row in ``links`` (possibly with a warning); one without is left out."""
    return bool(urlsplit(link.url).hostname)


def _usable(link: Link, place: str, warn) -> bool:
    problem = url_problem(link.url)
    if problem and not kept(link):
        warn(f"{place}: “{link.url_raw}” is not a link ({problem}): left out of `links`")
        return False
    if problem:
        warn(f"{place}: the link “{link.url_raw}” → {link.url} may not work: {problem}")
    return True


def _anchors(extraction) -> dict[str, list[tuple[str, str]]]:
    """(anchor text, target) of the hyperlinks the file stores, by place."""
    anchors = {
        placed.paragraph_id: [(placed.paragraph.text[h.start : h.end], h.target) for h in placed.paragraph.hyperlinks]
        for placed in extraction.outline.paragraphs
    }
    anchors.update(
        {
            f"footnote {note.number}": [(note.text[h.start : h.end], h.target) for h in note.hyperlinks]
            for note in extraction.document.footnotes
        }
    )
    return anchors


def _target(link: Link, anchors: list[tuple[str, str]]) -> str | None:
    """The target of the hyperlink written over this URL, if the file stores one."""
    written = clean(link.url_raw).rstrip(TRAILING)
    for text, target in anchors:
        if written and (written in text or len(text) >= 8 and text.rstrip(TRAILING) in written):
            return target
    return None


def find_links(text: str) -> list[Link]:
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]
    links: list[Link] = []
    index = 0
    while index < len(words):
        start, word = words[index]
        core = word.lstrip(OPENERS)
        if not looks_like_url(core):
            index += 1
            continue
        consumed = _rejoin_length(core, [w for _, w in words[index + 1 : index + 1 + REJOIN_WINDOW]])
        at = start + len(word) - len(core)
        written = text[at : words[index + consumed][0] + len(words[index + consumed][1])]
        links += _repair(written, rejoined=consumed > 0, at=at)
        index += consumed + 1
    return links


def _rejoin_length(url: str, following: list[str]) -> int:
    """How many of the following words continue a URL broken by spaces (0 if none).

    A URL continues only when its last path segment is unfinished (no ``/`` at the
    end, no file extension) and a word within reach ends with a file extension.
    """
    url = url.rstrip(TRAILING)
    if url.endswith("/") or FILE_END.search(url) or "/" not in SCHEME.sub("", url):
        return 0
    for count, word in enumerate(following, start=1):
        if not re.fullmatch(r"[\w.\-\u2011%()]+[.,;:]?", word):
            return 0
        if FILE_END.search(word.rstrip(TRAILING)):
            return count
    return 0


def _repair(written: str, rejoined: bool, at: int = 0) -> list[Link]:
    """One written URL → one or more working links (several when glued together)."""
    shared: list[str] = []
    text = written
    if "\u2011" in text:
        text = text.replace("\u2011", "-")
        shared.append("nonbreaking_hyphen")
    stripped = _strip_trailing(text)
    if stripped != text:
        shared.append("trailing_punctuation")
    if rejoined:
        stripped = re.sub(r"\s+", " ", stripped)
        shared.append("spaces_rejoined")
    starts = [0] + [m.start() for m in SCHEME.finditer(stripped) if m.start() > 0]
    pieces = [stripped[a:b] for a, b in zip(starts, starts[1:] + [len(stripped)])]
    raw_starts = [0] + [m.start() for m in SCHEME.finditer(written) if m.start() > 0]
    raw_pieces = [written[a:b] for a, b in zip(raw_starts, raw_starts[1:] + [len(written)])]
    links = []
    for piece, raw, raw_start in zip(pieces, raw_pieces, raw_starts):
        tags = [t for t in shared if t != "trailing_punctuation" or raw is raw_pieces[-1]]
        if len(pieces) > 1:
            tags.append("glued_split")
        if not SCHEME.match(piece):
            piece = "https://" + piece
            tags.append("scheme_added")
        links.append(Link(_encode(piece), raw, tags, at + raw_start))
    return links


def _strip_trailing(url: str) -> str:
    while url and url[-1] in TRAILING + ")":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _encode(url: str) -> str:
    parts = urlsplit(url)
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%:@!$'()*+,;/?-._~")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, parts.fragment))


def url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "no http(s) scheme"
    if "." not in (parts.hostname or ""):
        return "no dotted host name"
    if re.search(r"[\s\u2011]", url):
        return "contains a space or a non-breaking hyphen"
    return None


def _row(link: Link) -> dict:
    parts = urlsplit(link.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    segments = [s for s in parts.path.split("/") if s]
    language = next((s for s in segments if s in LANGUAGES), None)
    if language is None:
        language = next((query[k].lower() for k in ("lang", "ln", "plang") if k in query), None)
    return {
        "url": link.url,
        "url_raw": link.url_raw,
        "host": parts.hostname,
        "path": parts.path,
        "repairs": link.repairs,
        "doc_id": _integer(query.get("doc_id")),
        "meeting_id": _integer(query.get("meeting_id")),
        "publication_id": _integer(query.get("id")) if "publications" in segments else None,
        "language": language,
    }


def _integer(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
