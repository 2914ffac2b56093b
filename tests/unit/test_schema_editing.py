"""Editing the label schema: add, rename, recolour, re-key, retire, delete or merge, presets."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import events
from annotator.domain.errors import AnnotatorError, UnknownLabel
from annotator.service import ProjectService
from annotator.storage.opening_any import open_store


@pytest.fixture
def announced(service: ProjectService) -> list[events.Event]:
    heard: list[events.Event] = []
    service.subscribe(heard.append)
    return heard


def first_document(service: ProjectService) -> int:
    return service.document_ids()[0]


def test_an_added_label_is_stored_and_announced(
    service: ProjectService, announced: list[events.Event], project_target: Path
) -> None:
    label = service.add_label("HEDGE", hotkey="8", description="may, might, reportedly")
    assert announced == [events.SchemaChanged()]
    other = open_store(project_target)  # what another program reading the project sees
    try:
        stored = other.load_schema().get("HEDGE")
    finally:
        other.close()
    assert stored == label
    assert stored.kind == "span" and stored.hotkey == "8"
    assert stored.color not in {x.color for x in service.schema if x.name != "HEDGE"}


def test_adding_a_label_twice_or_on_a_taken_key_is_refused(service: ProjectService) -> None:
    with pytest.raises(AnnotatorError, match="there is already a label 'CLAIM'"):
        service.add_label("CLAIM")
    with pytest.raises(AnnotatorError, match="hotkey 1 is already used by the span label CLAIM"):
        service.add_label("HEDGE", hotkey="1")
    assert "HEDGE" not in service.schema
    # Keys are per kind: a relation label may use the key of a span label.
    service.add_label("QUOTES", "relation", hotkey="3")
    assert service.schema.require("QUOTES", "relation").hotkey == "3"


def test_renaming_a_label_moves_its_spans_and_relation_rules(seeded: ProjectService) -> None:
    document_id = first_document(seeded)
    claim = seeded.add_span(document_id, 0, 6, "CLAIM")
    source = seeded.add_span(document_id, 7, 9, "SOURCE")
    relation = seeded.add_relation(claim.id, source.id, "SAID_BY")
    seeded.rename_label("CLAIM", "ASSERTION")
    assert seeded.span(claim.id).label == "ASSERTION"
    assert [r.label for r in seeded.relations(document_id)] == ["SAID_BY"]
    assert seeded.schema.require("SAID_BY", "relation").head_labels == ("ASSERTION",)
    assert "CLAIM" not in seeded.schema
    assert seeded.schema.require("ASSERTION", "span").hotkey == "1"
    # The renamed label still allows the relation it allowed before.
    seeded.remove_relation(relation.id)
    seeded.add_relation(claim.id, source.id, "SAID_BY")
    assert seeded.label_uses("ASSERTION")["ASSERTION"].spans == 1


def test_renaming_onto_an_existing_name_is_refused(seeded: ProjectService) -> None:
    with pytest.raises(AnnotatorError, match="there is already a label 'SOURCE'"):
        seeded.rename_label("CLAIM", "SOURCE")
    with pytest.raises(AnnotatorError, match="no spaces"):
        seeded.rename_label("CLAIM", " CLAIM2")
    with pytest.raises(UnknownLabel):
        seeded.rename_label("NOPE", "OTHER")
    assert "CLAIM" in seeded.schema


def test_recolour_rekey_and_retire(service: ProjectService, announced: list[events.Event]) -> None:
    service.recolor_label("CLAIM", "#112233")
    service.set_label_hotkey("CLAIM", "9")
    assert service.schema.by_hotkey("9").name == "CLAIM"
    assert service.schema.by_hotkey("1") is None
    service.retire_label("SOURCE")
    assert [label.name for label in service.schema.of_kind("span")].count("SOURCE") == 0
    # A retired label's key is free; taking it back while someone else holds it is refused.
    service.set_label_hotkey("CUE", "2")
    with pytest.raises(AnnotatorError, match="hotkey 2 is already used by the span label CUE"):
        service.retire_label("SOURCE", retired=False)
    service.set_label_hotkey("CUE", "3")
    service.retire_label("SOURCE", retired=False)
    assert service.store.load_schema().require("CLAIM", "span").color == "#112233"
    assert announced.count(events.SchemaChanged()) == len(announced) == 6
    with pytest.raises(AnnotatorError, match="colour must be #rrggbb"):
        service.recolor_label("CLAIM", "blue")


def test_deleting_a_used_label_says_how_much_uses_it(seeded: ProjectService) -> None:
    document_id = first_document(seeded)
    seeded.add_span(document_id, 0, 6, "GPE")
    seeded.add_span(document_id, 7, 9, "GPE")
    with pytest.raises(AnnotatorError, match="GPE is used by 2 spans, 0 relations and 0 links"):
        seeded.delete_label("GPE")
    assert "GPE" in seeded.schema
    assert seeded.label_uses()["GPE"].spans == 2


def test_an_unused_label_is_deleted_and_leaves_the_relation_rules(seeded: ProjectService) -> None:
    seeded.delete_label("MEDIA")
    assert "MEDIA" not in seeded.schema
    assert "MEDIA" not in seeded.store.load_schema()
    assert "MEDIA" not in seeded.schema.require("SAID_BY", "relation").child_labels


def test_merging_moves_every_use_into_the_other_label(seeded: ProjectService) -> None:
    document_id = first_document(seeded)
    a = seeded.add_span(document_id, 0, 6, "GPE")
    b = seeded.add_span(document_id, 7, 9, "ORG")
    assert seeded.merge_label("GPE", "ORG") == 1
    assert {seeded.span(a.id).label, seeded.span(b.id).label} == {"ORG"}
    assert "GPE" not in seeded.schema
    assert seeded.label_uses()["ORG"].spans == 2


def test_merging_across_kinds_or_into_itself_is_refused(seeded: ProjectService) -> None:
    with pytest.raises(AnnotatorError, match="cannot merge the span label GPE into the relation"):
        seeded.merge_label("GPE", "SAID_BY")
    with pytest.raises(AnnotatorError, match="into itself"):
        seeded.merge_label("GPE", "GPE")
    assert "GPE" in seeded.schema


def test_the_propaganda_preset_takes_the_digit_keys(service: ProjectService) -> None:
    names = service.load_schema_preset("semeval2020_task11")
    assert "Loaded_Language" in names and len(names) == 15
    assert service.schema.by_hotkey("1").name == "Appeal_to_Authority"
    assert service.schema.get("CLAIM").hotkey is None  # kept, with its spans, without a key
    assert service.schema.get("SAID_BY").hotkey == "1"  # relation keys are not span keys
    assert service.store.load_schema() == service.schema
