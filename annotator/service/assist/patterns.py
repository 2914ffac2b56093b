"""The user's own rules: Prodigy/spaCy patterns JSONL files added to the project, listed, removed.

A file is checked whole before anything is stored: one bad line and the project is unchanged, and
the error names the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.service.assist.rules import check_pattern
from annotator.storage.repository import ProjectStore
from annotator.storage.suggestions import Pattern, SuggestionStore

PATTERNS_ORIGIN = "patterns"


def add_patterns_file(store: ProjectStore, path: Path) -> int:
    """Store every pattern of a JSONL file (blank lines skipped); returns how many."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:  # the system's reason, not Python's "[Errno 2] …: 'path'"
        raise AnnotatorError(
            f"cannot read the patterns file: {error.strerror or error}", path=str(path)
        ) from None
    except UnicodeDecodeError:
        raise AnnotatorError(
            "cannot read the patterns file: it is not UTF-8 text", path=str(path)
        ) from None
    found = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            label, pattern = check_pattern(json.loads(line))
        except json.JSONDecodeError as error:
            raise AnnotatorError(f"{path}:{number}: not JSON: {error.msg}") from None
        except ValueError as error:
            raise AnnotatorError(f"{path}:{number}: {error}") from None
        found.append((label, pattern, str(path)))
    if not found:
        raise AnnotatorError(f"{path}:1: no patterns in the file")
    return SuggestionStore(store).add_patterns(found)


def list_patterns(store: ProjectStore) -> list[Pattern]:
    return SuggestionStore(store).patterns()


def remove_patterns(store: ProjectStore, ids: list[int]) -> int:
    known = {p.id for p in list_patterns(store)}
    missing = [i for i in ids if i not in known]
    if missing:
        raise AnnotatorError(
            f"no pattern {', '.join(map(str, missing))} (see `annotator patterns list`)"
        )
    return SuggestionStore(store).remove_patterns(ids)


def patterns_origin(patterns: list[Pattern]) -> str:
    """The origin of pattern suggestions, versioned by the newest pattern's id."""
    return f"{PATTERNS_ORIGIN}@{max((p.id for p in patterns), default=0)}"
