"""Stories: suggest them from the texts, then accept, rename, merge, split, add and remove articles.

Reached as `ProjectService.stories`. Each edit builds a `StoryChange` (the touched stories before
and after), writes it in one transaction and announces `StoriesChanged` once; undo applies the
change inverted through the same `apply`. Suggesting replaces the suggested stories that are not
accepted yet and never touches accepted ones (nor groups their articles again).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.domain import events
from annotator.domain.errors import AnnotatorError, NotFound
from annotator.domain.stories import Story, StoryChange, clean_name
from annotator.service.story_grouping import (
    THRESHOLD,
    WINDOW_DAYS,
    StoryInput,
    SuggestedGroup,
    group_articles,
)
from annotator.storage.stories import StoryArticle, StoryStore

if TYPE_CHECKING:
    from annotator.service.project import ProjectService


class StoryService:
    """The stories of one project."""

    def __init__(self, service: ProjectService) -> None:
        self._service = service
        self.store = StoryStore(service.store)

    # -- reading -------------------------------------------------------------------------------

    def list(self) -> list[Story]:
        return self.store.stories()

    def story(self, story_id: int) -> Story:
        return self.store.story(story_id)

    def find(self, name_or_id: str) -> Story:
        """The story of that name (any case) or id, as a user names it on the command line."""
        story = self.store.story_named(clean_name(name_or_id))
        if story is None and name_or_id.strip().isdigit():
            try:
                story = self.store.story(int(name_or_id))
            except NotFound:
                story = None
        if story is None:
            known = ", ".join(s.name for s in self.list()[:10]) or "none yet"
            raise NotFound(f"no story named {name_or_id!r} (stories: {known})")
        return story

    def articles(self, story_id: int) -> builtins.list[StoryArticle]:
        return self.store.articles(story_id)

    def stories_of(self, document_id: int) -> builtins.list[int]:
        return self.store.stories_of(document_id)

    # -- editing -------------------------------------------------------------------------------

    def apply(self, change: StoryChange) -> StoryChange:
        """Make a change (or undo one, given it inverted); announced once."""
        after_ids = {s.id for s in change.after}
        delete = [s.id for s in change.before if s.id not in after_ids]
        self.store.write(delete, change.after)
        self._service._announce(events.StoriesChanged())
        return change

    def suggest(
        self,
        document_ids: Sequence[int] | None = None,
        *,
        threshold: float = THRESHOLD,
        window_days: int | None = WINDOW_DAYS,
        progress: Callable[[str], None] | None = None,
    ) -> StoryChange:
        """Group the articles (all but those in accepted stories, or the ones given) into
        suggested stories, replacing the suggestions made before; groups of one are no story."""
        groups = group_articles(
            self._inputs(document_ids),
            threshold=threshold,
            window_days=window_days,
            progress=progress,
        )
        return self.suggest_groups(groups)

    def grouping_inputs(
        self, document_ids: Sequence[int] | None = None
    ) -> builtins.list[StoryInput]:
        """What `suggest` groups: the articles given, or every article in no accepted story.

        Read apart from the grouping so the window can group on another thread (the grouping
        touches no connection) and store the result on its own.
        """
        return builtins.list(self._inputs(document_ids))

    def _inputs(self, document_ids: Sequence[int] | None = None) -> Iterator[StoryInput]:
        """`grouping_inputs` as they are read, for grouping on this thread without holding
        every text at once."""
        if document_ids is not None:
            missing = self._service.store.missing_document_ids(builtins.list(document_ids))
            if missing:
                raise NotFound(f"no article {missing[0]}")
        taken = self.store.accepted_document_ids() if document_ids is None else set()
        for i, text, published in self.store.grouping_inputs(document_ids):
            if i not in taken:
                yield StoryInput(i, text, published)

    def suggest_groups(self, groups: Sequence[SuggestedGroup]) -> StoryChange:
        """Store groups (from `group_articles`) as the suggested stories, replacing the old ones."""
        old = [s for s in self.list() if s.suggested]
        names = {s.name.lower() for s in self.list() if not s.suggested}
        next_id = self.store.next_id()
        new: list[Story] = []
        for group in groups:
            if len(group.document_ids) < 2:
                continue
            name = _unique(_name_of(group), names)
            new.append(Story(next_id, name, tuple(sorted(group.document_ids)), suggested=True))
            next_id += 1
        return self.apply(StoryChange("Suggest stories", tuple(old), tuple(new)))

    def create(self, name: str, document_ids: Sequence[int] = ()) -> StoryChange:
        self._check_documents(document_ids)
        story = Story(self.store.next_id(), clean_name(name), tuple(sorted(set(document_ids))))
        return self.apply(StoryChange(f"New story {story.name}", (), (story,)))

    def accept(self, story_ids: Sequence[int]) -> StoryChange:
        before = tuple(self.story(i) for i in story_ids)
        after = tuple(replace(s, suggested=False) for s in before)
        return self.apply(StoryChange("Accept story", before, after))

    def rename(self, story_id: int, name: str) -> StoryChange:
        before = self.story(story_id)
        after = replace(before, name=clean_name(name))
        return self.apply(StoryChange(f"Rename story to {after.name}", (before,), (after,)))

    def delete(self, story_ids: Sequence[int]) -> StoryChange:
        before = tuple(self.story(i) for i in story_ids)
        return self.apply(StoryChange("Delete story", before, ()))

    def merge(self, story_ids: Sequence[int], name: str | None = None) -> StoryChange:
        """One story of several: the first keeps its id (and name, unless one is given)."""
        if len(set(story_ids)) < 2:
            raise AnnotatorError("choose at least two stories to merge")
        before = tuple(self.story(i) for i in dict.fromkeys(story_ids))
        ids = sorted({d for s in before for d in s.document_ids})
        merged = replace(
            before[0],
            name=clean_name(name) if name else before[0].name,
            document_ids=tuple(ids),
            suggested=all(s.suggested for s in before),
        )
        return self.apply(StoryChange(f"Merge into {merged.name}", before, (merged,)))

    def split(self, story_id: int, document_ids: Sequence[int], name: str) -> StoryChange:
        """Move some of a story's articles into a new story of their own."""
        before = self.story(story_id)
        moving = set(document_ids)
        if not moving or not moving <= set(before.document_ids):
            raise AnnotatorError("choose some of the story's own articles to split off")
        if moving == set(before.document_ids):
            raise AnnotatorError("a split leaves some articles in the story; rename it instead")
        kept = replace(
            before, document_ids=tuple(d for d in before.document_ids if d not in moving)
        )
        new = Story(self.store.next_id(), clean_name(name), tuple(sorted(moving)), before.suggested)
        return self.apply(StoryChange(f"Split {new.name} off", (before,), (kept, new)))

    def add_articles(self, story_id: int, document_ids: Sequence[int]) -> StoryChange:
        self._check_documents(document_ids)
        before = self.story(story_id)
        ids = tuple(sorted(set(before.document_ids) | set(document_ids)))
        after = replace(before, document_ids=ids)
        return self.apply(StoryChange(f"Add to {before.name}", (before,), (after,)))

    def remove_articles(self, story_id: int, document_ids: Sequence[int]) -> StoryChange:
        before = self.story(story_id)
        gone = set(document_ids)
        after = replace(before, document_ids=tuple(d for d in before.document_ids if d not in gone))
        return self.apply(StoryChange(f"Remove from {before.name}", (before,), (after,)))

    def _check_documents(self, document_ids: Sequence[int]) -> None:
        missing = self._service.store.missing_document_ids(list(document_ids))
        if missing:
            raise NotFound(f"no article {missing[0]}")


def _name_of(group: SuggestedGroup) -> str:
    return " ".join(group.keywords) if group.keywords else "story"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate.lower() in taken:
        candidate = f"{name} {number}"
        number += 1
    taken.add(candidate.lower())
    return candidate
