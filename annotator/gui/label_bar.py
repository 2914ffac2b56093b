"""The label bar: every span label with its colour and hotkey, clickable as well as keyed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QToolBar, QWidget

from annotator.gui.plain import plain_tooltip
from annotator.gui.session import Session


class LabelBar(QToolBar):
    label_chosen = Signal(str)  # the label's hotkey, as if it had been pressed

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Labels", parent)
        self.setObjectName("LabelBar")
        self.session = session
        self.setMovable(False)
        #: Actions shown after the labels (the snap toggle), put back by every `rebuild`.
        self._trailing: list[QAction] = []
        self.rebuild()
        session.signals.schema_changed.connect(self.rebuild)

    def rebuild(self) -> None:
        for action in self.actions():
            if action not in self._trailing:
                action.deleteLater()  # the labels' own (the trailing ones are the window's)
        self.clear()
        for label in self.session.service.schema.of_kind("span"):
            key = label.hotkey or ""
            action = QAction(f"{key}  {label.name}" if key else label.name, self)
            action.setToolTip(
                plain_tooltip(
                    f"{label.name}: {label.description}\nSelect text, then press {key}"
                    if key
                    else label.name
                )
            )
            action.triggered.connect(lambda _=False, k=key: self.label_chosen.emit(k))
            self.addAction(action)
            button = self.widgetForAction(action)
            color = QColor(label.color)
            button.setStyleSheet(
                f"QToolButton {{ background: {color.lighter(125).name()};"
                f" border: 1px solid {color.darker(130).name()}; border-radius: 4px;"
                " padding: 3px 8px; margin: 2px; font-weight: 600; color: #1b1b1b; }"
                f"QToolButton:hover {{ background: {color.name()}; }}"
            )
            button.setObjectName(f"label-{label.name}")
        if self._trailing:
            self.addSeparator()
            self.addActions(self._trailing)

    def add_trailing(self, action: QAction) -> None:
        """Show `action` after the labels, kept there when the labels change (a schema edit, or
        the analyst named at the first start rereading the schema) which rebuilds the bar."""
        self._trailing.append(action)
        self.rebuild()
