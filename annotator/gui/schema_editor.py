"""The label schema editor: add, rename, recolour, re-key, retire, delete or merge labels, presets.

The table is an item model over the project's schema (no widget holds a label); every button calls
one `ProjectService` method, and the table refreshes from the `schema_changed` that follows. Each
question the dialog asks (a name, a colour, a label to merge into) is one small `ask_*` method, so
a test can answer it and drive everything else for real.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QHeaderView,
    QTableView,
    QWidget,
)

from annotator import paths
from annotator.domain.labels import LABEL_KINDS, Label
from annotator.gui.commands import EditCommand
from annotator.gui.plain import ask_item, ask_text, ask_yes_no, plain_label, plain_tooltip
from annotator.gui.schema_commands import MergeLabelCommand, RenameLabelCommand, SchemaCommand
from annotator.gui.schema_details import AttributesDialog, JoinsDialog, lay_out_with_buttons
from annotator.gui.session import Session
from annotator.service.project import LabelUses

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ["Name", "Kind", "Key", "Colour", "Uses", "Retired"]
NAME, KIND, KEY, COLOUR, USES, RETIRED = range(len(COLUMNS))


class LabelTableModel(QAbstractTableModel):
    """The schema's labels, one row each, read from the service; Name and Key edit in place."""

    refused = Signal(str)  # why an edit in the table was not made

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._labels: list[Label] = []
        self._uses: dict[str, LabelUses] = {}
        self.reload()
        signals = session.signals
        signals.schema_changed.connect(self.reload)
        for signal in (
            signals.span_added,
            signals.span_removed,
            signals.span_changed,
            signals.relation_added,
            signals.relation_removed,
            signals.link_added,
            signals.link_removed,
        ):
            signal.connect(self._refresh_uses)

    def reload(self) -> None:
        self.beginResetModel()
        self._labels = list(self.session.service.schema.labels)
        self._uses = self.session.service.label_uses()
        self.endResetModel()

    def _refresh_uses(self, *_args: object) -> None:
        self._uses = self.session.service.label_uses()
        if self._labels:
            self.dataChanged.emit(self.index(0, USES), self.index(len(self._labels) - 1, USES))

    def label_at(self, row: int) -> Label | None:
        return self._labels[row] if 0 <= row < len(self._labels) else None

    def row_of(self, name: str) -> int | None:
        return next((i for i, label in enumerate(self._labels) if label.name == name), None)

    def uses(self, name: str) -> LabelUses:
        return self._uses.get(name, LabelUses())

    # -- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._labels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        label = self.label_at(index.row()) if index.isValid() else None
        if label is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                NAME: label.name,
                KIND: label.kind,
                KEY: label.hotkey or "",
                COLOUR: label.color,
                USES: self.uses(label.name).total,
                RETIRED: "retired" if label.retired else "",
            }[column]
        if role == Qt.ItemDataRole.DecorationRole and column in (NAME, COLOUR):
            return QColor(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == USES:
                return plain_tooltip(self.uses(label.name).describe())
            return plain_tooltip(label.description) or None
        if role == Qt.ItemDataRole.ForegroundRole and label.retired:
            return QColor("#808080")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (KEY, USES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (NAME, KEY):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        label = self.label_at(index.row()) if index.isValid() else None
        if label is None or role != Qt.ItemDataRole.EditRole:
            return False
        service = self.session.service
        text = str(value).strip()
        command: EditCommand
        if index.column() == NAME:
            if text == label.name:
                return False
            command = RenameLabelCommand(service, label.name, text)
        elif index.column() == KEY:
            command = SchemaCommand(
                service,
                f"Key {text or 'none'} for {label.name}",
                lambda: service.set_label_hotkey(label.name, text or None),
            )
        else:
            return False
        refusal = self.session.push(command)
        if refusal is not None:
            self.refused.emit(refusal)
            return False
        return True  # the schema_changed that followed has already reloaded the rows

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class SchemaEditorDialog(QDialog):
    """Labels → Edit schema…: the project's labels and what can be done to them."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Label schema")
        self.resize(720, 480)
        self.session = session
        self.model = LabelTableModel(session, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.message = plain_label("", self)
        self.message.setObjectName("SchemaMessage")
        self.message.setWordWrap(True)
        self.model.refused.connect(self.show_message)

        actions: list[tuple[str, Callable[[], object]]] = [
            ("&Add…", self.add_label),
            ("&Rename…", self.rename_label),
            ("&Colour…", self.recolor_label),
            ("&Hotkey…", self.rekey_label),
            ("Re&tire", self.toggle_retired),
            ("&Delete…", self.delete_label),
            ("Attri&butes…", self.edit_attributes),
            ("&Joins…", self.edit_joins),
            ("Load &preset…", self.load_preset),
        ]
        self.buttons = lay_out_with_buttons(self, self.table, actions, self.message)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        if self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._update_buttons()

    # -- what the buttons do -------------------------------------------------------------------

    def selected(self) -> Label | None:
        return self.model.label_at(self.table.currentIndex().row())

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row is not None:
            self.table.selectRow(row)

    def add_label(self) -> None:
        name = self.ask_text("Add label", "Name of the new label:")
        if not name:
            return
        kind = self.ask_item("Add label", f"What does {name} mark?", list(LABEL_KINDS))
        if kind is None:
            return
        service = self.session.service
        if self._do(f"Add {name}", lambda: service.add_label(name, kind)):  # type: ignore[arg-type]
            self.select(name)
            self.show_message(f"Added {name}. Give it a key with Hotkey….")

    def rename_label(self) -> None:
        label = self.selected()
        if label is None:
            return
        new = self.ask_text("Rename label", f"New name for {label.name}:", label.name)
        if (
            new
            and new != label.name
            and self._push(RenameLabelCommand(self.session.service, label.name, new))
        ):
            self.select(new)
            self.show_message(f"Renamed {label.name} to {new}; its spans carry the new name.")

    def recolor_label(self) -> None:
        label = self.selected()
        if label is None:
            return
        color = self.ask_color(label.color)
        service = self.session.service
        if color and self._do(
            f"Recolour {label.name}", lambda: service.recolor_label(label.name, color)
        ):
            self.select(label.name)

    def rekey_label(self) -> None:
        label = self.selected()
        if label is None:
            return
        key = self.ask_text(
            "Hotkey", f"One key for {label.name} (empty: no key):", label.hotkey or ""
        )
        service = self.session.service
        if key is not None and self._do(
            f"Key {key.strip() or 'none'} for {label.name}",
            lambda: service.set_label_hotkey(label.name, key.strip() or None),
        ):
            self.select(label.name)

    def toggle_retired(self) -> None:
        label = self.selected()
        service = self.session.service
        if label is not None and self._do(
            f"{'Unretire' if label.retired else 'Retire'} {label.name}",
            lambda: service.retire_label(label.name, not label.retired),
        ):
            self.select(label.name)

    def delete_label(self) -> None:
        """Delete an unused label; a used one is merged into another label the analyst picks."""
        label = self.selected()
        if label is None:
            return
        service = self.session.service
        uses = self.model.uses(label.name)
        if not uses.total:
            if self.confirm("Delete label", f"Delete {label.name}? Nothing uses it."):
                self._do(f"Delete {label.name}", lambda: service.delete_label(label.name))
            return
        others = [
            other.name
            for other in service.schema.of_kind(label.kind, include_retired=True)
            if other.name != label.name
        ]
        if not others:
            self.show_message(
                f"{label.name} is used by {uses.describe()} and there is no other"
                f" {label.kind} label to merge it into."
            )
            return
        into = self.ask_item(
            "Label in use",
            f"{label.name} is used by {uses.describe()}.\n"
            f"It cannot be deleted silently: merge it into which label?",
            others,
        )
        if into is None:
            return
        if self._push(MergeLabelCommand(service, label.name, into)):
            self.select(into)
            self.show_message(f"Merged {label.name} into {into} ({uses.describe()} moved).")

    def load_preset(self) -> None:
        presets = list(paths.schema_presets())
        name = self.ask_item("Load preset", "Add the labels of which preset?", presets)
        if name is None:
            return
        service = self.session.service
        moves = service.schema_edits.preset_hotkey_moves(name)
        if moves and not self.confirm(
            "Load preset",
            f"Loading {name} moves these keys:\n\n" + "\n".join(moves) + "\n\nLoad it?",
        ):
            self.show_message(f"{name} not loaded; every key stays where it was.")
            return
        added: list[str] = []
        if self._do(f"Load {name}", lambda: added.extend(service.load_schema_preset(name))):
            moved = f" Keys moved: {'; '.join(moves)}." if moves else ""
            self.show_message(f"Loaded {name}: {', '.join(added)}.{moved}")

    def edit_attributes(self) -> AttributesDialog | None:
        """The chosen span label's attributes, in a dialog of their own (edits are immediate)."""
        label = self.selected()
        if label is None or label.kind != "span":
            return None
        dialog = AttributesDialog(self.session, label.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def edit_joins(self) -> JoinsDialog | None:
        """Which span labels the chosen relation or link label may join."""
        label = self.selected()
        if label is None or label.kind == "span":
            return None
        dialog = JoinsDialog(self.session, label, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _do(self, text: str, action: Callable[[], object]) -> bool:
        """One schema change as an undoable edit; a refusal is shown here, nothing is changed."""
        return self._push(SchemaCommand(self.session.service, text, action))

    def _push(self, command: EditCommand) -> bool:
        refusal = self.session.push(command)
        self.show_message(refusal or "")
        return refusal is None

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _update_buttons(self) -> None:
        label = self.selected()
        for name, button in self.buttons.items():
            if name not in ("Add", "Load preset"):
                button.setEnabled(label is not None)
        self.buttons["Attributes"].setEnabled(label is not None and label.kind == "span")
        self.buttons["Joins"].setEnabled(label is not None and label.kind != "span")
        self.buttons["Retire"].setText("Unre&tire" if label and label.retired else "Re&tire")

    # -- the questions (one method each, so a test can answer them) ---------------------------

    def ask_text(self, title: str, prompt: str, text: str = "") -> str | None:
        return ask_text(self, title, prompt, text)

    def ask_item(self, title: str, prompt: str, items: list[str]) -> str | None:
        return ask_item(self, title, prompt, items)

    def ask_color(self, initial: str) -> str | None:
        color = QColorDialog.getColor(QColor(initial), self, "Label colour")
        return color.name() if color.isValid() else None

    def confirm(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)
