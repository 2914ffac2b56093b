"""Adjudication into the curated layer through the service: take, merge, accept what is agreed,
undo and redo exactly, the curation status and the progress over the project."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.analysts import CURATED
from annotator.service import ProjectService

TEXT = "Lavrov said the talks would continue despite the sanctions."
OTHER = "Nobody said anything about it at all today."


def _keys(service: ProjectService, document_id: int, layer: str) -> set[tuple[str, int, int]]:
    return {(s.label, s.start, s.end) for s in service.store.spans_of(document_id, layer=layer)}


@pytest.fixture
def team(tmp_path: Path) -> Iterator[ProjectService]:
    """ana and ben annotated TEXT: they agree on the CUE, not on the SOURCE's extent nor on the
    CLAIM (ben has none); only ana annotated OTHER."""
    service = ProjectService.open(tmp_path / "p.annotator.db", analyst="cora")

    def put(analyst: str, records: list[dict]) -> None:
        path = tmp_path / f"{analyst}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        service.import_paths([path], analyst=analyst, detect_debris=False)

    claim = {"start": 12, "end": 59, "label": "CLAIM"}
    put(
        "ana",
        [
            {
                "text": TEXT,
                "spans": [
                    {"start": 0, "end": 6, "label": "SOURCE"},
                    {"start": 7, "end": 11, "label": "CUE"},
                    claim,
                ],
                "relations": [
                    {
                        "head_span": claim,
                        "child_span": {"start": 0, "end": 6, "label": "SOURCE"},
                        "label": "SAID_BY",
                    }
                ],
            },
            {"text": OTHER, "spans": []},
        ],
    )
    put(
        "ben",
        [
            {
                "text": TEXT,
                "spans": [
                    {"start": 0, "end": 11, "label": "SOURCE"},
                    {"start": 7, "end": 11, "label": "CUE"},
                ],
            }
        ],
    )
    yield service
    service.close()


def test_an_article_shows_its_analysts_and_disagreements(team: ProjectService) -> None:
    first = team.document_ids()[0]
    article = team.team.curation.article(first)
    assert article.analysts == ("ana", "ben")
    assert article.found.agreed == {("CUE", 7, 11)}
    # ben's wider SOURCE overlaps the agreed CUE's words but the CUE is agreed: one stretch for
    # the SOURCEs (0-11), one for ana's CLAIM.
    assert [(d.start, d.end) for d in article.disagreements] == [(0, 11), (12, 59)]
    assert article.status is None


def test_take_merge_and_accept_agreed_fill_the_curated_layer(team: ProjectService) -> None:
    first = team.document_ids()[0]
    curation = team.team.curation
    edit = curation.accept_agreed(first)
    assert _keys(team, first, CURATED) == {("CUE", 7, 11)}
    assert curation.article(first).status == "in_progress"
    curation.take(first, 2, "ana")  # ana's CLAIM
    curation.take(first, 1, "ana")  # ana's SOURCE: the SAID_BY now has both ends
    assert _keys(team, first, CURATED) == {("CUE", 7, 11), ("CLAIM", 12, 59), ("SOURCE", 0, 6)}
    relations = team.store.relations_of(first, layer=CURATED)
    assert [r.label for r in relations] == ["SAID_BY"]
    curation.take(first, 1, "ben")  # ben's wider SOURCE instead: ana's relation goes with hers
    assert ("SOURCE", 0, 11) in _keys(team, first, CURATED)
    assert ("SOURCE", 0, 6) not in _keys(team, first, CURATED)
    assert team.store.relations_of(first, layer=CURATED) == []
    curation.merge(first, 1)
    assert ("SOURCE", 0, 11) in _keys(team, first, CURATED)
    article = curation.article(first)
    assert article.settled_by(article.disagreements[0]) == ["ben"]
    # the analysts' layers are never touched
    assert _keys(team, first, "ana") == {("SOURCE", 0, 6), ("CUE", 7, 11), ("CLAIM", 12, 59)}
    assert edit.added and edit.added[0].layer == CURATED


def test_a_curation_step_undoes_and_redoes_with_the_same_ids(team: ProjectService) -> None:
    first = team.document_ids()[0]
    curation = team.team.curation
    curation.take(first, 2, "ana")
    before = {s.id: (s.label, s.start) for s in team.store.spans_of(first, layer=CURATED)}
    edit = curation.take(first, 1, "ana")
    after = {s.id: (s.label, s.start) for s in team.store.spans_of(first, layer=CURATED)}
    curation.undo(edit)
    assert {s.id: (s.label, s.start) for s in team.store.spans_of(first, layer=CURATED)} == before
    assert team.store.relations_of(first, layer=CURATED) == []
    curation.redo(edit)
    assert {s.id: (s.label, s.start) for s in team.store.spans_of(first, layer=CURATED)} == after
    assert len(team.store.relations_of(first, layer=CURATED)) == 1


def test_undoing_the_first_step_leaves_the_article_not_started(team: ProjectService) -> None:
    first = team.document_ids()[0]
    curation = team.team.curation
    edit = curation.take(first, 2, "ana")
    assert curation.article(first).status == "in_progress"
    curation.undo(edit)
    assert curation.article(first).status is None
    assert _keys(team, first, CURATED) == set()


def test_curation_status_and_progress(team: ProjectService) -> None:
    first, second = team.document_ids()
    curation = team.team.curation
    progress = curation.progress()
    assert (progress.curated, progress.to_curate) == (0, 1)  # only TEXT has two analysts
    assert [r.document_id for r in progress.rows] == [first]
    assert curation.next_to_curate() == first
    assert curation.set_status(first, "done") is None
    assert curation.progress().curated == 1
    assert curation.next_to_curate(first) is None
    assert team.document(first).status != "done"  # the article's own status is the analysts'
    assert curation.set_status(first, None) == "done"
    assert curation.progress().curated == 0
    assert second not in [r.document_id for r in curation.progress().rows]


def test_refusals_name_what_is_wrong(team: ProjectService) -> None:
    from annotator.domain.errors import AnnotatorError

    first = team.document_ids()[0]
    with pytest.raises(AnnotatorError, match="no disagreement 9"):
        team.team.curation.take(first, 9, "ana")
    with pytest.raises(AnnotatorError, match="no layer of 'zed'"):
        team.team.curation.take(first, 1, "zed")
    with pytest.raises(AnnotatorError, match="unknown curation status"):
        team.team.curation.set_status(first, "finished")
