"""da-extract: WIPO Development Agenda reports → documented Parquet datasets.

The library API (``pipeline.api``), on which the command line is built::

    >>> import pipeline
    >>> manifest = pipeline.extract("raw/2023", out="extracted")
    >>> data = pipeline.load("extracted")
    >>> data.projects.shape
    (55, 7)

``read`` gives a report's document model, ``extract`` and ``extract_many`` write its datasets,
``load`` reads them back as typed pandas frames, ``verify`` checks the files against their
manifests, ``diff`` compares two extractions or two years. Nothing heavy is imported until a
function is called.
"""

from pipeline.api import diff, extract, extract_many, load, read, verify
from pipeline.version import __version__

__all__ = ["__version__", "diff", "extract", "extract_many", "load", "read", "verify"]
