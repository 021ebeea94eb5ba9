"""The labelled figures of the 2023 report (tests/samples/figures_2023_labelled.csv): every quantity
of the running text and the footnotes, read by hand in its sentence. Scores an extraction on
(place, value, counted noun, qualifier)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

LABELS = Path(__file__).parent / "samples" / "figures_2023_labelled.csv"


def labels() -> pd.DataFrame:
    return pd.read_csv(LABELS, dtype={"footnote": "Int64"}, keep_default_na=False, na_values=[""])


def _place(row) -> str:
    return row.paragraph_id if isinstance(row.paragraph_id, str) else f"footnote {int(row.footnote)}"


def _keys(frame: pd.DataFrame) -> Counter:
    return Counter(
        (_place(r), round(float(r.value), 3), None if pd.isna(r.unit) else str(r.unit), r.qualifier)
        for r in frame.itertuples(index=False)
    )


@dataclass
class Score:
    precision: float
    recall: float
    missed: list  # labelled, not extracted
    wrong: list  # extracted, not labelled

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f}, recall {self.recall:.3f} on (value, unit, qualifier) over "
            f"{sum(1 for _ in self.missed) + self.matched} labelled figures"
        )

    matched: int = 0


def score(figures: pd.DataFrame, labelled: pd.DataFrame) -> Score:
    extracted, expected = _keys(figures), _keys(labelled)
    matched = sum((extracted & expected).values())
    return Score(
        matched / max(sum(extracted.values()), 1),
        matched / max(sum(expected.values()), 1),
        sorted((expected - extracted).elements(), key=str),
        sorted((extracted - expected).elements(), key=str),
        matched,
    )
