"""Every edit of an existing span made from a look of it that is no longer true (another window
or analyst changed or deleted it meanwhile) is refused with `ChangedMeanwhile`, and the other
change is kept: resizing, several spans at once, notes and attributes, undo and redo, relations
and links to spans deleted or changed since (ADR 0041). On a project file (two connections to
one file) and on a server project alike."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from annotator.domain.errors import ChangedMeanwhile
from annotator.domain.model import Span
from annotator.service import ProjectService
from annotator.storage import span_edits
from tests.conftest import SEEDS

CHANGED = r"changed elsewhere .* since it was shown"
DELETED = r"deleted elsewhere .* since it was shown"


@pytest.fixture
def pair(service: ProjectService, project_target: Any) -> Iterator[tuple[ProjectService, ...]]:
    """Two connections of one analyst to one project (her two windows): `here`, `there`."""
    service.import_paths([SEEDS])
    other = ProjectService.open(project_target, create=False, analyst=service.analyst)
    yield service, other
    other.close()


def accepted(service: ProjectService, document_id: int) -> list[Span]:
    """The article's spans, not the debris an import suggests."""
    return [s for s in service.spans(document_id) if not s.suggested]


def label(service: ProjectService, word: str, name: str, document: int = 0) -> Span:
    document_id = service.document_ids()[document]
    start = service.document(document_id).text.index(word)
    return service.add_span(document_id, start, start + len(word), name)


def test_a_stale_resize_is_refused_and_the_other_resize_kept(pair: Any) -> None:
    here, there = pair
    span = label(here, "Sergey Lavrov", "PERSON")
    assert span.id is not None
    seen_here = here.span(span.id)  # what each window shows before either edit
    there.span_edits.resize_span(span.id, span.start + 7, span.end, shown=there.span(span.id))
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.span_edits.resize_span(span.id, span.start, span.end + 4, shown=seen_here)
    stored = here.span(span.id)
    assert (stored.start, stored.end) == (span.start + 7, span.end)  # "Lavrov", from there
    # from the span as it is now, the resize goes through
    here.span_edits.resize_span(span.id, stored.start, stored.end + 4, shown=stored)
    assert (there.span(span.id).start, there.span(span.id).end) == (span.start + 7, span.end + 4)


def test_several_spans_relabelled_or_deleted_at_once_none_if_one_changed_meanwhile(
    pair: Any,
) -> None:
    here, there = pair
    spans = [label(here, w, "PERSON") for w in ("Sergey Lavrov", "Moscow")]
    seen = {s.id: here.span(s.id) for s in spans if s.id is not None}
    lavrov, moscow = (s.id for s in spans)
    assert lavrov is not None and moscow is not None
    there.relabel_span(moscow, "GPE")  # one of the two, meanwhile
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.span_edits.relabel_spans([lavrov, moscow], "SOURCE", shown=seen)
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.span_edits.remove_spans([lavrov, moscow], shown=seen)
    assert [(s.id, s.label) for s in accepted(there, spans[0].document_id)] == [
        (lavrov, "PERSON"),
        (moscow, "GPE"),
    ]  # neither the relabel nor the delete touched even the unchanged one
    there.remove_span(lavrov)  # and one deleted meanwhile
    seen = {i: here.span(i) for i in (moscow,)} | {lavrov: seen[lavrov]}
    with pytest.raises(ChangedMeanwhile, match=DELETED):
        here.span_edits.relabel_spans([lavrov, moscow], "SOURCE", shown=seen)
    assert there.span(moscow).label == "GPE"


def test_a_note_or_attribute_written_from_a_stale_look_is_refused(pair: Any) -> None:
    here, there = pair
    span = label(here, "Sergey Lavrov", "SOURCE")
    assert span.id is not None
    seen_here = here.span(span.id)
    seen_there = there.span(span.id)
    there.update_span(replace(seen_there, note="checked by the desk"), shown=seen_there)
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.update_span(replace(seen_here, note="who is he?"), shown=seen_here)
    with pytest.raises(ChangedMeanwhile, match=CHANGED):  # an attribute, from the same look
        here.update_span(replace(seen_here, attributes={"named": True}), shown=seen_here)
    assert here.span(span.id).note == "checked by the desk"
    now = here.span(span.id)
    here.update_span(replace(now, note=now.note + "; who is he?"), shown=now)
    assert there.span(span.id).note == "checked by the desk; who is he?"


