"""A small list model of (text, payload) entries, for lists the views read off the project."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from annotator.gui.plain import plain_tooltip

Index = QModelIndex | QPersistentModelIndex


class EntriesModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[tuple[str, Any]] = []

    def set_entries(self, entries: list[tuple[str, Any]]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[tuple[str, Any]]:
        return list(self._entries)

    def payload(self, row: int) -> Any:
        return self._entries[row][1] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._entries[index.row()][0]
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._entries[index.row()][0])
        return None
