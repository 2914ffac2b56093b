"""The keyboard contract, listed for the analyst (F1): the text panes' own keys, then every menu
action that has a shortcut, read from the window itself so the list never drifts from the code."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

PANE_KEYS: list[tuple[str, str]] = [
    ("Enter / Shift+Enter", "In the corpus: open the article here / in a new pane beside"),
    ("Arrows, Ctrl+Left/Right", "Move the caret by character / word; Shift extends the selection"),
    ("Label hotkey (0–9)", "Label the selection, snapped to whole words; relabel the chosen span"),
    ("Alt + hotkey", "Label the selection character-exact, without snapping"),
    ("Tab / Shift+Tab", "Choose the next / previous span"),
    ("Click a span", "Choose it (the innermost one under the mouse)"),
    ("Delete", "Delete the chosen span; on a suggestion, reject it (not proposed again)"),
    ("Enter on a suggestion", "Accept it (its label key does too; another label's key relabels)"),
    ("F", "Find elsewhere: the chosen source, entity or claim in other articles, to link"),
    ("Escape", "Forget the chosen span; cancel a relation or link being made"),
    ("R, then Tab/click, Enter, label key", "Relation from the chosen span to another span"),
    ("Ctrl+drag from span to span", "Relation by mouse"),
    ("L, then label key", "Link the chosen span to the one chosen in the other pane"),
]


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    rows = list(PANE_KEYS)
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys:
            rows.append((", ".join(keys), action.text().replace("&", "")))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget, actions: Iterable[QAction]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = shortcut_rows(actions)
        table = "".join(
            f"<tr><td style='padding:3px 16px 3px 0'><b>{html.escape(keys)}</b></td>"
            f"<td>{html.escape(what)}</td></tr>"
            for keys, what in self.rows
        )
        text = QLabel(f"<table>{table}</table>")
        text.setObjectName("ShortcutsTable")
        scroll = QScrollArea()
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(620, 560)
