"""da-extract: WIPO Development Agenda reports → documented Parquet datasets.

``from pipeline import load`` gives the notebook loader (``pipeline.store.loading``); nothing heavy is
imported until it is used.
"""

__version__ = "0.2.0"


def __getattr__(name: str):
    if name == "load":
        from pipeline.store.loading import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
