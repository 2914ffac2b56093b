"""Stories edited as an analyst does: accept, rename, merge, split, add, remove, and every edit undone."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService


@pytest.fixture
def four(service: ProjectService, tmp_path: Path) -> list[int]:
    texts = {
        "a.txt": "Lavrov and Kerry met in Geneva over the Syrian ceasefire 🙂 talks.",
        "b.txt": "Kerry and Lavrov discussed the Syrian ceasefire in Geneva on Friday.",
        "c.txt": "Tara Reid checked into rehab in Malibu, her publicist said.",
        "d.txt": "Publicist: Tara Reid is in a Malibu rehab clinic.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return service.import_paths([tmp_path / n for n in texts]).document_ids


def test_suggest_then_edit_and_undo_each_edit(service: ProjectService, four: list[int]) -> None:
    a, b, c, d = four
    seen: list[object] = []
    service.subscribe(seen.append)
    change = service.stories.suggest()
    assert sorted(s.document_ids for s in change.after) == [(a, b), (c, d)]
    assert all(s.suggested for s in change.after) and len(seen) == 1
    syria, rehab = sorted(change.after, key=lambda s: s.document_ids)

    steps = [
        service.stories.accept([syria.id]),
        service.stories.rename(syria.id, "  Lavrov–Kerry   talks "),
        service.stories.merge([syria.id, rehab.id], "Everything"),
        service.stories.split(syria.id, [c, d], "Reid in rehab"),
        service.stories.remove_articles(syria.id, [b]),
        service.stories.add_articles(syria.id, [b, c]),
    ]
    final = {s.name: s.document_ids for s in service.stories.list()}
    assert final == {"Everything": (a, b, c), "Reid in rehab": (c, d)}
    for step in reversed(steps):
        service.stories.apply(step.inverted())
    assert {(s.name, s.document_ids, s.suggested) for s in service.stories.list()} == {
        (syria.name, (a, b), True),
        (rehab.name, (c, d), True),
    }
    # A new suggestion replaces the old suggestions but never an accepted story.
    service.stories.accept([rehab.id])
    again = service.stories.suggest()
    assert [s.document_ids for s in again.after] == [(a, b)]
    assert service.stories.story(rehab.id).document_ids == (c, d)


def test_refusals_name_the_problem_and_change_nothing(
    service: ProjectService, four: list[int]
) -> None:
    a, b, *_ = four
    service.stories.create("One", [a])
    story = service.stories.create("Two", [a, b]).after[0]
    before = service.stories.list()
    with pytest.raises(AnnotatorError, match="already a story named 'one'"):
        service.stories.rename(story.id, "one")
    with pytest.raises(AnnotatorError, match="no article 999"):
        service.stories.add_articles(story.id, [999])
    with pytest.raises(AnnotatorError, match="leaves some articles"):
        service.stories.split(story.id, [a, b], "All")
    with pytest.raises(AnnotatorError, match="at least two"):
        service.stories.merge([story.id])
    with pytest.raises(AnnotatorError, match="no story named 'Three'"):
        service.stories.find("Three")
    assert service.stories.list() == before


def test_corpus_filters_by_story(service: ProjectService, four: list[int]) -> None:
    a, _b, c, _d = four
    story = service.stories.create("Syria", [a, c]).after[0]
    assert [r.id for r in service.document_rows(story=story.id)] == [a, c]
    assert service.document_count(story=story.id, query="Reid") == 1
