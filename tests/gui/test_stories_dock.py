"""The Stories dock and Story menu in the real window: suggest, rename in place, accept, open, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService


@pytest.fixture
def corpus(service: ProjectService, tmp_path: Path) -> ProjectService:
    texts = {
        "a.txt": "Lavrov and Kerry met in Geneva over the Syrian ceasefire talks.",
        "b.txt": "Kerry and Lavrov discussed the Syrian ceasefire in Geneva on Friday.",
        "c.txt": "Tara Reid checked into rehab in Malibu, her publicist said.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    service.import_paths([tmp_path / n for n in texts])
    return service


def test_suggest_rename_accept_open_and_undo(
    qtbot, corpus: ProjectService, window: MainWindow
) -> None:
    seeded = corpus
    panel = window.stories
    model = panel.model
    assert model.rowCount() == 0
    panel.actions_by_name["suggest"].trigger()
    assert panel.grouping()  # on a thread of its own: the window stays usable
    qtbot.waitUntil(lambda: not panel.grouping(), timeout=60_000)
    assert model.rowCount() == 1  # Geneva talks; the rehab article is a story of its own
    story_index = model.index(0, 0)
    assert model.rowCount(story_index) == 2
    assert model.data(story_index, Qt.ItemDataRole.FontRole).italic()  # suggested

    # Rename in place: F2, type, Enter; one undoable edit.
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(story_index)
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    editor = panel.tree.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Lavrov-Kerry meeting")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: seeded.stories.list()[0].name == "Lavrov-Kerry meeting")
    assert model.index(0, 0).data() == "Lavrov-Kerry meeting (2)"
    window.undo_action.trigger()
    assert seeded.stories.list()[0].name != "Lavrov-Kerry meeting"
    window.redo_action.trigger()

    panel.tree.setCurrentIndex(model.index(0, 0))
    panel.actions_by_name["accept"].trigger()
    assert not seeded.stories.list()[0].suggested
    assert not model.data(model.index(0, 0), Qt.ItemDataRole.FontRole)

    # Story ▸ Open: the articles side by side, the browser narrowed to the story.
    open_action = next(a for a in panel.menu.actions() if a.text() == "&Open side by side")
    open_action.trigger()
    shown = [p.document_id for p in window.panes.panes()]
    assert sorted(shown) == seeded.document_ids()[:2]
    assert window.corpus_filter.story.currentText() == "Lavrov-Kerry meeting"
    assert window.corpus_model.total() == 2

    # Delete, and undo brings it back with its articles; the browser's filter follows.
    panel.tree.setCurrentIndex(model.index(0, 0))
    panel.tree.selectionModel().select(
        model.index(0, 0),
        panel.tree.selectionModel().SelectionFlag.ClearAndSelect
        | panel.tree.selectionModel().SelectionFlag.Rows,
    )
    panel.actions_by_name["delete"].trigger()
    assert model.rowCount() == 0 and seeded.stories.list() == []
    assert window.corpus_filter.story.currentData() is None
    window.undo_action.trigger()
    assert [s.name for s in seeded.stories.list()] == ["Lavrov-Kerry meeting"]
    assert model.rowCount(model.index(0, 0)) == 2


def test_split_off_and_merge_back(qtbot, seeded: ProjectService, window: MainWindow) -> None:
    panel = window.stories
    a, b = seeded.document_ids()
    window.open_document(a)
    window.panes.open_document(b, new_pane=True)
    new = next(x for x in panel.menu.actions() if x.text() == "&New story of the open articles")
    new.trigger()
    panel.model.rename_requested.emit(seeded.stories.list()[0].id, "Syria talks")
    model = panel.model
    story = model.index(0, 0)
    selection = panel.tree.selectionModel()
    flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
    selection.select(model.index(1, 0, story), flags)
    panel.actions_by_name["split"].trigger()
    assert {s.name: s.document_ids for s in seeded.stories.list()} == {
        "Syria talks": (a,),
        "Syria talks (part)": (b,),
    }
    selection.select(model.index(0, 0), flags)
    selection.select(
        model.index(1, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )
    panel.actions_by_name["merge"].trigger()
    assert [(s.name, s.document_ids) for s in seeded.stories.list()] == [("Syria talks", (a, b))]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert [(s.name, s.document_ids) for s in seeded.stories.list()] == [("Syria talks", (a, b))]
