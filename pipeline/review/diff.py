"""Differences between two extractions, dataset by dataset and row by row.

Two extractions (or an extraction and its golden snapshot) are compared on each dataset's key
(``pipeline.datasets.schema``): rows added, removed, and changed with the columns old → new.
Across years, keys made from positions in the text (paragraph ids, offsets, footnote numbers)
mean nothing, so those datasets are summed up by their row counts; the datasets with stable keys
(projects, recommendations, expected results and their links) are compared row by row, and the
headline figures (the largest figure per sector and counted noun) are set side by side.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

from pipeline.datasets.schema import DATASETS

POSITION_COLUMNS = {"order"}  # a row whose only change is here has moved, not changed
SHOWN_ROWS = 20
SHOWN_CHARACTERS = 90
NO_DIFFERENCES = "no differences"


@dataclass
class DatasetDiff:
    name: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[tuple, dict[str, tuple]]] = field(default_factory=list)  # key, {column: (old, new)}
    counts: tuple[int, int] | None = None  # compared by row count only

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed) and (
            self.counts is None or self.counts[0] == self.counts[1]
        )


def compare(old: dict[str, list[dict]], new: dict[str, list[dict]], same_year: bool = True) -> list[DatasetDiff]:
    diffs = []
    for name in DATASETS:
        if name not in old and name not in new:
            continue
        old_rows, new_rows = old.get(name, []), new.get(name, [])
        if same_year or DATASETS[name].stable_across_years:
            diffs.append(_by_key(name, old_rows, new_rows))
        else:
            diffs.append(DatasetDiff(name, counts=(len(old_rows), len(new_rows))))
    return diffs


def _by_key(name: str, old_rows: list[dict], new_rows: list[dict]) -> DatasetDiff:
    key = _key(name)
    old, new = {key(r): r for r in old_rows}, {key(r): r for r in new_rows}
    diff = DatasetDiff(name)
    diff.added = [new[k] for k in sorted(new.keys() - old.keys(), key=_orderable)]
    diff.removed = [old[k] for k in sorted(old.keys() - new.keys(), key=_orderable)]
    for k in sorted(old.keys() & new.keys(), key=_orderable):
        changes = {
            c: (old[k].get(c), new[k].get(c))
            for c in DATASETS[name].column_names
            if not _same(old[k].get(c), new[k].get(c))
        }
        if changes:
            diff.changed.append((k, changes))
    return diff


def headline_figures(old: dict, new: dict) -> list[tuple[str, str, float | None, float | None]]:
    """(sector, counted noun, old value, new value) for the largest figure of each."""

    def largest(rows):
        best = {}
        for row in rows:
            if row["unit"] and row["figure_kind"] == "count" and row["section_id"]:
                place = (row["section_id"].split(".")[0], row["unit"])
                best[place] = max(best.get(place, 0), row["value"])
        return best

    before, after = largest(old.get("figures", [])), largest(new.get("figures", []))
    shared = sorted(before.keys() & after.keys())
    return [(sector, unit, before[(sector, unit)], after[(sector, unit)]) for sector, unit in shared]


def report(diffs: list[DatasetDiff], headlines=None) -> str:
    lines = []
    for diff in diffs:
        if diff.counts is not None:
            if diff.counts[0] != diff.counts[1]:
                lines.append(f"{diff.name}: {diff.counts[0]} → {diff.counts[1]} rows")
            continue
        if diff.empty:
            continue
        changed = [(k, c) for k, c in diff.changed if not set(c) <= POSITION_COLUMNS]
        moved = len(diff.changed) - len(changed)
        parts = [
            f"{len(rows)} {label}"
            for label, rows in (("added", diff.added), ("removed", diff.removed), ("changed", changed))
            if rows
        ]
        lines.append(f"{diff.name}: {', '.join(parts + ([f'{moved} only moved'] if moved else []))}")
        key = _key(diff.name)
        lines += _limited([f"  + {_show_key(key(r))}  {_summary(diff.name, r)}" for r in diff.added])
        lines += _limited([f"  - {_show_key(key(r))}  {_summary(diff.name, r)}" for r in diff.removed])
        lines += _limited(
            [
                f"  ~ {_show_key(k)}  "
                + "; ".join(
                    f"{c}: {_short(a)} → {_short(b)}" for c, (a, b) in changes.items() if c not in POSITION_COLUMNS
                )
                for k, changes in changed
            ]
        )
    moved = [(s, u, a, b) for s, u, a, b in headlines or [] if a != b]
    if moved:
        lines.append(f"headline figures (largest per sector and counted noun): {len(moved)} moved")
        lines += _limited([f"  {s} {u}: {_short(a)} → {_short(b)}" for s, u, a, b in moved])
    return "\n".join(lines) if lines else NO_DIFFERENCES


def _limited(lines: list[str]) -> list[str]:
    if len(lines) <= SHOWN_ROWS:
        return lines
    return lines[:SHOWN_ROWS] + [f"  … and {len(lines) - SHOWN_ROWS} more"]


def _summary(name: str, row: dict) -> str:
    column = DATASETS[name].summary_column
    return _short(row[column]) if column in row else ""


def _short(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (str, list)) else str(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + '…"'


def _show_key(key: tuple) -> str:
    shown = [str(k) for k in key if k is not None]
    return shown[0] if len(shown) == 1 else "(" + ", ".join(shown) + ")"


def _key(name: str):
    columns = DATASETS[name].key
    return lambda row: tuple(row.get(c) for c in columns)


def row_order(name: str):
    """A sort key for the rows of a dataset: by its key, in natural order."""
    key = _key(name)
    return lambda row: _orderable(key(row))


def _orderable(key: tuple) -> tuple:
    """Sortable whatever the types, strings in natural order (``annex-II:2`` before ``annex-II:10``)."""

    def part(value):
        if isinstance(value, str):
            return (1, tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", value)))
        return (0 if value is not None else 2, (value if value is not None else 0,))

    return tuple(part(value) for value in key)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b
