"""The domain refuses bad spans, relations and links by itself, before anything is stored."""

from __future__ import annotations

import pytest

from annotator.domain import (
    Document,
    InvalidRelation,
    InvalidSpan,
    Label,
    LabelSchema,
    Link,
    Relation,
    Span,
    UnknownLabel,
)
from annotator.domain.errors import AnnotatorError
from annotator.domain.text import sentence_bounds, snap_to_words, tokenize
from annotator.service import load_preset

SCHEMA = load_preset("news_attribution")
DOC = Document(id=1, text="Lavrov said talks would go on.", title="t")


def test_default_schema_has_the_hotkeys_analysts_are_told_about() -> None:
    keys = {label.hotkey: label.name for label in SCHEMA.of_kind("span")}
    assert keys == {
        "1": "CLAIM",
        "2": "SOURCE",
        "3": "CUE",
        "4": "PERSON",
        "5": "ORG",
        "6": "GPE",
        "7": "MEDIA",
        "0": "DEBRIS",
    }
    assert [label.name for label in SCHEMA.of_kind("relation")] == ["SAID_BY", "REPORTED_BY"]
    assert [label.name for label in SCHEMA.of_kind("link")] == [
        "SAME_CLAIM",
        "CONTRADICTS",
        "SAME_ENTITY",
    ]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 3, "before the text"),
        (5, 5, "ends before"),
        (6, 2, "ends before"),
        (0, 31, "past the end"),
    ],
)
def test_span_offsets_outside_the_text_are_refused(start: int, end: int, message: str) -> None:
    with pytest.raises(InvalidSpan, match=message):
        Span.in_document(DOC, start, end, "PERSON", SCHEMA)


def test_span_label_must_be_a_span_label_of_the_schema() -> None:
    with pytest.raises(UnknownLabel, match="not in the project's schema"):
        Span.in_document(DOC, 0, 6, "VILLAIN", SCHEMA)
    with pytest.raises(UnknownLabel, match="relation label"):
        Span.in_document(DOC, 0, 6, "SAID_BY", SCHEMA)
    with pytest.raises(UnknownLabel, match="must be a string"):
        SCHEMA.require(3, "span")


def test_span_offsets_must_be_integers() -> None:
    with pytest.raises(InvalidSpan, match="integers"):
        Span(1, 0.5, 3, "PERSON")  # type: ignore[arg-type]
    with pytest.raises(InvalidSpan, match="integers"):
        Span(1, True, 3, "PERSON")  # type: ignore[arg-type]


def test_a_valid_span_covers_exactly_its_text() -> None:
    span = Span.in_document(DOC, 0, 6, "PERSON", SCHEMA)
    assert span.text_in(DOC.text) == "Lavrov"


def stored(span_id: int, document_id: int, label: str) -> Span:
    return Span(document_id, 0, 3, label, id=span_id)


def test_relation_across_articles_is_refused_by_the_domain() -> None:
    with pytest.raises(InvalidRelation, match="one article"):
        Relation.between(stored(1, 1, "CLAIM"), stored(2, 2, "SOURCE"), "SAID_BY", SCHEMA)


def test_relation_label_restrictions_are_enforced() -> None:
    relation = Relation.between(stored(1, 1, "CLAIM"), stored(2, 1, "SOURCE"), "SAID_BY", SCHEMA)
    assert (relation.head_id, relation.child_id) == (1, 2)
    with pytest.raises(InvalidRelation, match="SAID_BY goes from CLAIM"):
        Relation.between(stored(1, 1, "CUE"), stored(2, 1, "SOURCE"), "SAID_BY", SCHEMA)
    with pytest.raises(InvalidRelation, match="not to CUE"):
        Relation.between(stored(1, 1, "CLAIM"), stored(2, 1, "CUE"), "SAID_BY", SCHEMA)
    with pytest.raises(InvalidRelation, match="itself"):
        Relation(1, 5, 5, "SAID_BY")


