"""Stories: named groups of articles about one real-world event, as outlets told it.

A story is what analysts compare across outlets (the Lavrov–Kerry meeting as RT and Sputnik told
it). Suggested stories come from grouping the texts; the analyst accepts, renames, merges, splits
and changes them. Every such edit is a `StoryChange`: the stories it touches as they were and as
they are after, so one service method applies an edit and the same method, given the change
inverted, undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.errors import AnnotatorError


@dataclass(frozen=True, slots=True)
class Story:
    """A named group of articles; `suggested` until the analyst accepts it."""

    id: int
    name: str
    document_ids: tuple[int, ...] = ()
    suggested: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise AnnotatorError("a story needs a name")
        if self.name != " ".join(self.name.split()):
            raise AnnotatorError(f"a story's name is one line without extra spaces: {self.name!r}")


@dataclass(frozen=True, slots=True)
class StoryChange:
    """One edit of stories: those it touches before (absent: new) and after (absent: deleted)."""

    description: str
    before: tuple[Story, ...]
    after: tuple[Story, ...]

    def inverted(self) -> StoryChange:
        return StoryChange(f"Undo {self.description}", self.after, self.before)

    @property
    def is_empty(self) -> bool:
        return set(self.before) == set(self.after)


def clean_name(name: str) -> str:
    """A story name as stored: one line, single spaces."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise AnnotatorError("a story needs a name")
    return cleaned
