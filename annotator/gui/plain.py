"""Data is text: titles, span texts, notes and label names are shown as written, never as markup.

Qt guesses: a `QLabel`, a tooltip, a message box or an input dialog's prompt whose text looks like
HTML (`Qt.mightBeRichText`) is drawn as HTML, so an imported `<h1>` grew huge and an
`<img src=file:…>` loaded a local file. Every widget that shows project data goes through here:
labels and dialogs are set to plain text, and tooltips (which have no format of their own) are
escaped into a paragraph that keeps the text's line breaks.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally ("" stays: no tooltip)."""
    if not text:
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def make_plain(widget: QWidget) -> QWidget:
    """Set every label inside a dialog (an input dialog's prompt, a message box's text) to plain."""
    for label in widget.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        if isinstance(widget, QInputDialog):
            # The prompt is its field's buddy: "R&D" would show as "RD" with D underlined.
            label.setText(label.text().replace("&", "&&"))
    return widget


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget, title: str, prompt: str, text: str = "") -> str | None:
    """A line of text, the prompt (which may hold a label's name) shown as written."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(prompt)
    dialog.setTextValue(text)
    make_plain(dialog)
    return dialog.textValue().strip() if dialog.exec() else None


def ask_item(parent: QWidget, title: str, prompt: str, items: list[str]) -> str | None:
    """One of `items`, the prompt shown as written."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(prompt)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    make_plain(dialog)
    return dialog.textValue() if dialog.exec() else None
