"""Differences between two extractions, dataset by dataset and row by row.

Rows are matched on what identifies them across years, declared once per dataset in the schema
(``Dataset.across_years``, printed in docs/datasets.md): a project by its key, a URL by itself, a
figure by its section and counted noun (the n-th of them there), a paragraph by its section and its
text. Two extractions of one year are compared on every column, so that any change at all shows
(the golden check relies on it); two years, on every column but those that only say where a row is
(paragraph ids, footnote numbers, offsets), which move whenever something is added before them.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.datasets.schema import DATASETS

NO_DIFFERENCES = "no differences"
SUMMARY_COLUMNS = ("dataset", "added", "removed", "changed", "unchanged")
ROW_COLUMNS = ("dataset", "key", "change", "column", "old", "new")
SHOWN_CHARACTERS = 90  # of a value, in the overview's tables
SHOWN_KEY_PART = 50  # of each part of a key, in the text report
LINE = 118  # characters of a line of the text report, at most where values can be cut
MINIMUM_WIDTH = 20  # of a value cut to fit a line
CONTEXT = 30  # characters kept on each side of a change inside a long text
ALIKE = 0.6  # two unmatched rows of one group are paired when their texts have this share of their words in common
WORD = re.compile(r"\w+")


@dataclass
class ChangedRow:
    key: tuple  # the old row's key across years (its values, then n: the n-th row with them)
    old: dict
    new: dict
    columns: dict[str, tuple]  # column: (old value, new value), only those that differ


@dataclass
class DatasetDiff:
    name: str
    added: list[tuple[tuple, dict]] = field(default_factory=list)  # (key, row)
    removed: list[tuple[tuple, dict]] = field(default_factory=list)
    changed: list[ChangedRow] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(old: dict[str, list[dict]], new: dict[str, list[dict]], same_year: bool = True) -> list[DatasetDiff]:
    """Every dataset present on either side, matched on its key across years; ``same_year``: every
    column compared, positions included."""
    return [
        _dataset_diff(name, old.get(name, []), new.get(name, []), same_year)
        for name in DATASETS
        if name in old or name in new
    ]


def keyed_rows(name: str, rows: list[dict]) -> dict[tuple, dict]:
    """The rows of a dataset by their key across years, in the order of the dataset's own key: the
    values of ``across_years.key``, then n for the n-th row sharing them."""
    columns = DATASETS[name].across_years.key
    seen: dict[tuple, int] = defaultdict(int)
    keyed = {}
    for row in sorted(rows, key=row_order(name)):
        values = tuple(row.get(c) for c in columns)
        seen[values] += 1
        keyed[(*values, seen[values])] = row
    return keyed


def _dataset_diff(name: str, old_rows: list[dict], new_rows: list[dict], same_year: bool) -> DatasetDiff:
    old, new = keyed_rows(name, old_rows), keyed_rows(name, new_rows)
    pairs = [(k, k) for k in old if k in new]
    pairs += _paired(name, [k for k in old if k not in new], [k for k in new if k not in old], old, new)
    matched_old, matched_new = {a for a, _ in pairs}, {b for _, b in pairs}
    order = row_order(name)
    diff = DatasetDiff(name)
    diff.added = sorted(((k, r) for k, r in new.items() if k not in matched_new), key=lambda kr: order(kr[1]))
    diff.removed = sorted(((k, r) for k, r in old.items() if k not in matched_old), key=lambda kr: order(kr[1]))
    skipped = set() if same_year else set(DATASETS[name].across_years.positional)
    for a, b in sorted(pairs, key=lambda pair: order(old[pair[0]])):
        columns = [c for c in dict.fromkeys([*DATASETS[name].column_names, *old[a], *new[b]]) if c not in skipped]
        changes = {c: (old[a].get(c), new[b].get(c)) for c in columns if not _same(old[a].get(c), new[b].get(c))}
        if changes:
            diff.changed.append(ChangedRow(a, old[a], new[b], changes))
        else:
            diff.unchanged += 1
    return diff


def _paired(name: str, old_keys: list, new_keys: list, old: dict, new: dict) -> list[tuple[tuple, tuple]]:
    """Rows left unmatched on both sides within one group (``across_years.paired_by``), paired when
    what identifies them is alike (a paragraph reworded in its section): the most alike first."""
    spec = DATASETS[name].across_years
    if not spec.paired_by:
        return []
    compared = next(c for c in spec.key if c not in spec.paired_by)
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for keys, rows, side in ((old_keys, old, 0), (new_keys, new, 1)):
        for key in keys:
            groups[tuple(rows[key].get(c) for c in spec.paired_by)][side].append(key)
    pairs = []
    for befores, afters in groups.values():
        scored = [
            (-score, i, j)
            for i, a in enumerate(befores)
            for j, b in enumerate(afters)
            if (score := _alike(old[a].get(compared), new[b].get(compared))) >= ALIKE
        ]
        used_old, used_new = set(), set()
        for _, i, j in sorted(scored):
            if i not in used_old and j not in used_new:
                used_old.add(i), used_new.add(j)
                pairs.append((befores[i], afters[j]))
    return pairs


def _alike(a, b) -> float:
    """How alike two texts are, from 0 to 1: the share of their words they have in common (a
    multiset's Dice coefficient; linear, where difflib's ratio would be quadratic on long paragraphs)."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return 0.0
    words_a, words_b = Counter(WORD.findall(a)), Counter(WORD.findall(b))
    total = sum(words_a.values()) + sum(words_b.values())
    return 2 * sum((words_a & words_b).values()) / total if total else 1.0


