"""Team ▸ Adjudicate in the real window, driven by keys: the analysts' layers side by side with
their disagreements marked, taking a version (1–9), accepting what is agreed (A), writing one's
own in the curated pane, undo and redo, and marking the article curated (Ctrl+Enter)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain.analysts import CURATED
from annotator.gui.adjudication import AdjudicationWindow
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService
from tests.gui.helpers import select_like_a_user

TEXT = "Lavrov said the talks would continue despite the sanctions."
CTRL = Qt.KeyboardModifier.ControlModifier


def _keys(service: ProjectService, document_id: int, layer: str) -> set[tuple[str, int, int]]:
    return {(s.label, s.start, s.end) for s in service.store.spans_of(document_id, layer=layer)}


@pytest.fixture
def team(tmp_path: Path) -> Iterator[ProjectService]:
    """ana and ben agree on the CUE; ana's SOURCE is "Lavrov", ben's "Lavrov said"; only ana has
    the CLAIM, said by her SOURCE. Opened as cora, the curator."""
    service = ProjectService.open(tmp_path / "team.annotator.db", analyst="cora")

    def put(analyst: str, record: dict) -> None:
        path = tmp_path / f"{analyst}.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        service.import_paths([path], analyst=analyst, detect_debris=False)

    source = {"start": 0, "end": 6, "label": "SOURCE"}
    claim = {"start": 12, "end": 59, "label": "CLAIM"}
    cue = {"start": 7, "end": 11, "label": "CUE"}
    put(
        "ana",
        {
            "text": TEXT,
            "spans": [source, cue, claim],
            "relations": [{"head_span": claim, "child_span": source, "label": "SAID_BY"}],
        },
    )
    put("ben", {"text": TEXT, "spans": [{"start": 0, "end": 11, "label": "SOURCE"}, cue]})
    yield service
    service.close()


@pytest.fixture
def adjudication(qtbot, team: ProjectService) -> Iterator[AdjudicationWindow]:  # type: ignore[no-untyped-def]
    session = Session(team)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.open_document(team.document_ids()[0])
    qtbot.keyClick(window.pane.view, Qt.Key.Key_J, CTRL | Qt.KeyboardModifier.ShiftModifier)
    adjudicating = window.adjudication_window  # type: ignore[attr-defined]
    qtbot.waitExposed(adjudicating)
    yield adjudicating
    adjudicating.close()
    session.signals.detach()


def test_the_analysts_layers_stand_side_by_side_with_the_disagreements_marked(
    adjudication: AdjudicationWindow,
) -> None:
    panes = adjudication.analyst_panes
    assert [p.layer for p in panes] == ["ana", "ben"]
    assert [p.caption for p in panes] == ["1 ana", "2 ben"]
    assert all(p.read_only for p in panes) and not adjudication.curated_pane.read_only
    assert sorted(m.label for m in panes[1].view.index.all()) == ["CUE", "SOURCE"]  # ben's
    model = adjudication.model
    tip = Qt.ItemDataRole.ToolTipRole
    assert [model.data(model.index(r, 1), tip) for r in range(model.rowCount())] == [
        "Lavrov said",
        "the talks would continue despite the sanctions.",
    ]
    assert model.data(model.index(1, 1)) == "the talks would continue de…"
    assert model.data(model.index(0, 2)) == "SOURCE “Lavrov”"
    assert model.data(model.index(0, 3)) == "SOURCE “Lavrov said”"
    # every pane marks both stretches, the chosen one (the first) as current
    for marks in adjudication.marks.values():
        assert marks.ranges == [(0, 11), (12, 59)] and marks.current == 0
    assert "Curated 0 of 1 articles" in adjudication.progress.text()


def test_the_curator_settles_an_article_with_keys_and_undoes_a_step(
    qtbot,
    adjudication: AdjudicationWindow,
    team: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    document_id = team.document_ids()[0]
    table = adjudication.table
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_A)  # everything agreed: the CUE
    assert _keys(team, document_id, CURATED) == {("CUE", 7, 11)}
    qtbot.keyClick(table, Qt.Key.Key_1)  # ana's SOURCE; the list moves on to the CLAIM
    assert _keys(team, document_id, CURATED) == {("CUE", 7, 11), ("SOURCE", 0, 6)}
    assert adjudication.current_number() == 2
    qtbot.keyClick(table, Qt.Key.Key_1)  # ana's CLAIM, with her SAID_BY: both ends are curated
    assert ("CLAIM", 12, 59) in _keys(team, document_id, CURATED)
    assert [r.label for r in team.store.relations_of(document_id, layer=CURATED)] == ["SAID_BY"]
    model = adjudication.model
    assert model.data(model.index(1, 4)) == "= 1"  # the curated column names whose version
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)  # one step back: the CLAIM and its relation
    qtbot.waitUntil(lambda: model.data(model.index(1, 4)) == "= 2")
    assert ("CLAIM", 12, 59) not in _keys(team, document_id, CURATED)
    assert team.store.relations_of(document_id, layer=CURATED) == []
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert ("CLAIM", 12, 59) in _keys(team, document_id, CURATED)
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_2)  # ben's wider SOURCE instead (ana's relation goes)
    assert ("SOURCE", 0, 11) in _keys(team, document_id, CURATED)
    assert ("SOURCE", 0, 6) not in _keys(team, document_id, CURATED)
    # the analysts' own layers, and the curator's own layer, are untouched
    assert _keys(team, document_id, "ana") == {("SOURCE", 0, 6), ("CUE", 7, 11), ("CLAIM", 12, 59)}
    assert _keys(team, document_id, "cora") == set()


def test_an_undo_goes_back_to_the_disagreement_it_restored(
    qtbot,
    adjudication: AdjudicationWindow,
    team: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    document_id = team.document_ids()[0]
    table = adjudication.table
    qtbot.keyClick(table, Qt.Key.Key_1)  # ana's SOURCE; the list moves on to the CLAIM
    assert adjudication.current_number() == 2
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert ("SOURCE", 0, 6) not in _keys(team, document_id, CURATED)
    assert adjudication.current_number() == 1  # the SOURCE's disagreement, open again
    qtbot.waitUntil(lambda: adjudication.marks[adjudication.curated_pane].current == 0)
    table.setCurrentIndex(adjudication.model.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert ("SOURCE", 0, 6) in _keys(team, document_id, CURATED)
    assert adjudication.current_number() == 1


def test_the_curator_writes_their_own_span_in_the_curated_pane(
    qtbot,
    adjudication: AdjudicationWindow,
    team: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    document_id = team.document_ids()[0]
    qtbot.keyClick(adjudication.table, Qt.Key.Key_Return)  # to the curated pane
    view = adjudication.curated_pane.view
    assert view.hasFocus()
    start = TEXT.index("the talks")
    select_like_a_user(view, TEXT, start, start + len("the talks"))
    qtbot.keyClick(view, Qt.Key.Key_1)  # CLAIM's hotkey, as anywhere else
    assert _keys(team, document_id, CURATED) == {("CLAIM", start, start + 9)}
    assert _keys(team, document_id, "cora") == set()
    model = adjudication.model
    qtbot.waitUntil(lambda: str(model.data(model.index(1, 4))).startswith("own: CLAIM"))
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert _keys(team, document_id, CURATED) == set()
    qtbot.keyClick(view, Qt.Key.Key_F6)  # back to the list
    assert adjudication.table.hasFocus()


def test_ctrl_enter_marks_the_article_curated_and_the_progress_says_so(
    qtbot,
    adjudication: AdjudicationWindow,
    team: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    document_id = team.document_ids()[0]
    qtbot.keyClick(adjudication.table, Qt.Key.Key_A)
    qtbot.keyClick(adjudication.table, Qt.Key.Key_Return, CTRL)
    assert team.team.curation.article(document_id).status == "done"
    assert "Curated 1 of 1 articles" in adjudication.progress.text()
    assert "curation done" in adjudication.progress.text()
    qtbot.keyClick(adjudication.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "Curated 0 of 1 articles" in adjudication.progress.text())
    assert team.team.curation.article(document_id).status == "in_progress"
