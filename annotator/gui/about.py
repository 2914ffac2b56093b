"""Help ▸ About: the same facts as `annotator --version`, plus the Qt the window really loaded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.service.about import version_lines


def about_text(project: Path) -> str:
    lines = version_lines(project)
    lines.insert(3, f"Qt loaded: {qVersion()}")
    return "\n".join(lines)


def about_box(parent: QWidget, project: Path) -> QMessageBox:
    """A plain-text box (a project path is data, never markup) that the caller shows."""
    box = QMessageBox(parent)
    box.setWindowTitle("About annotator")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(about_text(project))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box
