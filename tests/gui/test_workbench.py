"""The workbench's keyboard contract and views, driven on the real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.domain.model import DraftDocument
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from tests.gui.helpers import select_like_a_user, utf16_offset


@pytest.fixture
def three(service: ProjectService) -> list[int]:
    return service.store.insert_documents(
        [
            DraftDocument(text="Lavrov said the talks would go on. Kerry agreed.", title="A"),
            DraftDocument(text="Kerry said talks go on, Lavrov agreed.", title="B"),
            DraftDocument(text="Nothing was said by anybody at all.", title="C"),
        ]
    )


@pytest.fixture
def bench(qtbot, three: list[int], window: MainWindow) -> MainWindow:  # type: ignore[no-untyped-def]
    window.corpus_model.reload()
    window.corpus_view.select_document(three[0])
    window.corpus_view.setFocus()
    return window


def label(qtbot, window: MainWindow, phrase: str, key: Qt.Key, *, pane=None):  # type: ignore[no-untyped-def]
    pane = pane or window.pane
    text = pane.view.document_model.text
    start = text.index(phrase)
    select_like_a_user(pane.view, text, start, start + len(phrase))
    qtbot.keyClick(pane.view, key)
    return window.session.service.spans(pane.document_id)


def test_enter_opens_here_and_shift_enter_opens_beside(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    view = bench.corpus_view
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert bench.pane.document_id == three[0]
    first_pane = bench.pane
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    panes = bench.panes.panes()
    assert [p.document_id for p in panes] == [three[0], three[1]]
    assert bench.pane is panes[1] and first_pane is panes[0]
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert [p.document_id for p in bench.panes.panes()] == [three[0], three[1], three[2]]


def test_f6_moves_focus_to_the_next_pane(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    bench.panes.open_document(three[0])
    bench.panes.open_document(three[1], new_pane=True)
    first, second = bench.panes.panes()
    first.view.setFocus()
    qtbot.waitUntil(first.view.hasFocus)
    qtbot.keyClick(first.view, Qt.Key.Key_F6)
    qtbot.waitUntil(second.view.hasFocus)
    assert bench.pane is second
    qtbot.keyClick(second.view, Qt.Key.Key_F6)
    qtbot.waitUntil(first.view.hasFocus)


def test_ctrl_enter_marks_done_and_opens_the_next_not_done(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    service = bench.session.service
    service.set_status(three[1], "done")
    bench.open_document(three[0])
    qtbot.keyClick(bench.pane.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert service.document(three[0]).status == "done"
    assert bench.pane.document_id == three[2]
    qtbot.keyClick(bench.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.document(three[0]).status == "new"


def test_tab_walks_spans_and_a_digit_relabels_the_chosen_one(
    qtbot, bench: MainWindow, three
) -> None:  # type: ignore[no-untyped-def]
    bench.open_document(three[0])
    label(qtbot, bench, "Lavrov", Qt.Key.Key_4)
    label(qtbot, bench, "Kerry", Qt.Key.Key_4)
    view = bench.pane.view
    view.select_span(None)
    view.moveCursor(view.textCursor().MoveOperation.Start)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (
        view.document_model.text[view.selected_span().start : view.selected_span().end] == "Lavrov"
    )
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (
        view.document_model.text[view.selected_span().start : view.selected_span().end] == "Kerry"
    )
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    chosen = view.selected_span()
    assert view.document_model.text[chosen.start : chosen.end] == "Lavrov"
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert bench.session.service.span(chosen.id).label == "SOURCE"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert bench.session.service.span(chosen.id).label == "PERSON"
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert bench.session.service.span(chosen.id).label == "SOURCE"


def test_caret_moves_by_word_and_shift_extends(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    bench.open_document(three[0])
    view = bench.pane.view
    view.setFocus()
    view.moveCursor(view.textCursor().MoveOperation.Start)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert view.caret_offset() == len("Lavrov ")
    qtbot.keyClick(
        view,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert view.selection_offsets() == (len("Lavrov "), len("Lavrov said "))
    qtbot.keyClick(view, Qt.Key.Key_1)
    (span,) = bench.session.service.spans(three[0])
    assert (span.label, view.document_model.text[span.start : span.end]) == ("CLAIM", "said")


def test_an_article_already_in_a_pane_is_not_opened_twice(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    bench.panes.open_document(three[0])
    bench.panes.open_document(three[1], new_pane=True)
    left, right = bench.panes.panes()
    assert bench.pane is right
    bench.panes.open_document(three[0], new_pane=True)  # already on the left: go there
    assert [p.document_id for p in bench.panes.panes()] == [three[0], three[1]]
    assert bench.pane is left


def segment_at(view, position: int):  # type: ignore[no-untyped-def]
    block = view.document().findBlock(position)
    relative = position - block.position()
    return next(s for s in view.segments(block) if s.start <= relative < s.end)


def test_a_person_inside_a_source_stays_visible(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    bench.open_document(three[0])
    service = bench.session.service
    text = service.document(three[0]).text
    service.add_span(three[0], 0, len("Lavrov said"), "SOURCE")
    service.add_span(three[0], 0, len("Lavrov"), "PERSON")
    view = bench.pane.view
    inner = segment_at(view, utf16_offset(text, 2))
    outer_only = segment_at(view, utf16_offset(text, len("Lavrov s")))
    assert inner.labels == ("SOURCE", "PERSON") and outer_only.labels == ("SOURCE",)
    assert inner.background != outer_only.background
    source = QColor(service.schema.get("SOURCE").color)  # type: ignore[union-attr]
    assert inner.underline == source.darker(140)
    assert outer_only.underline is None
    # and it is really painted: the pixel under "Lav" has the blended colour
    image = view.viewport().grab().toImage()
    rect = view.cursorRect(view.cursor_for(1, 1))
    pixel = image.pixelColor(rect.center().x() + 2, rect.top() + 2)
    assert pixel == inner.background


def test_inspector_edits_are_saved_and_undoable(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    bench.open_document(three[0])
    label(qtbot, bench, "the talks would go on", Qt.Key.Key_1)
    inspector = bench.inspector
    assert inspector.text_label.text() == "the talks would go on"
    service = bench.session.service
    span_id = inspector.span.id
    inspector.attribute_widgets["check_worthy"].setChecked(True)  # type: ignore[attr-defined]
    assert service.span(span_id).attributes == {"check_worthy": True}
    stance = inspector.attribute_widgets["stance"]
    stance.setCurrentIndex(stance.findData("opposes"))  # type: ignore[attr-defined]
    stance.activated.emit(stance.currentIndex())  # type: ignore[attr-defined]
    assert service.span(span_id).attributes == {"check_worthy": True, "stance": "opposes"}
    qtbot.keyClicks(inspector.note, "check with TASS")
    inspector.save_note()
    assert service.span(span_id).note == "check with TASS"
    bench.session.undo_stack.undo()
    assert service.span(span_id).note == ""
    bench.session.undo_stack.undo()
    assert service.span(span_id).attributes == {"check_worthy": True}
    assert inspector.attribute_widgets["stance"].currentData() is None  # type: ignore[attr-defined]


def test_deleting_a_span_with_attributes_and_undo_restores_them(
    qtbot, bench: MainWindow, three
) -> None:  # type: ignore[no-untyped-def]
    bench.open_document(three[0])
    label(qtbot, bench, "Kerry agreed", Qt.Key.Key_1)
    service = bench.session.service
    span_id = bench.inspector.span.id
    bench.inspector.attribute_widgets["check_worthy"].setChecked(True)  # type: ignore[attr-defined]
    kept = service.span(span_id)
    qtbot.keyClick(bench.pane.view, Qt.Key.Key_Delete)
    assert service.spans(three[0]) == []
    qtbot.keyClick(bench.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.span(span_id) == kept


def test_panes_can_be_added_reordered_and_closed(qtbot, bench: MainWindow, three) -> None:  # type: ignore[no-untyped-def]
    panes = bench.panes
    panes.open_document(three[0])
    panes.open_document(three[1], new_pane=True)
    panes.open_document(three[2], new_pane=True)
    assert [p.document_id for p in panes.panes()] == three
    panes.move_pane(panes.panes()[2], -1)
    assert [p.document_id for p in panes.panes()] == [three[0], three[2], three[1]]
    panes.close_pane(panes.panes()[0])
    assert [p.document_id for p in panes.panes()] == [three[2], three[1]]


def test_scroll_together_follows_the_other_pane(
    qtbot, service: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    long_text = "\n".join(f"Line {n} of a long article." for n in range(400))
    a, b = service.store.insert_documents(
        [DraftDocument(text=long_text), DraftDocument(text=long_text + "\nmore")]
    )
    window.panes.open_document(a)
    window.panes.open_document(b, new_pane=True)
    left, right = window.panes.panes()
    window.scroll_together_action.setChecked(True)
    left.view.verticalScrollBar().setValue(left.view.verticalScrollBar().maximum() // 2)
    assert right.view.verticalScrollBar().value() > 0
    window.scroll_together_action.setChecked(False)
    right.view.verticalScrollBar().setValue(0)
    assert left.view.verticalScrollBar().value() > 0


def test_help_lists_every_shortcut(qtbot, bench: MainWindow) -> None:  # type: ignore[no-untyped-def]
    rows = dict(bench.shortcuts_dialog().rows)
    keys = " ".join(rows)
    for key in (
        "F6",
        "F1",
        "Ctrl+Z",
        "Ctrl+Y",
        "Ctrl+Shift+Z",
        "Ctrl+Return",
        "Tab",
        "Delete",
        "Alt",
    ):
        assert key in keys, key


def test_screenshot_command_writes_a_png_of_the_given_size(
    tmp_path: Path, seeded: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from annotator.gui.screenshot import take_screenshot

    out = tmp_path / "shot.png"
    take_screenshot(seeded, out, seeded.document_ids(), (1200, 800))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)


def test_undo_of_an_articles_first_span_puts_it_back_to_new(
    qtbot, bench: MainWindow, three
) -> None:  # type: ignore[no-untyped-def]
    bench.open_document(three[0])
    service = bench.session.service
    row = bench.corpus_model.row_of(three[0])
    status = bench.corpus_model.index(row, 3)
    assert status.data() == "new"
    label(qtbot, bench, "the talks would go on", Qt.Key.Key_1)
    assert bench.corpus_model.index(row, 3).data() == "in progress"
    steps = bench.session.undo_stack.count()
    qtbot.keyClick(bench.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.spans(three[0]) == []
    assert bench.corpus_model.index(row, 3).data() == "new"  # in the same undo step
    assert bench.session.undo_stack.index() == steps - 1
    assert service.team.layers() == []  # the layer that span began is gone with it
    qtbot.keyClick(
        bench.pane.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [s.label for s in service.spans(three[0])] == ["CLAIM"]
    assert bench.corpus_model.index(row, 3).data() == "in progress"
    # A second span's undo leaves the article in progress: only the first one started it.
    label(qtbot, bench, "Kerry agreed", Qt.Key.Key_2)
    qtbot.keyClick(bench.pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert bench.corpus_model.index(row, 3).data() == "in progress"