def test_undo_and_redo_of_an_edit_whose_span_changed_meanwhile_are_refused(pair: Any) -> None:
    here, there = pair
    span = label(here, "Sergey Lavrov", "PERSON")
    assert span.id is not None
    seen = here.span(span.id)
    after = replace(seen, label="SOURCE")
    before = here.update_span(after, shown=seen)  # relabelled here
    there.update_span(replace(there.span(span.id), note="a source, yes"))  # noted there
    with pytest.raises(ChangedMeanwhile, match=CHANGED):  # undo here: not over the note
        here.update_span(before, shown=after)
    stored = there.span(span.id)
    assert (stored.label, stored.note) == ("SOURCE", "a source, yes")
    # an undo whose span nobody touched meanwhile goes through, and its redo too
    now = here.span(span.id)
    after = replace(now, label="CLAIM")
    before = here.update_span(after, shown=now)
    here.update_span(before, shown=after)
    assert there.span(span.id).label == "SOURCE"
    here.update_span(after, shown=before)
    assert (there.span(span.id).label, there.span(span.id).note) == ("CLAIM", "a source, yes")


def test_relations_and_links_to_spans_deleted_or_changed_meanwhile_are_refused(
    pair: Any,
) -> None:
    here, there = pair
    claim = label(here, "Sergey Lavrov", "CLAIM")
    source = label(here, "Moscow", "SOURCE")
    other = label(here, "Sergei Lavrov", "PERSON", document=1)
    assert claim.id and source.id and other.id
    seen_claim, seen_source = here.span(claim.id), here.span(source.id)
    there.relabel_span(source.id, "PERSON")  # changed meanwhile
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.add_relation(claim.id, source.id, "SAID_BY", shown=(seen_claim, seen_source))
    there.remove_span(claim.id)  # deleted meanwhile
    with pytest.raises(ChangedMeanwhile, match=DELETED):
        here.add_relation(claim.id, source.id, "SAID_BY", shown=(seen_claim, None))
    with pytest.raises(ChangedMeanwhile, match=DELETED):
        here.add_link(claim.id, other.id, "SAME_ENTITY", shown=(seen_claim, None))
    assert here.relations(claim.document_id) == []
    assert here.links_of_documents(here.document_ids()) == []


def test_undoing_a_deletion_whose_related_span_was_deleted_meanwhile_is_refused(
    pair: Any,
) -> None:
    """A relation's undo (or a deleted span's, with its relations) cannot bring back a
    relation to a span another window deleted since: refused whole, nothing half restored."""
    here, there = pair
    claim = label(here, "Sergey Lavrov", "CLAIM")
    source = label(here, "Moscow", "SOURCE")
    assert claim.id and source.id
    relation = here.add_relation(claim.id, source.id, "SAID_BY")
    removed = here.remove_span(claim.id, shown=here.span(claim.id))  # with its relation
    there.remove_span(source.id)
    with pytest.raises(ChangedMeanwhile, match=DELETED):
        here.restore_span(removed)
    assert accepted(there, claim.document_id) == []
    with pytest.raises(ChangedMeanwhile, match=DELETED):
        here.restore_relation(relation)
    with pytest.raises(ChangedMeanwhile, match="relation or link was deleted elsewhere"):
        here.remove_relation(relation.id or -1)  # its undo of making it: gone already


def test_two_store_connections_refuse_a_stale_resize_or_delete_by_version(pair: Any) -> None:
    """The store's own check, under the service's: a write at an old version changes nothing."""
    here, there = pair
    span = label(here, "Sergey Lavrov", "PERSON")
    assert span.id is not None
    version = here.span(span.id).version
    there.relabel_span(span.id, "SOURCE")
    text = here.document(span.document_id).text
    with pytest.raises(ChangedMeanwhile):
        span_edits.set_extent(here.store, span.id, span.start, span.end + 1, text, version)
    with pytest.raises(ChangedMeanwhile):
        here.store.delete_span(span.id, version)
    stored = there.span(span.id)
    assert (stored.label, stored.end, stored.version) == ("SOURCE", span.end, (version or 0) + 1)
    here.store.delete_span(span.id, stored.version)  # at the version it has: deleted
    assert accepted(there, span.document_id) == []


def test_a_suggestion_accepted_or_relabelled_meanwhile_is_not_rejected_nor_unaccepted(
    pair: Any,
) -> None:
    """Delete on a suggestion rejects it; if another window accepted it meanwhile it is an
    analyst's span now, and stays. An undo of accepting one that was changed since is refused."""
    here, there = pair
    article = here.document_ids()[0]
    text = here.document(article).text
    first, second = (
        here.store.insert_span(Span(article, start, start + 6, "GPE", suggested=True), text)
        for start in (text.index("Moscow"), text.index("Syrian"))
    )
    assert first.id is not None and second.id is not None
    seen = here.span(first.id)
    there.suggestions.accept([first.id])
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.suggestions.reject([first.id], shown={first.id: seen})
    assert not there.span(first.id).suggested  # the accepted span is kept

    accepted = here.suggestions.accept([second.id])
    there.relabel_span(second.id, "CLAIM")
    with pytest.raises(ChangedMeanwhile, match=CHANGED):
        here.suggestions.undo_accept(accepted)
    kept = there.span(second.id)
    assert (kept.label, kept.suggested) == ("CLAIM", False)