def test_link_inside_one_article_is_refused_by_the_domain() -> None:
    with pytest.raises(InvalidRelation, match="two different articles"):
        Link.between(stored(1, 1, "CLAIM"), stored(2, 1, "CLAIM"), "SAME_CLAIM", SCHEMA)
    link = Link.between(stored(1, 1, "CLAIM"), stored(2, 2, "CLAIM"), "SAME_CLAIM", SCHEMA)
    assert link.label == "SAME_CLAIM"
    with pytest.raises(UnknownLabel):
        Link.between(stored(1, 1, "CLAIM"), stored(2, 2, "CLAIM"), "SAID_BY", SCHEMA)


def test_schema_refuses_two_labels_on_one_hotkey() -> None:
    with pytest.raises(AnnotatorError, match="hotkey '1' is used by A and B"):
        LabelSchema((Label("A", hotkey="1"), Label("B", hotkey="1")))
    # the same key may mean different things for spans and relations
    LabelSchema((Label("A", hotkey="1"), Label("R", kind="relation", hotkey="1")))


def test_label_colour_and_hotkey_are_checked() -> None:
    with pytest.raises(AnnotatorError, match="colour"):
        Label("A", color="red")
    with pytest.raises(AnnotatorError, match="one key"):
        Label("A", hotkey="12")


@pytest.mark.parametrize(
    ("text", "selection", "expected"),
    [
        ("Sergey Lavrov said", (9, 12), "Lavrov"),
        ("Sergey Lavrov said", (2, 10), "Sergey Lavrov"),
        ("  Lavrov  ", (0, 10), "Lavrov"),
        ("Кремль заявил", (2, 4), "Кремль"),
        ("cafe\u0301 noir", (1, 3), "cafe\u0301"),
        ("“Lavrov”", (0, 8), "“Lavrov”"),
        ("in Syria, Lavrov", (3, 10), "Syria"),
        ("said: talks go on; then", (4, 19), "talks go on"),
    ],
)
def test_snapping_widens_a_selection_to_whole_words(
    text: str, selection: tuple[int, int], expected: str
) -> None:
    start, end = snap_to_words(text, *selection)
    assert text[start:end] == expected


def test_sentence_bounds_give_the_sentence_around_a_span() -> None:
    text = "First one. Lavrov said talks go on. Last one."
    start = text.index("Lavrov")
    left, right = sentence_bounds(text, start, start + 6)
    assert text[left:right] == "Lavrov said talks go on."


def test_tokens_keep_combining_marks_and_emoji_whole() -> None:
    text = "Cafe\u0301 🇷🇺 👨‍👩‍👧, don't"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["Cafe\u0301", "🇷🇺", "👨‍👩‍👧", ",", "don't"]
    assert [t.ws for t in tokens] == [True, True, False, True, False]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_attribution_chain_follows_said_by_then_reported_by() -> None:
    from annotator.domain.chains import attribution_chain

    relations = [
        Relation(1, head_id=10, child_id=20, label="SAID_BY", id=1),  # claim <- Lavrov
        Relation(1, head_id=20, child_id=30, label="REPORTED_BY", id=2),  # Lavrov <- RT
        Relation(1, head_id=30, child_id=20, label="REPORTED_BY", id=3),  # a cycle back
        Relation(1, head_id=11, child_id=20, label="SAID_BY", id=4),  # another claim
    ]
    chain = attribution_chain(10, relations)
    assert [(step.relation.label, step.span_id) for step in chain] == [
        ("SAID_BY", 20),
        ("REPORTED_BY", 30),
    ]
    assert attribution_chain(20, relations) == []


def test_link_labels_say_which_spans_they_join() -> None:
    with pytest.raises(InvalidRelation, match="SAME_CLAIM joins CLAIM spans, not SOURCE"):
        Link.between(stored(1, 1, "CLAIM"), stored(2, 2, "SOURCE"), "SAME_CLAIM", SCHEMA)
    link = Link.between(stored(1, 1, "PERSON"), stored(2, 2, "SOURCE"), "SAME_ENTITY", SCHEMA)
    assert link.label == "SAME_ENTITY"
