"""The browser's search box and the schema editor, reached from the main window as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService


def test_ctrl_f_searches_the_corpus_and_enter_opens_the_hit(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    window.corpus_model.reload()
    window.corpus_view.setFocus()
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.corpus_filter
    qtbot.waitUntil(lambda: window.focusWidget() is not window.corpus_view)
    qtbot.keyClicks(window.focusWidget(), "Hangzhou")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.corpus_model.rowCount() == 1)
    assert window.corpus_model.data(window.corpus_model.index(0, 0)).startswith("If US Separates")
    assert window.corpus_model.filter.query == "Hangzhou"
    assert search.isVisible()
    window.corpus_view.setFocus()
    window.corpus_view.selectRow(0)
    qtbot.keyClick(window.corpus_view, Qt.Key.Key_Return)
    assert window.pane.document_id == seeded.document_ids()[1]


def test_renaming_a_label_in_the_schema_editor_relabels_the_open_pane(
    qtbot,
    seeded: ProjectService,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    first = seeded.document_ids()[0]
    window.panes.open_document(first)
    text = seeded.document(first).text
    start = text.index("Sergey Lavrov")
    span = seeded.add_span(first, start, start + 13, "PERSON")
    dialog = window.edit_schema()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    window.session.service.rename_label("PERSON", "PERSONA")
    assert window.pane.view.index.get(span.id).label == "PERSONA"  # type: ignore[arg-type, union-attr]
    assert seeded.span(span.id).label == "PERSONA"  # type: ignore[arg-type]


def test_f1_lists_the_shortcuts_in_rows_as_high_as_their_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Rows were sized before the dialog was laid out: a one-line description sat in a row
    five lines high, the list three times longer than it needed to be."""
    from PySide6.QtCore import QRect, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.gui.shortcuts import ShortcutsDialog

    heights: list[tuple[int, int, str]] = []

    def measure() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ShortcutsDialog)
        table = dialog.table
        width = table.columnWidth(1)
        for row in range(dialog.model.rowCount()):
            text = dialog.model.item(row, 1).text()
            needed = table.fontMetrics().boundingRect(
                QRect(0, 0, width - 8, 100000), Qt.TextFlag.TextWordWrap, text
            )
            heights.append((table.rowHeight(row), needed.height(), text))
        dialog.reject()

    QTimer.singleShot(300, measure)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert heights
    line = window.fontMetrics().height()
    too_high = [(h, n, t) for h, n, t in heights if h > n + 2 * line]
    assert too_high == []
