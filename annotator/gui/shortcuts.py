"""The keyboard contract, listed for the analyst (F1): the text panes' own keys, then every menu
action that has a shortcut, read from the window itself so the list never drifts from the code."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeySequence,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

PANE_KEYS: list[tuple[str, str]] = [
    ("Enter / Shift+Enter", "In the corpus: open the article here / in a new pane beside"),
    (
        "Arrows, Ctrl+Left/Right",
        "Move the caret by character / word; Shift extends the selection when no span is chosen (Escape forgets the chosen span)",
    ),
    ("Label hotkey (0–9)", "Label the selection, snapped to whole words; relabel the chosen span"),
    ("Alt + hotkey", "Label the selection character-exact, without snapping"),
    ("Tab / Shift+Tab", "Choose the next / previous span"),
    ("Click a span", "Choose it (the innermost one under the mouse)"),
    (
        "Ctrl+click a span, Ctrl+Tab / Ctrl+Shift+Tab",
        "Add a span to the chosen ones (or drop it); a label key, Delete or R then acts on all of them",
    ),
    ("Shift+Left/Right", "Move the chosen span's end by a character (Ctrl: by a word)"),
    ("Alt+Shift+Left/Right", "Move the chosen span's start by a character (Ctrl: by a word)"),
    ("Drag a chosen span's edge", "Move that edge (snapped to the word unless Alt is held)"),
    ("Delete", "Delete the chosen span(s); on a suggestion, reject it (not proposed again)"),
    ("Enter on a suggestion", "Accept it (its label key does too; another label's key relabels)"),
    ("F", "Find elsewhere: the chosen source, entity or claim in other articles, to link"),
    ("Escape", "Forget the chosen span; cancel a relation or link being made"),
    ("R, then Tab/click, Enter, label key", "Relation from the chosen span to another span"),
    (
        "R with several spans chosen, label key",
        "Relate the first chosen span to each of the others",
    ),
    ("Ctrl+drag from span to span", "Relation by mouse"),
    ("L, then label key", "Link the chosen span to the one chosen in the other pane"),
    (
        "Team ▸ Adjudicate, on the list: 1–9, M, A, Enter; F6; Ctrl+Enter",
        "Take that analyst's version, merge the versions, accept all agreed, write your own in"
        " the curated pane; back to the list; mark curated and open the next",
    ),
]


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    rows = list(PANE_KEYS)
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            rows.append((", ".join(keys), action.text().replace("&", "")))
    return rows


class ShortcutsDialog(QDialog):
    """F1: every key and what it does, each description whole (wrapped, never cut at the edge)."""

    def __init__(self, parent: QWidget, actions: Iterable[QAction]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = shortcut_rows(actions)
        self.model = QStandardItemModel(len(self.rows), 2, self)
        self.model.setHorizontalHeaderLabels(["Keys", "What it does"])
        bold = QFont(self.font())
        bold.setBold(True)
        for row, (keys, what) in enumerate(self.rows):
            key_item = QStandardItem(keys)
            key_item.setFont(bold)
            self.model.setItem(row, 0, key_item)
            self.model.setItem(row, 1, QStandardItem(what))
        for row in range(self.model.rowCount()):
            for column in range(2):
                item = self.model.item(row, column)
                item.setEditable(False)
        self.table = QTableView(self)
        self.table.setObjectName("ShortcutsTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # rows grow to the wrapped description whenever the description column changes width
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.table.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """Rows sized before the dialog is laid out fit a narrow column: a one-line description
        stood in a row five lines high. Sized again once the columns have their real widths."""
        super().showEvent(event)
        self.table.resizeRowsToContents()
