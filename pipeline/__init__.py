"""da-extract: WIPO Development Agenda reports → documented Parquet datasets.

The library API (``pipeline.api``), on which the command line is built::

    >>> import pipeline
    >>> manifest = pipeline.extract("raw/2023", out="extracted")
    >>> data = pipeline.load("extracted")
    >>> data.projects.shape
    (55, 7)

``read`` gives a report's document model, ``extract`` and ``extract_many`` write its datasets,
``load`` reads them back as typed pandas frames, ``verify`` checks the files against their
manifests, ``diff`` compares two extractions or two years, ``check`` compares every report with
its golden snapshot. The functions are imported from ``pipeline.api`` when first asked for, so that
importing any module of the package imports nothing else.
"""

from pipeline.version import __version__

__all__ = ["__version__", "check", "diff", "extract", "extract_many", "load", "read", "verify"]


def __getattr__(name: str):
    if name in __all__:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
