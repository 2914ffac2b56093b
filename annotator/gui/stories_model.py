"""The Stories dock's tree: stories at the top, their articles under them, read from the project.

The model keeps no story of its own: it rereads the project on `stories_changed` (and when an
article's properties change, for its title and outlet). A story's name is edited in place (F2 or a
double click), which the dock turns into one undoable rename.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from annotator.domain.stories import Story
from annotator.gui.session import Session
from annotator.storage.stories import StoryArticle

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ["Story / article", "Outlet", "Date"]
NO_PARENT = 0xFFFFFFFF  # internal id of a story row; an article row holds its story's row


class StoriesModel(QAbstractItemModel):
    rename_requested = Signal(int, str)  # story id, new name

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stories: list[Story] = []
        self._articles: list[list[StoryArticle]] = []
        self.reload()
        session.signals.stories_changed.connect(self.reload)
        session.signals.changed_elsewhere.connect(self.reload)  # e.g. `stories suggest` run aside
        session.signals.document_changed.connect(lambda _id: self.reload())

    def reload(self) -> None:
        stories = self.session.service.stories
        self.beginResetModel()
        self._stories = stories.list()
        self._articles = [stories.articles(s.id) for s in self._stories]
        self.endResetModel()

    # -- lookups -------------------------------------------------------------------------------

    def story_at(self, index: Index) -> Story | None:
        """The story of a row: the story itself, or the one an article row is under."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == NO_PARENT else index.internalId()
        return self._stories[row] if 0 <= row < len(self._stories) else None

    def article_at(self, index: Index) -> StoryArticle | None:
        if not index.isValid() or index.internalId() == NO_PARENT:
            return None
        return self._articles[index.internalId()][index.row()]

    def index_of_story(self, story_id: int) -> QModelIndex:
        for row, story in enumerate(self._stories):
            if story.id == story_id:
                return self.index(row, 0)
        return QModelIndex()

    def stories(self) -> list[Story]:
        return list(self._stories)

    # -- Qt's model interface ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, NO_PARENT)
        return self.createIndex(row, column, parent.row())

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, NO_PARENT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._stories)
        if parent.internalId() == NO_PARENT and parent.column() == 0:
            return len(self._articles[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.internalId() == NO_PARENT and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        article = self.article_at(index)
        if article is None:
            story = self._stories[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                if index.column() == 0:
                    return (
                        story.name
                        if role == Qt.ItemDataRole.EditRole
                        else (f"{story.name} ({len(story.document_ids)})")
                    )
                return ""
            if role == Qt.ItemDataRole.FontRole and story.suggested:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                state = "suggested: accept it to keep it" if story.suggested else "accepted"
                return f"{story.name}: {len(story.document_ids)} articles ({state})"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return article.title or f"(untitled #{article.id})"
            if index.column() == 1:
                return article.outlet or ""
            return article.published or ""
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        story = self.story_at(index)
        if story is None or role != Qt.ItemDataRole.EditRole or self.article_at(index):
            return False
        name = " ".join(str(value).split())
        if name and name != story.name:
            self.rename_requested.emit(story.id, name)
        return False  # the rename (if any) reloads the model from the project

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
