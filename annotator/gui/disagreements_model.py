"""The adjudication's list: a row per disagreement of the article, a column per analyst's
version and one for what the curated layer holds (see `annotator.gui.adjudication`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from annotator.domain.disagreements import Disagreement, version_text
from annotator.service.curation import ArticleCuration

Index = QModelIndex | QPersistentModelIndex
SETTLED = QColor("#d7f0d2")  # a version the curated layer holds


class DisagreementsModel(QAbstractTableModel):
    """A row per disagreement: where, each analyst's version, what the curated layer holds."""

    def __init__(self) -> None:
        super().__init__()
        self.article: ArticleCuration | None = None
        self.text = ""

    def set_article(self, article: ArticleCuration | None, text: str) -> None:
        self.beginResetModel()
        self.article, self.text = article, text
        self.endResetModel()

    @property
    def disagreements(self) -> tuple[Disagreement, ...]:
        return self.article.disagreements if self.article is not None else ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's API)
        return 0 if parent.isValid() else len(self.disagreements)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's API)
        if parent.isValid() or self.article is None:
            return 0
        return 2 + len(self.article.analysts) + 1

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        assert self.article is not None
        analysts = self.article.analysts
        if section == 0:
            return "#"
        if section == 1:
            return "where"
        if section - 2 < len(analysts):
            return f"{section - 1} {analysts[section - 2]}"
        return "curated"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.article is None:
            return None
        disagreement = self.disagreements[index.row()]
        column, analysts = index.column(), self.article.analysts
        curated = self.article.curated_version(disagreement)
        if role == Qt.ItemDataRole.BackgroundRole:
            settled = (
                2 <= column < 2 + len(analysts)
                and disagreement.version(analysts[column - 2]) == curated
            )
            return QBrush(SETTLED) if settled else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        limit = 200 if role == Qt.ItemDataRole.ToolTipRole else 28
        if column == 0:
            return str(disagreement.number)
        if column == 1:
            words = " ".join(self.text[disagreement.start : disagreement.end].split())
            return words if len(words) <= limit else words[: limit - 1] + "…"
        if column - 2 < len(analysts):
            return version_text(disagreement.version(analysts[column - 2]), self.text, limit)
        matching = disagreement.matching(curated)
        if matching:
            numbers = [str(analysts.index(name) + 1) for name in matching]
            return "= " + ", ".join(numbers)
        return "own: " + version_text(curated, self.text, limit) if curated else "(nothing)"
