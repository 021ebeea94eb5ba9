"""The memory ceiling of a run: ``DA_EXTRACT_MEMORY_MIB`` lowers the process's address-space limit,
so that a file that slips past every budget ends with a clear message instead of a kernel kill."""

from __future__ import annotations

import os

# The address space the command may use, in MiB (``DA_EXTRACT_MEMORY_MIB``; 0: no ceiling). A file
# that slips past every reader's budget then ends with a one-line error, not with the machine's
# memory exhausted or a kernel kill. Address space, not resident memory: numpy, pyarrow and spaCy
# reserve far more than they touch: a cold extraction of the 2023 report (text, .docx or PDF)
# peaks at 1.5 GiB of address space in the main process (pyarrow alone reserves 1 GiB) for 0.12 GiB
# resident, the forked parsing process at 0.3 GiB, which inherits the same ceiling.
MEMORY_MIB = 4096


def memory_mib() -> int:
    """The ceiling ``DA_EXTRACT_MEMORY_MIB`` asks for (a whole number of MiB; 0 for none)."""
    value = os.environ.get("DA_EXTRACT_MEMORY_MIB", "").strip()
    return int(value) if value.isdecimal() else MEMORY_MIB


def cap_memory() -> None:
    """Lower this process's address-space limit (``RLIMIT_AS``) to ``memory_mib()``; the hard limit
    stays, so that a child (LibreOffice) may be given a ceiling of its own."""
    try:
        import resource
    except ImportError:  # not on Windows: there the ceiling is the system's
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mib() * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if limit and (soft == resource.RLIM_INFINITY or limit < soft):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def memory_problem() -> str:
    unbounded = "the file needs more memory than the system gives"
    try:
        import resource
    except ImportError:
        return unbounded
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit == resource.RLIM_INFINITY:
        return unbounded
    return f"the file needs more than {limit // 2**20:,} MiB of memory (the ceiling DA_EXTRACT_MEMORY_MIB sets)"


def out_of_address_space(error: ImportError) -> bool:
    """Whether an import failed because the ceiling left no room to map a compiled library (numpy,
    pyarrow, spaCy's): the system's loader says so in the message, which numpy wraps in its own."""
    said = str(error)
    return "failed to map segment" in said or "cannot allocate memory" in said.lower()
