"""What a run tells a person about each year it extracted: the warnings and failed checks of the
manifest, grouped by kind, one line each, and a summary line.

A warning's kind is its wording with what varies taken out: the place it names (``footnote 58``,
``I.7:5``), quoted text, parentheses, links and numbers. ``expected result 2.4 is worded 2 ways: …``
and ``expected result 4.1 is worded 2 ways: …`` are one kind; warnings that start with
``incomplete:`` (failed or unrun checks among them) are a kind of their own, listed first.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.store.layout import manifest_path

WIDTH = 119  # the longest line printed; a longer warning is cut, and its whole text is in the manifest
SHOWN_PER_KIND = 3  # lines of one kind before "… N more like these" (all of them with verbose)
INCOMPLETE = "incomplete:"
# A place a warning starts with: a footnote, or a paragraph id (``I.7:5``, ``annex-II:12``).
PLACE = re.compile(r"^(?:footnote \d+|\S+:\d+): ")
VARYING = re.compile(r"“[^”]*”|\([^)]*\)|\S+://\S+|\S*www\.\S+|\d+(?:[.,:]\d+)*")


def warning_kind(warning: str) -> str:
    """The kind of a warning: its head (up to its first colon) without what varies from one to the next."""
    if warning.startswith(INCOMPLETE):
        return "incomplete"
    head = PLACE.sub("", warning).split(": ", 1)[0]
    return " ".join(VARYING.sub("…", head).split())


def warning_lines(manifest: dict, *, quiet: bool = False, verbose: bool = False) -> list[str]:
    """The year's warnings as lines to print, grouped by kind (the ``incomplete:`` ones first), each
    under :data:`WIDTH` characters. ``quiet``: only the ``incomplete:`` ones; ``verbose``: every
    warning whole, then the stage times and the checks."""
    year = manifest["report_year"]
    groups: dict[str, list[str]] = {}
    for warning in manifest.get("warnings", []):
        groups.setdefault(warning_kind(warning), []).append(warning)
    kinds = sorted(groups, key=lambda kind: kind != "incomplete")  # stable: otherwise in order of appearance
    lines = []
    for kind in kinds:
        if quiet and kind != "incomplete":
            continue
        warnings = groups[kind]
        shown = warnings if verbose else warnings[:SHOWN_PER_KIND]
        lines += [_line(year, warning, cut=not verbose) for warning in shown]
        if len(warnings) > len(shown):
            lines.append(f"{year} warning: … {len(warnings) - len(shown)} more like these (-v lists them)")
    if verbose:
        lines += detail_lines(manifest)
    return lines


def detail_lines(manifest: dict) -> list[str]:
    """What ``-v`` adds: the time of each stage, the peak memory, and the checks by outcome."""
    year, seconds = manifest["report_year"], manifest.get("seconds", {})
    times = ", ".join(f"{stage} {value:.2f} s" for stage, value in seconds.items())
    memory = manifest.get("peak_memory_mib")
    checks = manifest.get("checks", [])
    outcomes = {status: sum(c["status"] == status for c in checks) for status in ("passed", "failed", "not run")}
    return [
        f"{year} time: {times}" + (f"; peak memory {memory:,.0f} MiB" if memory is not None else ""),
        f"{year} checks: " + ", ".join(f"{count} {status}" for status, count in outcomes.items()),
    ]


def summary_line(manifest: dict, folder: str | Path) -> str:
    """One line for a year extracted: its rows, its warnings, and where the manifest lists them all."""
    year, rows = manifest["report_year"], manifest["rows"]
    warnings = manifest.get("warnings", [])
    incomplete = sum(w.startswith(INCOMPLETE) for w in warnings)
    return (
        f"{year}: {sum(rows.values()):,} rows in {len(rows)} datasets, "
        f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}"
        + (f", INCOMPLETE ({incomplete})" if incomplete else "")
        + f"; {manifest_path(Path(folder), year).as_posix()}"
    )


def _line(year: int, warning: str, cut: bool) -> str:
    label, text = (
        ("incomplete", warning.removeprefix(INCOMPLETE).strip())
        if warning.startswith(INCOMPLETE)
        else (
            "warning",
            warning,
        )
    )
    line = f"{year} {label}: {text}"
    return line[: WIDTH - 1] + "…" if cut and len(line) > WIDTH else line
