"""HTML reports: a page is recognised from its first tag, and looked at cheaply before its tree
is built (``pipeline.readers.html.tree``, on BeautifulSoup, imported only for a page)."""

from __future__ import annotations

import re
from html import unescape

from pipeline.errors import ReportError
from pipeline.readers.base import Content, Parsed, Reader
from pipeline.readers.checks import NOT_THE_SUBJECT, SUBJECT, WORD, check_french

HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table)\b",
    re.IGNORECASE | re.DOTALL,
)
PAGE_LOOK = 2 * 1024 * 1024  # characters of an HTML page read before its tree is built (the 2023 report: 0.35 MB)
MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.IGNORECASE | re.DOTALL)


class HtmlReader(Reader):
    """A text that starts as a web page does: a doctype, or one of the tags a page opens with."""

    format = "html"

    @classmethod
    def recognises(cls, content: Content) -> bool:
        return bool(HTML_START.match(content.text))

    def parse(self, content: Content) -> Parsed:
        check_page(content.text, content.name)
        from pipeline.readers.html.tree import read_html  # BeautifulSoup: only for HTML pages

        return Parsed(*read_html(content.text, content.name))


def check_page(page: str, name: str) -> None:
    """A cheap look at an HTML page's text before its tree is built: building the tree of a large
    page costs seconds and a gigabyte, so a page that is not a French report about the Development
    Agenda is refused from its first ``PAGE_LOOK`` characters."""
    text = unescape(MARKUP.sub(" ", page[:PAGE_LOOK]))
    check_french(WORD.findall(text.lower()), name)
    if not SUBJECT.search(text):
        raise ReportError(name, NOT_THE_SUBJECT)
