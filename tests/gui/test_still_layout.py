"""A still layout: modes add nothing above the text, docks keep their size, F1 shows each
description whole, and focus comes back after every dialog. Driven on the real window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog

from annotator.gui.app import fit_to_screen
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from tests.gui.test_relations_links import CLAIM_000, add, tab_to


def first_line_on_screen(pane) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """The first visible line's block, its scroll value and where it sits in the window."""
    view = pane.view
    block = view.firstVisibleBlock()
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    on_window = view.viewport().mapTo(view.window(), QPoint(0, int(top))).y()
    return block.blockNumber(), view.verticalScrollBar().value(), on_window


def test_relation_and_link_modes_do_not_move_the_first_visible_line(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    first, second = seeded.document_ids()
    window.panes.open_document(first)
    window.panes.open_document(second, new_pane=True)
    left, right = window.panes.panes()
    claim = add(seeded, first, CLAIM_000, "CLAIM")
    other = add(seeded, second, "Lavrov", "SOURCE")
    left.view.setFocus()
    tab_to(qtbot, left, claim)
    left.view.verticalScrollBar().setValue(40)
    before = first_line_on_screen(left)

    qtbot.keyClick(left.view, Qt.Key.Key_R)
    assert left.prompt.isVisible() and "Relation from CLAIM" in left.prompt.text()
    assert first_line_on_screen(left) == before
    # the prompt lies over the text's bottom edge, inside the pane
    assert left.prompt.geometry().bottom() <= left.view.geometry().bottom()
    qtbot.keyClick(left.view, Qt.Key.Key_Escape)
    assert not left.prompt.isVisible()

    right.view.setFocus()
    tab_to(qtbot, right, other)
    right_before = first_line_on_screen(right)
    left.view.setFocus()
    qtbot.keyClick(left.view, Qt.Key.Key_L)  # a claim and a source: no link label joins them
    qtbot.keyClick(left.view, Qt.Key.Key_R)
    assert left.prompt.isVisible()
    assert first_line_on_screen(left) == before
    assert first_line_on_screen(right) == right_before


def dock_sizes(window: MainWindow) -> tuple[int, int, int]:
    return window.corpus_dock.width(), window.inspector_dock.width(), window.links_dock.height()


def test_docks_keep_their_size_when_the_window_and_panes_change(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    qtbot.waitUntil(lambda: dock_sizes(window) == (380, 300, 150))
    first, second = seeded.document_ids()
    window.panes.open_document(first)
    text = seeded.document(first).text
    long_span = seeded.add_span(first, 0, min(len(text), 900), "CLAIM")
    window.pane.reveal_span(long_span.id)  # a long text in the inspector
    window.panes.open_document(second, new_pane=True)
    window.resize(1500, 900)
    qtbot.wait(50)
    assert dock_sizes(window) == (380, 300, 150)
    window.resize(1700, 1050)
    qtbot.wait(50)
    assert dock_sizes(window) == (380, 300, 150)


def test_a_dock_dragged_by_hand_keeps_its_new_width(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dock_sizes(window)[0] == 380)
    dock = window.corpus_dock
    edge = dock.geometry().right() + 3  # the separator between the corpus and the panes
    y = dock.geometry().center().y()
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for x in (edge + 40, edge + 80):  # QTest's mouseMove carries no button: send the drag itself
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(x, y),
            QPointF(window.mapToGlobal(QPoint(x, y))),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(window, move)
        qtbot.wait(20)  # the main window applies a separator move on a timer
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(edge + 80, y))
    dragged = dock.width()
    assert dragged > 400
    window.resize(1500, 950)
    qtbot.wait(50)
    assert dock.width() == dragged


def test_every_shortcut_description_is_shown_whole(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.shortcuts_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.horizontalScrollBar().maximum() == 0  # nothing hidden to the right
    metrics = table.fontMetrics()
    for row, (_keys, what) in enumerate(dialog.rows):
        cell = table.visualRect(dialog.model.index(row, 1))
        needed = metrics.boundingRect(
            QRect(0, 0, cell.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, what
        )
        assert cell.right() <= table.viewport().width(), what
        assert needed.height() <= cell.height(), what
    keys = " ".join(keys for keys, _what in dialog.rows)
    for key in ("Shift+Left/Right", "Alt+Shift+Left/Right", "Ctrl+click", "Ctrl+Tab"):
        assert key in keys


def close_dialog_soon(qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    """Close the modal dialog that is about to open, with Escape, as a user would."""
    seen: list[str] = []

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, close)
            return
        seen.append(dialog.windowTitle())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(20, close)
    return seen


def test_focus_comes_back_to_the_pane_after_each_dialog(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window.panes.open_document(seeded.document_ids()[0])
    view = window.pane.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    seen = close_dialog_soon(qtbot)
    qtbot.keyClick(view, Qt.Key.Key_F1)  # the shortcut sheet, modal
    assert seen == ["Keyboard shortcuts"]
    qtbot.waitUntil(view.hasFocus)

    seen = close_dialog_soon(qtbot)
    window.import_files()  # the file chooser: cancelled
    assert seen
    qtbot.waitUntil(view.hasFocus)

    qtbot.keyClick(
        view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    editor = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
    )
    qtbot.waitUntil(lambda: editor.isActiveWindow())
    editor.table.setFocus()
    seen = close_dialog_soon(qtbot)
    editor.buttons["Rename"].click()  # a question asked by the schema editor, cancelled
    assert seen == ["Rename label"]
    qtbot.waitUntil(editor.table.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(view.hasFocus)


LONG_OUTLET = "Federal News Agency of the Autonomous Region Daily Bulletin International Edition"


def test_long_names_neither_widen_the_corpus_nor_wrap_a_panes_title(
    qtbot,
    seeded: ProjectService,
    session,  # type: ignore[no-untyped-def]
) -> None:
    first, second = seeded.document_ids()
    seeded.stories.create(f"{LONG_OUTLET} talks", [first, second])
    bob = ProjectService.open(seeded.target, analyst="bob")
    bob.add_span(first, 0, 6, "GPE")  # another analyst's layer: the pane offers the layer choice
    bob.close()
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: dock_sizes(window)[0] == 380)  # as without the long story
    assert window.corpus_dock.width() < 0.3 * window.width()
    story = window.corpus_filter.story
    story.showPopup()  # the open list shows the story's name whole
    assert story.view().width() > story.view().fontMetrics().horizontalAdvance(LONG_OUTLET)
    story.hidePopup()

    window.panes.open_document(first)
    header = window.pane.header
    assert header.layer_choice.isVisible()
    title = seeded.document(first).title
    assert header.title.text() != title and header.title.text().endswith("…")  # elided
    line = header.title.fontMetrics().height()
    assert header.title.height() < 2 * line  # one line, beside the buttons
    assert header.height() < 4 * line  # the title and one line of details
    assert title in header.toolTip()  # the whole title, on hover
    window.resize(3000, 1000)  # room enough: the title whole
    qtbot.waitUntil(lambda: header.title.text() == title)


def test_the_window_fits_a_laptops_screen_at_the_start(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    laptop = QRect(0, 0, 1366, 768)
    fit_to_screen(window, laptop)
    qtbot.waitUntil(lambda: window.frameGeometry().width() <= 1366)
    assert window.frameGeometry().height() <= 768
    inspector = window.inspector_dock
    assert inspector.mapTo(window, inspector.rect().topRight()).x() < 1366  # not off the edge
    larger = QRect(0, 0, 2560, 1440)
    before = window.size()
    fit_to_screen(window, larger)  # room enough: the size stays
    assert window.size() == before