# -- tables: what the library's Diff gives as DataFrames, and the csv, json and parquet outputs ------


def summary_rows(diffs: list[DatasetDiff]) -> list[dict]:
    """One row per dataset: rows added, removed, changed and unchanged."""
    return [
        dict(zip(SUMMARY_COLUMNS, (d.name, len(d.added), len(d.removed), len(d.changed), d.unchanged))) for d in diffs
    ]


def change_rows(diffs: list[DatasetDiff]) -> list[dict]:
    """One row per changed column of a changed row, one per row added or removed (its column, old and
    new: the row's summary column, the one that tells a person which row it is)."""
    rows = []
    for diff in diffs:
        column = DATASETS[diff.name].summary_column
        for change, entries in (("added", diff.added), ("removed", diff.removed)):
            for key, row in entries:
                value = row.get(column)
                old, new = (None, value) if change == "added" else (value, None)
                rows.append(dict(zip(ROW_COLUMNS, (diff.name, show_key(key), change, column, old, new))))
        for changed in diff.changed:
            rows += [
                dict(zip(ROW_COLUMNS, (diff.name, show_key(changed.key), "changed", c, a, b)))
                for c, (a, b) in changed.columns.items()
            ]
    return rows


def show_key(key: tuple, shown: int | None = None) -> str:
    """A key across years as a person reads it: its values joined by `` · `` (null as ``–``),
    ``#n`` for the n-th row sharing them (``I.2 · personne #3``). ``shown``: characters of each text."""
    *values, n = key
    # a text is cut, an identifier (no space: a project key, a URL) never
    parts = ["–" if v is None else _shortened(str(v), shown) if " " in str(v) else str(v) for v in values]
    text = " · ".join(parts)
    return text if n == 1 else f"{text} #{n}"


# -- the text report -----------------------------------------------------------------------------


def report(diffs: list[DatasetDiff], limit: int | None = None, heading: str = "") -> str:
    """The summary per dataset, then each dataset's rows added (+), removed (-) and changed (~, with
    each column old → new); ``limit``: rows shown per dataset, then `` … and N more``."""
    if all(d.empty for d in diffs):
        return NO_DIFFERENCES
    lines = [heading] if heading else []
    lines += summary_table(summary_rows(diffs))
    for diff in diffs:
        if not diff.empty:
            lines.append("")
            lines += _dataset_lines(diff, limit)
    return "\n".join(lines)


