"""The keyboard contract, listed once: the help dialog shows it and the tests walk it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

SHORTCUTS: list[tuple[str, str]] = [
    ("Enter", "Open the article chosen in the corpus"),
    ("Arrows, Ctrl+Left/Right", "Move the caret by character / word; Shift extends the selection"),
    ("0-9 (label hotkey)", "Label the selection (snapped to whole words); relabel the chosen span"),
    ("Alt + hotkey", "Label the selection exactly, without snapping to words"),
    ("Tab / Shift+Tab", "Choose the next / previous span"),
    ("Click a span", "Choose it (the innermost one under the mouse)"),
    ("Delete", "Delete the chosen span"),
    ("Escape", "Forget the chosen span"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("F1", "This list"),
]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td style='padding:3px 14px 3px 0'><b>{keys}</b></td><td>{what}</td></tr>"
            for keys, what in SHORTCUTS
        )
        text = QLabel(f"<table>{rows}</table>")
        text.setObjectName("ShortcutsTable")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
