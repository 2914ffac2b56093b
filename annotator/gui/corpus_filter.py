"""The corpus browser's filter box: words to find, a status and a label, above the article list.

The bar holds no articles and runs no search: it says what the analyst asked for, as a
`DocumentFilter` in `filter_changed`, and `CorpusModel.set_filter` asks the service for the rows.
Typing is debounced so a search runs when the analyst pauses, not on every key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.domain.search import DocumentFilter
from annotator.gui.session import Session

STATUSES: list[tuple[str, str | None]] = [
    ("All statuses", None),
    ("New", "new"),
    ("In progress", "in_progress"),
    ("Done", "done"),
]
ANY_LABEL = "Any label"
ANY_STORY = "Any story"
TYPING_PAUSE_MS = 250
#: How many letters a closed chooser shows of its choice (more are elided; the list shows all).
CHOOSER_LETTERS = 6
#: The widest an open chooser's list grows to show long names whole.
WIDEST_POPUP = 600


def fit_popup(chooser: QComboBox) -> None:
    """Let the open list be as wide as its longest name (up to `WIDEST_POPUP`), though the
    closed chooser is narrow."""
    view = chooser.view()
    wanted = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8
    view.setMinimumWidth(min(wanted, WIDEST_POPUP))


def color_icon(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class SearchEdit(QLineEdit):
    """The search box: Escape clears it, Down and Enter hand the keyboard to the list."""

    leave = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.leave.emit()
            return
        super().keyPressEvent(event)


class CorpusFilterBar(QWidget):
    """Search box, status and label choosers; `filter_changed(DocumentFilter)` when they change."""

    filter_changed = Signal(object)  # DocumentFilter
    accepted = Signal()  # Enter or Down in the search box: the analyst wants the list now

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._last = DocumentFilter()

        self.search = SearchEdit(self)
        self.search.setObjectName("CorpusSearch")
        self.search.setPlaceholderText('Search title and text: words, "a phrase", prefix*, -not')
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            'Every word must occur. "Quotes" keep a phrase together, word* matches the start'
            ' of words, -word leaves out articles that have it. outlet:rt, author:"Jane Doe",'
            " date:2017-04, url:, language: search those columns. Esc clears."
        )
        self.status = QComboBox(self)
        self.status.setObjectName("CorpusStatusFilter")
        for text, value in STATUSES:
            self.status.addItem(text, value)
        self.label = QComboBox(self)
        self.label.setObjectName("CorpusLabelFilter")
        self.label.setToolTip("Only articles with at least one span of this label")
        self.story = QComboBox(self)
        self.story.setObjectName("CorpusStoryFilter")
        self.story.setToolTip("Only the articles of this story")
        # As wide as a short name, not the longest: a story named after a long outlet made the
        # corpus dock take half the window. The open list shows the names whole (`fit_popup`).
        for chooser in (self.label, self.story):
            chooser.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            chooser.setMinimumContentsLength(CHOOSER_LETTERS)
        self.count = QLabel(self)
        self.count.setObjectName("CorpusCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.apply)

        choosers = QHBoxLayout()
        choosers.setContentsMargins(0, 0, 0, 0)
        choosers.addWidget(self.status, 1)
        choosers.addWidget(self.label, 1)
        choosers.addWidget(self.story, 1)
        choosers.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(3)
        layout.addWidget(self.search)
        layout.addLayout(choosers)

        self.rebuild_labels()
        self.rebuild_stories()
        self.story.currentIndexChanged.connect(lambda _i: self.apply())
        session.signals.stories_changed.connect(self.rebuild_stories)
        session.signals.changed_elsewhere.connect(self.rebuild_stories)
        self.search.textEdited.connect(lambda _text: self._typing.start())
        self.search.textChanged.connect(self._cleared)
        self.search.returnPressed.connect(self._accept)
        self.search.leave.connect(self._accept)
        self.status.currentIndexChanged.connect(lambda _i: self.apply())
        self.label.currentIndexChanged.connect(lambda _i: self.apply())
        session.signals.schema_changed.connect(self.rebuild_labels)

    def current_filter(self) -> DocumentFilter:
        return DocumentFilter(
            query=self.search.text().strip(),
            status=self.status.currentData(),
            label=self.label.currentData(),
            story=self.story.currentData(),
        )

    def apply(self) -> None:
        """Announce the filter now (typing waits for a pause; choosers apply at once)."""
        self._typing.stop()
        where = self.current_filter()
        if where != self._last:
            self._last = where
            self.filter_changed.emit(where)

    def show_count(self, shown: int) -> None:
        """Say how many articles the list holds under this filter."""
        self.count.setText(f"{shown:,} article{'' if shown == 1 else 's'}")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def rebuild_labels(self) -> None:
        """Offer the schema's span labels (retired ones too: their spans are still there)."""
        chosen = self.label.currentData()
        self.label.blockSignals(True)
        self.label.clear()
        self.label.addItem(ANY_LABEL, None)
        for label in self.session.service.schema.of_kind("span", include_retired=True):
            text = f"{label.name} (retired)" if label.retired else label.name
            self.label.addItem(color_icon(label.color), text, label.name)
        index = self.label.findData(chosen) if chosen is not None else 0
        self.label.setCurrentIndex(max(index, 0))
        self.label.blockSignals(False)
        fit_popup(self.label)
        if index < 0:  # the label filtered on is gone (renamed, merged, deleted)
            self.apply()

    def rebuild_stories(self) -> None:
        """Offer every story; keep the one chosen while it exists."""
        chosen = self.story.currentData()
        self.story.blockSignals(True)
        self.story.clear()
        self.story.addItem(ANY_STORY, None)
        for story in self.session.service.stories.list():
            suffix = " (suggested)" if story.suggested else ""
            self.story.addItem(f"{story.name}{suffix}", story.id)
        index = self.story.findData(chosen) if chosen is not None else 0
        self.story.setCurrentIndex(max(index, 0))
        self.story.blockSignals(False)
        fit_popup(self.story)
        if index < 0:  # the story filtered on is gone (merged, deleted, or undone)
            self.apply()
        elif chosen is not None:
            self._last = DocumentFilter()  # its articles may have changed: list them again
            self.apply()

    def set_story(self, story_id: int | None) -> None:
        """Show only that story's articles (None: every article)."""
        index = self.story.findData(story_id) if story_id is not None else 0
        self.story.setCurrentIndex(max(index, 0))
        self.apply()

    def _cleared(self, text: str) -> None:
        # The clear button and Escape change the text without an edit: apply at once.
        if not text:
            self.apply()

    def _accept(self) -> None:
        self.apply()
        self.accepted.emit()
