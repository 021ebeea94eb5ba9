"""da-extract: WIPO Development Agenda reports → documented Parquet datasets."""

__version__ = "0.1.0"
