"""What a web address written in running text looks like: read by the extractor of links
(``pipeline.extractors.links``) and by the PDF reader, which must tell an address broken by
the end of a line from two words.

A word is an address when it has a scheme, starts with ``www.``, or is a lower-case host name
followed by a path (or, alone, a host under a generic top-level domain such as
``inspire.wipo.int``); U+2011 (a non-breaking hyphen) may stand for ``-`` in a host name.
"""

from __future__ import annotations

import re

SCHEME = re.compile(r"https?://", re.IGNORECASE)
HOST = r"(?:[a-z0-9](?:[a-z0-9\u2011-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,6})"
HOST_WITH_PATH = re.compile(rf"^{HOST}/")
BARE_HOST = re.compile(rf"^{HOST}$")
GENERIC_TLDS = {"int", "org", "com", "net", "edu", "gov", "info"}
OPENERS = "(“«\"'[<"  # what may open before an address: brackets and quotes
TRAILING = ".,;:!?…’'\"”»]>"  # what may close after it: sentence punctuation, brackets and quotes


def looks_like_url(word: str) -> bool:
    """Is ``word`` (its opening brackets and quotes already taken off) a web address?"""
    word = word.rstrip(TRAILING)
    if SCHEME.match(word) or word.lower().startswith("www."):
        return True
    if HOST_WITH_PATH.match(word):
        return True
    bare = BARE_HOST.match(word)
    return bool(bare) and bare.group("tld") in GENERIC_TLDS and word.count(".") >= 2
