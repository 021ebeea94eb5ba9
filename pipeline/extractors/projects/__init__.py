"""Projects: the lists of Annex II, and the projects the body talks about.

``annex``: Annex II's lists of projects, read by their shape; ``keys``: the keys that name a
project from year to year, and their registry; ``titles``: a project's title, its phase, and how
well a mention's words cover it; ``mentions``: the paragraphs of the body that present a project;
``checks``: what the body says of the projects, checked against Annex II.
"""
