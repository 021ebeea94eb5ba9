"""French: number words, roman numerals, sentence splitting, URL patterns, and spaCy's parser.

Bottom layer, beside ``pipeline.document``: imports nothing from the rest of ``pipeline`` but
``pipeline.errors`` and ``pipeline.files``. Kept light: the parsing process is forked before
anything heavy is imported (see ``pipeline.language.nlp``).
"""
