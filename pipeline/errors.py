"""Errors the pipeline reports to its user as one line, with an exit status."""

from __future__ import annotations

# Exit statuses of the command line (also listed in the README).
EXIT_OK = 0
EXIT_DIFFERENT = 1  # check / diff: the extractions differ
EXIT_UNVERIFIED = 1  # verify: a file is not the one its manifest records, or is missing
EXIT_INPUT = 1  # the input cannot be read as a report, or contradicts itself
# 2: wrong command-line arguments; argparse exits with it itself, before any command runs.
EXIT_VALIDATION = 3  # extracted data failed its checks; nothing was written
EXIT_INCOMPLETE = 4  # --strict: the report is incomplete (an annex or the sectors missing); nothing was written
EXIT_INTERNAL = 70  # a bug in da-extract: the message says where; --debug shows the traceback
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it); a conversion under way is stopped first
# No status for a concurrent run: a second extraction into the same folder waits for the
# first one's write to end (see pipeline.store.lock), then writes its own.


class ReportError(Exception):
    """A problem with one input file, reported as ``<file>: <problem>``."""

    exit_status = EXIT_INPUT

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ValidationError(ReportError):
    exit_status = EXIT_VALIDATION


class IncompleteError(ReportError):
    exit_status = EXIT_INCOMPLETE
