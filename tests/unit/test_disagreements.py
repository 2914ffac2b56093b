"""What analysts disagree on in one article, on hand-made layers whose answers are known."""

from __future__ import annotations

from annotator.domain.disagreements import (
    accept_agreed,
    find_disagreements,
    fuse_same_label,
    settle,
    version_text,
)

SRC = ("SOURCE", 0, 6)  # "Lavrov"
CUE = ("CUE", 7, 11)  # "said"
CLAIM = ("CLAIM", 12, 40)


def test_identical_layers_have_no_disagreement_and_everything_is_agreed() -> None:
    found = find_disagreements({"ana": [SRC, CUE], "ben": [CUE, SRC]})
    assert found.disagreements == ()
    assert found.agreed == {SRC, CUE}
    assert found.analysts == ("ana", "ben")


def test_a_span_one_analyst_lacks_is_a_disagreement_with_an_empty_version() -> None:
    found = find_disagreements({"ana": [SRC, CUE], "ben": [SRC]})
    assert found.agreed == {SRC}
    (only,) = found.disagreements
    assert (only.number, only.start, only.end) == (1, 7, 11)
    assert only.version("ana") == {CUE} and only.version("ben") == frozenset()


def test_another_extent_of_one_label_is_one_disagreement() -> None:
    wider = ("SOURCE", 0, 11)
    found = find_disagreements({"ana": [SRC], "ben": [wider], "cat": []})
    assert found.agreed == frozenset()
    (only,) = found.disagreements
    assert (only.start, only.end) == (0, 11)
    assert [keys for _, keys in only.versions] == [{SRC}, {wider}, frozenset()]


def test_another_label_on_the_same_words_is_a_disagreement_of_each_label() -> None:
    person = ("PERSON", 0, 6)
    found = find_disagreements({"ana": [SRC], "ben": [person]})
    assert [d.keys for d in found.disagreements] == [{person}, {SRC}]
    assert [d.version("ana") for d in found.disagreements] == [frozenset(), {SRC}]


def test_a_paragraph_long_span_of_another_label_does_not_chain_what_is_inside() -> None:
    attribution = ("ATTRIBUTION", 0, 40)
    found = find_disagreements({"ana": [attribution, SRC, CUE], "ben": [CUE]})
    assert [d.keys for d in found.disagreements] == [{SRC}, {attribution}]


def test_separate_stretches_are_separate_disagreements_in_text_order() -> None:
    found = find_disagreements({"ana": [CLAIM, SRC], "ben": []})
    assert [(d.number, d.start) for d in found.disagreements] == [(1, 0), (2, 12)]


def test_a_long_span_everybody_drew_does_not_chain_the_disagreements_inside_it() -> None:
    content = ("CLAIM", 0, 40)
    found = find_disagreements({"ana": [content, SRC, CUE], "ben": [content]})
    assert found.agreed == {content}
    assert [d.keys for d in found.disagreements] == [{SRC}, {CUE}]


def test_spans_touching_end_to_start_do_not_overlap() -> None:
    found = find_disagreements({"ana": [("CUE", 0, 5)], "ben": [("CUE", 5, 9)]})
    assert len(found.disagreements) == 2


def test_relations_all_analysts_drew_are_agreed() -> None:
    said = ("SAID_BY", CLAIM, SRC)
    found = find_disagreements(
        {"ana": [SRC, CLAIM], "ben": [SRC, CLAIM]},
        {"ana": [said], "ben": [said, ("SAID_BY", CLAIM, CUE)]},
    )
    assert found.agreed_relations == {said}


def test_merging_fuses_overlapping_spans_of_one_label_and_keeps_other_labels() -> None:
    assert fuse_same_label([("SOURCE", 0, 6), ("SOURCE", 3, 11), ("PERSON", 0, 6)]) == [
        ("PERSON", 0, 6),
        ("SOURCE", 0, 11),
    ]
    found = find_disagreements({"ana": [SRC], "ben": [("SOURCE", 0, 11)]})
    assert found.disagreements[0].merged() == {("SOURCE", 0, 11)}


def test_settling_replaces_the_curated_version_there_and_nothing_else() -> None:
    content = ("CLAIM", 0, 40)
    found = find_disagreements({"ana": [content, SRC], "ben": [content, ("SOURCE", 0, 11)]})
    (only,) = found.disagreements
    own = ("PERSON", 2, 5)  # the curator's own span inside the disagreement
    curated = {content, ("SOURCE", 0, 11), own}
    assert found.curated_version(only, curated) == {("SOURCE", 0, 11), own}
    plan = settle(found, only, curated, only.version("ana"))
    assert plan.remove == {("SOURCE", 0, 11), own}  # the agreed CLAIM stays
    assert plan.add == (SRC,)
    assert only.matching(frozenset({SRC})) == ["ana"]


def test_settling_brings_the_chosen_relations_whose_ends_are_curated() -> None:
    said = ("SAID_BY", CLAIM, SRC)
    found = find_disagreements({"ana": [SRC, CLAIM], "ben": [CLAIM]})
    plan = settle(found, found.disagreements[0], {CLAIM}, {SRC}, (), [said])
    assert plan.add == (SRC,) and plan.relations == (said,)
    nothing = settle(found, found.disagreements[0], {CLAIM}, frozenset(), (), [said])
    assert nothing.relations == ()


def test_accepting_what_is_agreed_adds_only_what_the_curated_layer_lacks() -> None:
    said = ("SAID_BY", CLAIM, SRC)
    found = find_disagreements(
        {"ana": [SRC, CLAIM, CUE], "ben": [SRC, CLAIM]}, {"ana": [said], "ben": [said]}
    )
    plan = accept_agreed(found, {SRC})
    assert plan.add == (CLAIM,) and plan.remove == frozenset() and plan.relations == (said,)
    assert accept_agreed(found, {SRC, CLAIM}, [said]).empty


def test_a_version_reads_as_labels_and_words() -> None:
    text = "Lavrov said the talks would continue despite it."
    assert version_text([CUE, SRC], text) == "SOURCE “Lavrov” · CUE “said”"
    assert version_text(frozenset(), text) == "(nothing)"
