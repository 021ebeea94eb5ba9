"""The output folder: where each file goes (``layout``, the one module that spells a path), the
bytes of each file (``encoding``), a year committed whole (``commit``), checked (``verify``), locked
(``lock``), described as a data package (``datapackage``) and loaded into pandas (``loading``).

May import ``pipeline.datasets`` and the bottom layers; never an extractor, a reader or
``pipeline.review``.
"""
