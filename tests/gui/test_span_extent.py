"""Editing a chosen span's extent (keys and mouse) and acting on several chosen spans at once,
on the real widgets; each is one undoable edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from annotator.domain.model import DraftDocument
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from tests.gui.test_relations_links import tab_to

TEXT = "Kremlin sources said the talks would go on, Lavrov told RT and TASS on Monday."
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def article(qtbot, service: ProjectService, window: MainWindow):  # type: ignore[no-untyped-def]
    (document_id,) = service.store.insert_documents([DraftDocument(text=TEXT, title="T")])
    window.corpus_model.reload()
    window.panes.open_document(document_id)
    window.pane.view.setFocus()
    qtbot.waitUntil(window.pane.view.hasFocus)
    return document_id


def span_of(service: ProjectService, phrase: str, label: str, document_id: int) -> int:
    start = TEXT.index(phrase)
    span = service.add_span(document_id, start, start + len(phrase), label)
    assert span.id is not None
    return span.id


def shown(service: ProjectService, span_id: int) -> str:
    span = service.span(span_id)
    return TEXT[span.start : span.end]


def test_shift_arrows_move_the_end_and_alt_shift_arrows_the_start_each_undoable(
    qtbot, service: ProjectService, window: MainWindow, article: int
) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    lavrov = span_of(service, "Lavrov", "SOURCE", article)
    tab_to(qtbot, pane, lavrov)
    view = pane.view
    steps = [
        (Qt.Key.Key_Right, SHIFT, "Lavrov "),
        (Qt.Key.Key_Right, SHIFT | CTRL, "Lavrov told"),
        (Qt.Key.Key_Left, SHIFT, "Lavrov tol"),
        (Qt.Key.Key_Left, SHIFT | ALT, " Lavrov tol"),
        (Qt.Key.Key_Left, SHIFT | ALT | CTRL, "on, Lavrov tol"),
        (Qt.Key.Key_Right, SHIFT | ALT | CTRL, "Lavrov tol"),
    ]
    for key, modifiers, expected in steps:
        qtbot.keyClick(view, key, modifiers)
        assert shown(service, lavrov) == expected
        assert view.selected_span() is not None and view.selected_span().id == lavrov
        # the view paints the span where the project has it
        mark = view.index.get(lavrov)
        assert TEXT[mark.start : mark.end] == expected
    for _key, _modifiers, expected in reversed(steps[:-1]):
        window.undo_action.trigger()
        assert shown(service, lavrov) == expected
    window.undo_action.trigger()
    assert shown(service, lavrov) == "Lavrov"
    window.redo_action.trigger()
    assert shown(service, lavrov) == "Lavrov "


def test_without_a_chosen_span_shift_arrows_still_select_text(
    qtbot, service: ProjectService, window: MainWindow, article: int
) -> None:  # type: ignore[no-untyped-def]
    view = window.pane.view
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT | CTRL)
    assert view.selection_offsets() == (0, 8)  # "Kremlin " as Qt selects by word
    assert window.session.undo_stack.count() == 0


def drag(qtbot, widget, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Press, move with the button held (QTest's own move carries no button), release."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(end),
        QPointF(widget.mapToGlobal(end)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, move)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_an_edge_of_the_chosen_span_resizes_it_snapped_to_words(
    qtbot, service: ProjectService, window: MainWindow, article: int
) -> None:  # type: ignore[no-untyped-def]
    pane = window.pane
    view = pane.view
    said = span_of(service, "said", "CUE", article)
    tab_to(qtbot, pane, said)
    mark = view.index.get(said)
    end_edge = view.cursorRect(view.cursor_for(mark.end, mark.end)).center()
    editor = pane.extent_editor
    assert editor.edge_at(end_edge) == "end"
    middle_of_talks = TEXT.index("talks") + 2
    target = view.cursorRect(view.cursor_for(middle_of_talks, middle_of_talks)).center()
    drag(qtbot, view.viewport(), end_edge, target)
    assert shown(service, said) == "said the talks"

    start_edge = view.cursorRect(view.cursor_for(mark.start, mark.start)).center()
    sources = TEXT.index("sources") + 3
    drag(
        qtbot,
        view.viewport(),
        start_edge,
        view.cursorRect(view.cursor_for(sources, sources)).center(),
    )
    assert shown(service, said) == "sources said the talks"
    window.undo_action.trigger()
    assert shown(service, said) == "said the talks"
    window.undo_action.trigger()
    assert shown(service, said) == "said"


def click_span(qtbot, view, phrase: str, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    middle = TEXT.index(phrase) + len(phrase) // 2
    point = view.cursorRect(view.cursor_for(middle, middle)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, point)


def test_several_chosen_spans_relabelled_deleted_and_related_in_one_step_each(
    qtbot, service: ProjectService, window: MainWindow, article: int
) -> None:  # type: ignore[no-untyped-def]
    view = window.pane.view
    claim = span_of(service, "the talks would go on", "CLAIM", article)
    lavrov = span_of(service, "Lavrov", "PERSON", article)
    rt = span_of(service, "RT", "PERSON", article)
    tass = span_of(service, "TASS", "PERSON", article)
    stack = window.session.undo_stack

    click_span(qtbot, view, "Lavrov")
    click_span(qtbot, view, "RT", CTRL)
    click_span(qtbot, view, "TASS", CTRL)
    assert view.chosen_ids == [lavrov, rt, tass]
    qtbot.keyClick(view, Qt.Key.Key_7)  # MEDIA, all three at once
    assert {service.span(i).label for i in (lavrov, rt, tass)} == {"MEDIA"}
    window.undo_action.trigger()
    assert {service.span(i).label for i in (lavrov, rt, tass)} == {"PERSON"}

    # the claim chosen first is the head; Ctrl+Tab adds the next spans
    click_span(qtbot, view, "talks")
    qtbot.keyClick(view, Qt.Key.Key_Tab, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Tab, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Tab, CTRL)
    assert view.chosen_ids == [claim, lavrov, rt, tass]
    click_span(qtbot, view, "RT", CTRL)  # Ctrl+click a chosen span drops it
    assert view.chosen_ids == [claim, lavrov, tass]
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert "to 2 spans" in window.pane.prompt.text()
    qtbot.keyClick(view, Qt.Key.Key_1)  # SAID_BY
    assert stack.undoText() == "Relate 2 spans SAID_BY"  # one undoable step
    relations = {(r.head_id, r.label, r.child_id) for r in service.relations(article)}
    assert relations == {(claim, "SAID_BY", lavrov), (claim, "SAID_BY", tass)}

    click_span(qtbot, view, "talks")
    click_span(qtbot, view, "Lavrov", CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert {s.id for s in service.spans(article)} == {rt, tass}
    assert service.relations(article) == []
    window.undo_action.trigger()  # one step brings back both spans and both relations
    assert {s.id for s in service.spans(article)} == {claim, lavrov, rt, tass}
    relations = {(r.head_id, r.label, r.child_id) for r in service.relations(article)}
    assert relations == {(claim, "SAID_BY", lavrov), (claim, "SAID_BY", tass)}
    assert len(view.index) == 4
    window.undo_action.trigger()
    assert service.relations(article) == []


def test_the_new_keys_collide_with_no_menu_shortcut(window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    taken: dict[str, str] = {}
    for action in window.actions():
        for key in action.shortcuts():
            name = key.toString()
            assert name not in taken, f"{name}: {taken.get(name)} and {action.text()}"
            taken[name] = action.text()
    for key in (
        "Shift+Left",
        "Shift+Right",
        "Ctrl+Shift+Left",
        "Ctrl+Shift+Right",
        "Alt+Shift+Left",
        "Alt+Shift+Right",
        "Ctrl+Alt+Shift+Left",
        "Ctrl+Alt+Shift+Right",
        "Ctrl+Tab",
        "Ctrl+Shift+Tab",
    ):
        assert QKeySequence(key).toString() not in taken, key
