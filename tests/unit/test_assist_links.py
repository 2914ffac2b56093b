"""Links proposed across articles: the same person in two articles about the same story, not in
an unrelated one; the same claim worded alike; Find elsewhere lists them best first."""

from __future__ import annotations

from annotator.domain.model import DraftDocument, DraftSpan
from annotator.service.assist.links import (
    find_elsewhere,
    head_word,
    propose_links,
    store_proposed_links,
)

STORY_A = (
    "Tara Reid checked into rehab in Malibu, her publicist said. "
    "The actress entered the Promises Treatment Center on Tuesday, the publicist told reporters."
)
STORY_B = (
    "Actress Reid has checked herself into the Promises Treatment Center in Malibu. "
    "The actress entered rehab on Tuesday, her publicist said."
)
OTHER = "Senator Reid said the budget vote in Washington would be delayed until next week."


def spans_at(text: str, *items: tuple[str, str]) -> tuple[DraftSpan, ...]:
    found = []
    for words, label in items:
        start = text.index(words)
        found.append(DraftSpan(start, start + len(words), label))
    return tuple(found)


def project(service):  # type: ignore[no-untyped-def]
    return service.store.insert_documents(
        [
            DraftDocument(
                text=STORY_A,
                spans=spans_at(
                    STORY_A,
                    ("Tara Reid", "PERSON"),
                    ("The actress entered the Promises Treatment Center on Tuesday", "CLAIM"),
                ),
            ),
            DraftDocument(
                text=STORY_B,
                spans=spans_at(
                    STORY_B,
                    ("Actress Reid", "PERSON"),
                    ("The actress entered rehab on Tuesday", "CLAIM"),
                ),
            ),
            DraftDocument(text=OTHER, spans=spans_at(OTHER, ("Senator Reid", "PERSON"))),
        ]
    )


def test_head_words_skip_pronouns_and_possessives() -> None:
    assert head_word("Tara Reid") == "reid"
    assert head_word("Reid’s") == "reid"
    assert head_word("she") is None


def test_the_same_person_is_proposed_in_the_same_story_only(service) -> None:  # type: ignore[no-untyped-def]
    a, b, _other = project(service)
    proposed = propose_links(service.store, min_score=0.8, min_cosine=0.2)
    pairs = {(x.document_id, y.document_id, label) for x, y, label, _ in proposed}
    assert (a, b, "SAME_ENTITY") in pairs
    assert all(_other not in (x, y) for x, y, _ in pairs)
    added = store_proposed_links(service.store, proposed, {"SAME_ENTITY", "SAME_CLAIM"})
    assert added == len(proposed)
    again = store_proposed_links(service.store, proposed, {"SAME_ENTITY", "SAME_CLAIM"})
    assert again == 0  # proposed once


def test_find_elsewhere_lists_the_other_articles_best_first(service) -> None:  # type: ignore[no-untyped-def]
    a, b, other = project(service)
    person = next(s for s in service.spans(a) if s.label == "PERSON")
    candidates = find_elsewhere(service.store, person)
    assert [c.span.document_id for c in candidates][:2] in ([b, other], [other, b])
    assert all(c.label == "SAME_ENTITY" and 0 < c.score <= 1 for c in candidates)
    claim = next(s for s in service.spans(a) if s.label == "CLAIM")
    [best, *_] = find_elsewhere(service.store, claim)
    assert (best.span.document_id, best.label) == (b, "SAME_CLAIM")


def test_a_pronoun_joins_the_name_it_stands_for_in_the_other_article(service) -> None:  # type: ignore[no-untyped-def]
    first = "Tara Reid checked into rehab in Malibu. She entered the clinic on Tuesday."
    second = "Actress Reid has checked herself into rehab in Malibu, her publicist said."
    service.store.insert_documents(
        [
            DraftDocument(
                text=first, spans=spans_at(first, ("Tara Reid", "PERSON"), ("She", "PERSON"))
            ),
            DraftDocument(text=second, spans=spans_at(second, ("Actress Reid", "PERSON"))),
        ]
    )
    proposed = propose_links(service.store, min_score=0.8, min_cosine=0.1)
    texts = {
        (
            service.text_of(x.document_id)[x.start : x.end],
            service.text_of(y.document_id)[y.start : y.end],
        )
        for x, y, label, _ in proposed
        if label == "SAME_ENTITY"
    }
    assert {frozenset(pair) for pair in texts} == {
        frozenset({"Tara Reid", "Actress Reid"}),
        frozenset({"She", "Actress Reid"}),
    }
