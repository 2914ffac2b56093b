"""Which analyst's layer a pane shows: one's own (editable), or another's, read-only.

A small combo box in the pane's header, listing the layers of the open article; the pane reads
its marks and relations from the chosen layer, as it does when it opens an article.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from annotator.gui.session import Session


class LayerChoice(QComboBox):
    """The layers of one article; `layer_chosen(name)` with None for the analyst's own."""

    layer_chosen = Signal(object)  # str | None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("LayerChoice")
        self.setToolTip(
            "Whose annotations this pane shows: yours to edit, or another analyst's, read-only"
        )
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self._chosen)
        self._filling = False

    def fill(self, document_id: int | None, current: str | None) -> None:
        """List the article's layers (one's own first, even when still empty)."""
        self._filling = True
        self.clear()
        own = self.session.service.store.write_layer
        self.addItem(f"{own} (yours)", None)
        if document_id is not None:
            for layer in self.session.service.team.layers_of(document_id):
                if layer.name != own:
                    self.addItem(f"{layer.name} (read-only)", layer.name)
        index = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.setVisible(self.count() > 1)
        self._filling = False

    def _chosen(self, index: int) -> None:
        if not self._filling and index >= 0:
            self.layer_chosen.emit(self.itemData(index))
