"""The document model: what every reader produces and every extractor reads.

Bottom layer: imports nothing from the rest of ``pipeline`` but ``pipeline.errors`` and
``pipeline.files``.
"""
