"""The keys that name a project from year to year, and the registry of the keys once issued.

A key is made of the first significant words of the title (phase left out) and the phase; a
project keeps the key the registry holds for it, also when its title is slightly reworded. The
phases of one project form a family, keyed by its first phase.
"""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pipeline.data
from pipeline.errors import ReportError
from pipeline.extractors.projects.titles import MATCH_THRESHOLD, Project, TitleMatcher, without_phase
from pipeline.language.french import content_words

REGISTRY = "project_keys.tsv"
# The installed package's registry, wherever the command runs: in an editable install, the
# repository's pipeline/data/project_keys.tsv, which `da-extract keys` appends to.
REGISTRY_FILE = Path(pipeline.data.__file__).parent / REGISTRY
REGISTRY_MATCH = 0.8  # title similarity above which a registered project is the same project
KEY_WORDS = 8


def derived_key(title: str, phase: int | None) -> str:
    words = content_words(without_phase(title))[:KEY_WORDS]
    return "-".join(words) + (f"-phase-{phase}" if phase else "")


def load_registry() -> list[Project]:
    """Keys once issued, from ``pipeline/data/project_keys.tsv`` (key, phase, title)."""
    text = resources.files("pipeline.data").joinpath(REGISTRY).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return [Project("registry", 0, title, int(phase) if phase else None, key) for key, phase, title in rows]


def registered_key(title: str, phase: int | None, registry: list[Project]) -> str | None:
    """The registered key of this project, also when its title is slightly reworded."""
    same_phase = [r for r in registry if (r.phase or 1) == (phase or 1)]
    exact = [r.key for r in same_phase if r.key == derived_key(title, phase)]
    if exact or not same_phase:
        return exact[0] if exact else None
    matcher = TitleMatcher(same_phase)
    best = max(same_phase, key=lambda r: matcher.score(title, r))
    return best.key if matcher.score(title, best) >= REGISTRY_MATCH else None


def register_keys(projects: list[dict], registry: Path = REGISTRY_FILE) -> list[str]:
    """Append to ``registry`` the keys of ``projects`` rows it does not hold; return them."""
    if not registry.is_file():
        raise ReportError(str(registry), "no project-key registry here: name the registry with --registry")
    text = registry.read_text(encoding="utf-8")
    known = {line.split("\t")[0] for line in text.splitlines()[1:] if line.strip()}
    new = sorted({(p["project_key"], p["phase"], p["title"]) for p in projects if p["project_key"] not in known})
    if new:
        with registry.open("a", encoding="utf-8") as handle:  # keys once issued are never rewritten
            handle.writelines(f"{key}\t{phase or ''}\t{title}\n" for key, phase, title in new)
    return [key for key, _, _ in new]


def assign_keys(projects: list[Project], warn) -> None:
    """Each project's key: the registered one, or else one derived from its title; a key that two
    lists share takes the list's name, one listed twice in a list a number."""
    registry = load_registry()
    for project in projects:
        project.key = registered_key(project.title, project.phase, registry) or derived_key(
            project.title, project.phase
        )
    unregistered = sorted({p.key for p in projects} - {r.key for r in registry})
    if unregistered:
        warn(f"project keys not yet in the registry (record them with `da-extract keys`): {', '.join(unregistered)}")
    keys = Counter(p.key for p in projects)
    for project in projects:
        if keys[project.key] > 1:
            project.key += f"-{project.list}"
    duplicates = [k for k, n in Counter(p.key for p in projects).items() if n > 1]
    if duplicates:
        warn(f"Annex II: projects listed twice in the same list (keys numbered -2, -3 …): {', '.join(duplicates)}")
    seen: Counter = Counter()
    for project in projects:
        seen[project.key] += 1
        if project.key in duplicates and seen[project.key] > 1:
            project.key += f"-{seen[project.key]}"


def assign_families(projects: list[Project]) -> None:
    """A later phase (``– Phase II``) belongs to the family of the first-phase project its title,
    phase left out, is closest to (its wording may change: ``nouvelles`` → ``“jeunes” académies``);
    a family is keyed by its first phase."""
    matcher = TitleMatcher(projects)
    first = [p for p in projects if (p.phase or 1) == 1]
    for project in projects:
        project.family = project.key
        if (project.phase or 1) > 1 and first:
            score, head = max(
                ((matcher.score(without_phase(project.title), h), h) for h in first), key=lambda pair: pair[0]
            )
            project.family = head.key if score >= MATCH_THRESHOLD else project.key
