"""Suggestions whoever proposes them: stored with origin and score, accepted (with the relations
that then hold), rejected and remembered, undone; and measured against gold."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import DraftDocument, DraftSpan
from annotator.domain.proposals import Proposal, ProposedRelation, ProposedSpan
from annotator.service.assist.evaluating import evaluate
from annotator.service.assist.proposing import proposers, suggest
from annotator.service.assist.scoring import score_spans

TEXT = "Lavrov said that the talks would resume. “It is over,” Kerry told reporters."


def one_article(service, text: str = TEXT) -> int:  # type: ignore[no-untyped-def]
    return service.store.insert_documents([DraftDocument(text=text, title="t")])[0]


def proposal() -> Proposal:
    claim = TEXT.index("that the talks")
    return Proposal(
        "test@1",
        (
            ProposedSpan(0, 6, "SOURCE", 0.7),
            ProposedSpan(7, 11, "CUE", 0.9),
            ProposedSpan(claim, TEXT.index("."), "CLAIM", 0.4),
        ),
        (ProposedRelation(2, 0, "SAID_BY", 0.6),),
    )


def test_proposed_spans_are_stored_as_suggestions_with_origin_and_score(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    report = service.suggestions.propose(doc, proposal())
    assert [s.label for s in report.spans] == ["SOURCE", "CUE", "CLAIM"]
    assert all(s.suggested for s in service.spans(doc))
    origins = service.suggestions.origins_of(doc)
    assert sorted((o.origin, o.score) for o in origins.values()) == [
        ("test@1", 0.4),
        ("test@1", 0.7),
        ("test@1", 0.9),
    ]
    assert [r.label for r in service.suggestions.relations_of(doc)] == ["SAID_BY"]
    assert service.relations(doc) == []  # not the analyst's relation yet


def test_accepting_both_ends_makes_the_relation_and_undo_takes_it_back(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    spans = service.suggestions.propose(doc, proposal()).spans
    source, claim = spans[0], spans[2]
    first = service.suggestions.accept([source.id])
    assert first.relations == ()  # the claim is still a suggestion
    second = service.suggestions.accept([claim.id])
    assert [(r.head_id, r.child_id, r.label) for r in service.relations(doc)] == [
        (claim.id, source.id, "SAID_BY")
    ]
    assert service.suggestions.relations_of(doc) == []
    service.suggestions.undo_accept(second)
    assert service.relations(doc) == []
    assert service.span(claim.id).suggested
    assert [r.label for r in service.suggestions.relations_of(doc)] == ["SAID_BY"]


def test_rejected_suggestions_stay_rejected_after_suggesting_again(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    spans = service.suggestions.propose(doc, proposal()).spans
    rejected = service.suggestions.reject([spans[1].id])
    assert [s.label for s in service.spans(doc)] == ["SOURCE", "CLAIM"]
    again = service.suggestions.propose(doc, proposal())
    assert again.spans == [] and again.rejected_before == 1 and again.already_there == 2
    assert [s.label for s in service.spans(doc)] == ["SOURCE", "CLAIM"]
    # undo brings it back, with its origin, and forgets the rejection
    service.suggestions.undo_reject(rejected)
    assert sorted(s.label for s in service.spans(doc)) == ["CLAIM", "CUE", "SOURCE"]
    assert service.suggestions.origin(spans[1].id).score == 0.9
    assert service.suggestions.propose(doc, proposal()).rejected_before == 0


def test_rejecting_a_claim_takes_its_proposed_relation_and_remembers_it(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    spans = service.suggestions.propose(doc, proposal()).spans
    rejected = service.suggestions.reject([spans[2].id])
    assert service.suggestions.relations_of(doc) == []
    service.suggestions.undo_reject(rejected)
    assert [r.label for r in service.suggestions.relations_of(doc)] == ["SAID_BY"]


def test_an_accepted_span_is_not_rejected_by_delete_of_suggestions(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    span = service.add_span(doc, 0, 6, "SOURCE")
    assert service.suggestions.reject([span.id]).removed == ()
    assert service.span(span.id) == span


def test_threshold_hides_low_scored_suggestions_from_the_view(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    service.suggestions.propose(doc, proposal())
    service.suggestions.set_threshold(0.5)
    assert sorted(m[3] for m in service.span_marks(doc)) == ["CUE", "SOURCE"]
    service.suggestions.set_threshold(0.0)
    assert len(service.span_marks(doc)) == 3


def test_suggest_with_the_rules_counts_what_it_stored(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    report = suggest(service, proposers(service, rules=True, patterns=True), [doc])
    stored = [s for s in service.spans(doc) if s.suggested]
    assert sum(report.spans.values()) == len(stored) > 0
    assert report.relations == len(service.suggestions.relations_of(doc)) == 2


def test_scores_exact_and_overlap_by_hand() -> None:
    gold = [("a", 0, 10, "CUE"), ("a", 20, 30, "CUE"), ("a", 40, 50, "CLAIM")]
    proposed = [("a", 0, 10, "CUE"), ("a", 22, 25, "CUE"), ("a", 60, 70, "CUE")]
    scores = {(s.label, s.measure): s for s in score_spans(proposed, gold)}
    exact, overlap = scores["CUE", "exact"], scores["CUE", "overlap"]
    assert (exact.precision, exact.recall) == (1 / 3, 1 / 2)
    assert (overlap.precision, overlap.recall) == (2 / 3, 1.0)
    assert scores["CLAIM", "exact"].recall == 0.0


def test_evaluate_against_a_brat_gold_folder_agrees_with_a_count(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold" / "a.ann").write_text(
        "T1\tSource 0 6\tLavrov\nT2\tCue 7 11\tsaid\nT3\tCue 60 64\ttold\n"
        "E1\tAttribution:T2 Source:T1\n",
        encoding="utf-8",
    )
    doc = one_article(service)
    service.suggestions.propose(
        doc, Proposal("x", (ProposedSpan(7, 11, "CUE"), ProposedSpan(0, 3, "SOURCE")))
    )
    result = evaluate(
        service.store, tmp_path / "gold", label_map={"Source": "SOURCE", "Cue": "CUE"}
    )
    scores = {(s.label, s.measure): s for s in result.scores}
    assert result.articles == 1
    assert (scores["CUE", "exact"].right, scores["CUE", "exact"].gold) == (1, 2)
    assert scores["SOURCE", "exact"].right == 0
    assert scores["SOURCE", "overlap"].right == 1


def test_draft_spans_from_an_import_are_not_taken_for_suggestions(service) -> None:  # type: ignore[no-untyped-def]
    service.store.insert_documents([DraftDocument(text=TEXT, spans=(DraftSpan(0, 6, "SOURCE"),))])
    assert service.suggestions.origins_of(service.document_ids()[0]) == {}


def test_spans_of_labels_the_project_lacks_are_counted_not_stored(service) -> None:  # type: ignore[no-untyped-def]
    doc = one_article(service)
    lacking = Proposal("test@1", (ProposedSpan(0, 6, "Source"), ProposedSpan(7, 11, "CUE")), ())
    report = suggest(service, [lambda text: lacking], [doc])
    assert report.spans == {"CUE": 1}
    assert report.not_in_schema == {"Source": 1}
    assert [s.label for s in service.spans(doc)] == ["CUE"]
