"""A pane's head: the article's title over a line of details (whose layer, status, outlet, date,
file), the layer choice, and the buttons that move and close the pane.

Each of the two lines stays one line, elided to the width there is (the title whole in the
tooltip, over the provenance): wrapped, a long title took five lines of a narrow pane once the
layer choice stood beside it, and pushed the text down.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.model import Document
from annotator.gui.layer_choice import LayerChoice
from annotator.gui.plain import plain_tooltip
from annotator.gui.session import Session

NO_ARTICLE = "No article open. Choose one in the corpus and press Enter."
TITLE_PIXELS = 15
DETAILS_COLOR = "#666"


class PaneHeader(QWidget):
    """The head of a `DocumentPane`: `title` over `details`, each one line."""

    move_requested = Signal(int)  # -1 left, +1 right
    close_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PaneHeaderBox")
        self.title = self._line("PaneTitle")
        self._plain_font = QFont(self.title.font())
        self._title_font = QFont(self.title.font())
        self._title_font.setPixelSize(TITLE_PIXELS)
        self._title_font.setWeight(QFont.Weight.DemiBold)
        self._caption_font = QFont(self.title.font())  # the compact line: bold, text size
        self._caption_font.setBold(True)
        self._compact = False
        self.details = self._line("PaneDetails")
        self.details.setStyleSheet(f"color: {DETAILS_COLOR}")
        self.layer_choice = LayerChoice(session)
        self.buttons: list[QToolButton] = []
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        for symbol, tip, action in (
            ("◀", "Move this pane left", lambda: self.move_requested.emit(-1)),
            ("▶", "Move this pane right", lambda: self.move_requested.emit(1)),
            ("✕", "Close this pane", self.close_requested.emit),
        ):
            button = QToolButton()
            button.setText(symbol)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(action)
            self.buttons.append(button)
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.details, 1)
        # Beside the details, not the title: the title keeps the pane's width.
        bottom.addWidget(self.layer_choice, 0, Qt.AlignmentFlag.AlignVCenter)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(10, 6, 6, 6)
        rows.setSpacing(2)
        rows.addLayout(top)
        rows.addLayout(bottom)
        #: (title, details) as they are before eliding; None: no article open.
        self._lines: tuple[str, str] | None = None
        self._render()

    def _line(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # data is text (see `plain`)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Any width will do: the line is elided to it, never wrapped or widening the pane.
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.installEventFilter(self)
        return label

    def text(self) -> str:
        """The header's lines as shown."""
        return "\n".join(
            label.text() for label in (self.title, self.details) if not label.isHidden()
        )

    def show_article(
        self,
        document: Document | None,
        *,
        layer: str | None = None,
        writes_layer: bool = False,
        caption: str = "",
        compact: bool = False,
    ) -> None:
        """Name `document` (None: none open) as shown in `layer` (None: one's own); `compact`:
        one line of caption and details (the adjudication window names the article itself)."""
        if document is None:
            self._lines = None
            self.setToolTip("")
            self._render()
            return
        details = [f"#{document.id}", document.status.replace("_", " ")]
        if writes_layer:
            details.insert(0, f"the {layer} layer, yours to edit")
        elif layer is not None:
            details.insert(0, f"{layer}'s layer, read-only")
        # The stored columns (what Article ▸ Properties edits), not the file's own `meta`.
        details.extend(value for value in (document.outlet, document.published) if value)
        provenance = document.provenance
        origin = [document.title]
        if provenance.path:
            where = provenance.path + (f":{provenance.line}" if provenance.line else "")
            details.append(f"{Path(provenance.path).name} ({provenance.format or '?'})")
            origin.append(f"from {where} ({provenance.format or '?'})")
        if provenance.imported_at:
            origin.append(f"imported {provenance.imported_at}")
        origin.append(f"sha256 {document.content_hash}")
        self._compact = compact
        if compact:
            self._lines = (" · ".join([caption, *details[:2]]), "")
        else:
            self._lines = (
                " · ".join([caption, document.title] if caption else [document.title]),
                " · ".join(details),
            )
        # the title whole and the whole provenance, one hover away
        self.setToolTip(plain_tooltip("\n".join(origin)))
        self._render()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and watched in (self.title, self.details):
            self._render()
        return super().eventFilter(watched, event)

    def _render(self) -> None:
        if self._lines is None:  # the hint, in grey, wrapped beside the buttons
            self.title.setFont(self._plain_font)
            self.title.setStyleSheet(f"color: {DETAILS_COLOR}")
            self.title.setWordWrap(True)
            self.title.setText(NO_ARTICLE)
            self.details.hide()
            return
        self.title.setFont(self._caption_font if self._compact else self._title_font)
        self.title.setStyleSheet("")
        self.title.setWordWrap(False)
        for label, line in zip((self.title, self.details), self._lines, strict=True):
            width = max(label.contentsRect().width(), 40)
            label.setText(label.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, width))
        self.details.setHidden(not self._lines[1] and self.layer_choice.isHidden())
