"""Extractors: each turns the document model into the rows of one or more datasets.

``pipeline.extractors.registry`` lists them, with what each requires and assigns; the shared
object they read and fill is ``pipeline.extractors.context.Extraction``. May import
``pipeline.datasets`` (the contract the rows must meet), ``pipeline.language`` and
``pipeline.document``; never a reader, the store or the command line.
"""
