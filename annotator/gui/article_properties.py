"""Article ▸ Properties: the title, outlet, date, URL, author and language of one article.

The dialog edits a copy; OK makes one undoable edit (`SetPropertiesCommand`) that stores every field
at once through `ProjectService.set_article_properties`. The text itself is never editable: every
span points into it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from annotator.domain.metadata import ArticleMetadata, ArticleProperties
from annotator.gui.commands import EditCommand
from annotator.gui.session import Session
from annotator.service import ProjectService

FIELD_LABELS: list[tuple[str, str]] = [
    ("outlet", "&Outlet"),
    ("published", "&Date"),
    ("url", "&URL"),
    ("author", "&Author"),
    ("language", "&Language"),
]


class SetPropertiesCommand(EditCommand):
    """Set an article's title and metadata; undo puts back what they were."""

    def __init__(self, service: ProjectService, document_id: int, after: ArticleProperties) -> None:
        super().__init__(service, "Edit article properties")
        self._document_id = document_id
        self._after = after
        self._before: ArticleProperties | None = None

    def do(self) -> None:
        self._before = self.service.set_article_properties(self._document_id, self._after)

    def undo_edit(self) -> None:
        assert self._before is not None
        self.service.set_article_properties(self._document_id, self._before)


class ArticlePropertiesDialog(QDialog):
    """A form of one article's properties; Accept stores them as one undoable edit."""

    def __init__(self, session: Session, document_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ArticleProperties")
        self.session = session
        self.document_id = document_id
        self.setWindowTitle(f"Article #{document_id} properties")
        self.setMinimumWidth(560)
        current = session.service.article_properties(document_id)
        form = QFormLayout(self)
        self.title_edit = QLineEdit(current.title, self)
        self.title_edit.setObjectName("PropertyTitle")
        form.addRow("&Title", self.title_edit)
        self.edits: dict[str, QLineEdit] = {}
        placeholders = {
            "published": "YYYY-MM-DD",
            "url": "https://…",
            "language": "e.g. en, ru",
            "outlet": "e.g. rt.com (taken from the URL when empty)",
        }
        for name, text in FIELD_LABELS:
            edit = QLineEdit(getattr(current.metadata, name) or "", self)
            edit.setObjectName(f"Property_{name}")
            edit.setPlaceholderText(placeholders.get(name, ""))
            self.edits[name] = edit
            form.addRow(text, edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def properties(self) -> ArticleProperties:
        values = {name: edit.text() for name, edit in self.edits.items()}
        return ArticleProperties(self.title_edit.text(), ArticleMetadata(**values))

    def accept(self) -> None:
        after = self.properties().checked()
        if after != self.session.service.article_properties(self.document_id):
            command = SetPropertiesCommand(self.session.service, self.document_id, after)
            if not self.session.edit(command):
                return  # the session said why in the status bar; the form stays open
        super().accept()