def summary_table(rows: list[dict]) -> list[str]:
    width = max(len(SUMMARY_COLUMNS[0]), *(len(r["dataset"]) for r in rows))
    lines = [f"{SUMMARY_COLUMNS[0]:<{width}}" + "".join(f"  {c:>9}" for c in SUMMARY_COLUMNS[1:])]
    lines += [f"{r['dataset']:<{width}}" + "".join(f"  {r[c]:>9}" for c in SUMMARY_COLUMNS[1:]) for r in rows]
    return lines


def counts(diff: DatasetDiff) -> str:
    """``3 added, 1 changed``."""
    parts = [(len(diff.added), "added"), (len(diff.removed), "removed"), (len(diff.changed), "changed")]
    return ", ".join(f"{n} {label}" for n, label in parts if n)


def _dataset_lines(diff: DatasetDiff, limit: int | None) -> list[str]:
    """The dataset's counts, then one entry per row (``limit`` of them): a line, or, for a changed row
    whose columns do not fit on one, its key then a line per column."""
    summary = DATASETS[diff.name].summary_column
    keyed_on = set(DATASETS[diff.name].across_years.key)

    def described(mark: str, key: tuple, row: dict) -> list[str]:
        head = f"  {mark} {show_key(key, SHOWN_KEY_PART)}"
        if summary in keyed_on or summary not in row:
            return [head]
        return [f"{head}  {short(row[summary], width=max(MINIMUM_WIDTH, LINE - len(head) - 2))}"]

    entries = [described("+", k, r) for k, r in diff.added] + [described("-", k, r) for k, r in diff.removed]
    entries += [_changed_lines(c) for c in diff.changed]
    if limit is not None and len(entries) > limit:
        entries = entries[:limit] + [[f"  … and {len(entries) - limit} more"]]
    return [f"{diff.name}: {counts(diff)}", *(line for entry in entries for line in entry)]


def _changed_lines(changed: ChangedRow) -> list[str]:
    head = f"  ~ {show_key(changed.key, SHOWN_KEY_PART)}"
    line = f"{head}  " + "; ".join(f"{c}: {' → '.join(short_pair(a, b))}" for c, (a, b) in changed.columns.items())
    if len(line) <= LINE:
        return [line]
    return [head] + [
        f"      {c}: {' → '.join(short_pair(a, b, width=max(MINIMUM_WIDTH, (LINE - 11 - len(c)) // 2)))}"
        for c, (a, b) in changed.columns.items()
    ]


def short(value, quoted: bool = True, width: int = SHOWN_CHARACTERS) -> str:
    """A value as the report shows it: JSON for text (``quoted``) and lists, whole floats as
    integers, cut to ``width`` characters."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and not quoted:
        return _shortened(value, width)
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (str, list)) else str(value)
    return text if len(text) <= width else text[: width - 2] + '…"'


def short_pair(old, new, quoted: bool = True, width: int = SHOWN_CHARACTERS) -> tuple[str, str]:
    """Two versions of a long text cut to the part that differs, with some context: the change in a
    paragraph is seen even when it is far from its start."""
    if not (isinstance(old, str) and isinstance(new, str)) or max(len(old), len(new)) <= width:
        return short(old, quoted, width), short(new, quoted, width)
    prefix = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    context = min(CONTEXT, width // 3)
    start = max(0, prefix - context)

    def excerpt(text: str) -> str:
        end = min(len(text), len(text) - suffix + context)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return short(excerpt(old), quoted, width), short(excerpt(new), quoted, width)


def _shortened(text: str, shown: int | None) -> str:
    return text if shown is None or len(text) <= shown else text[: shown - 1] + "…"


def row_order(name: str):
    """A sort key for the rows of a dataset: by its key, in natural order."""
    columns = DATASETS[name].key
    return lambda row: _orderable(tuple(row.get(c) for c in columns))


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
