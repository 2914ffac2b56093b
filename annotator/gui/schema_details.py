"""The parts of a label the schema table has no column for: a span label's attributes, and the
span labels a relation or link label may join. Each change is one undoable edit (see
`annotator.gui.schema_commands`); each question is an `ask_*` method a test can answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.labels import ATTRIBUTE_KINDS, AttributeSpec, Label
from annotator.gui.commands import EditCommand
from annotator.gui.plain import ask_item, ask_text, ask_yes_no, plain_label
from annotator.gui.schema_commands import (
    RemoveAttributeCommand,
    RenameAttributeCommand,
    SchemaCommand,
)
from annotator.gui.session import Session


def lay_out_with_buttons(
    dialog: QDialog,
    main: QWidget,
    actions: Sequence[tuple[str, Callable[[], object]]],
    message: QLabel,
) -> dict[str, QPushButton]:
    """The schema dialogs' layout: `main` beside a column of buttons, the message and Close below.

    Returns the buttons by their text without `&` and `…` (for enabling them, and for tests).
    """
    column = QVBoxLayout()
    buttons: dict[str, QPushButton] = {}
    for text, slot in actions:
        button = QPushButton(text, dialog)
        button.clicked.connect(slot)
        column.addWidget(button)
        buttons[text.replace("&", "").rstrip("…")] = button
    column.addStretch(1)
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    close.rejected.connect(dialog.reject)
    body = QHBoxLayout()
    body.addWidget(main, 1)
    body.addLayout(column)
    layout = QVBoxLayout(dialog)
    layout.addLayout(body)
    layout.addWidget(message)
    layout.addWidget(close)
    return buttons


class AttributesDialog(QDialog):
    """Add, rename and remove the attributes of one span label (bool, choice, text, number)."""

    def __init__(self, session: Session, label_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.label_name = label_name
        self.setWindowTitle(f"Attributes of {label_name}")
        self.model = QStringListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.message = plain_label(parent=self)  # refusals name labels and attributes
        self.message.setWordWrap(True)
        self.buttons = lay_out_with_buttons(
            self,
            self.list,
            [("&Add…", self.add), ("&Rename…", self.rename), ("Re&move", self.remove)],
            self.message,
        )
        session.signals.schema_changed.connect(self.reload)
        self.reload()
        self.resize(460, 320)

    def label(self) -> Label | None:
        return self.session.service.schema.get(self.label_name)

    def specs(self) -> tuple[AttributeSpec, ...]:
        label = self.label()
        return label.attributes if label is not None else ()

    def reload(self) -> None:
        self.model.setStringList([describe(spec) for spec in self.specs()])

    def chosen(self) -> AttributeSpec | None:
        row = self.list.currentIndex().row()
        specs = self.specs()
        return specs[row] if 0 <= row < len(specs) else None

    def choose(self, name: str) -> None:
        names = [spec.name for spec in self.specs()]
        if name in names:
            self.list.setCurrentIndex(self.model.index(names.index(name)))

    def _push(self, command: EditCommand) -> bool:
        refusal = self.session.push(command)
        self.message.setText(refusal or "")
        return refusal is None

    def add(self) -> None:
        name = self.ask_text("Add attribute", f"Name of the new attribute of {self.label_name}:")
        if not name:
            return
        kind = self.ask_item("Add attribute", f"What does {name} hold?", list(ATTRIBUTE_KINDS))
        if kind is None:
            return
        choices: tuple[str, ...] = ()
        if kind == "choice":
            text = self.ask_text("Add attribute", f"The choices of {name}, separated by commas:")
            if not text:
                return
            choices = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
        try:
            spec = AttributeSpec(name, kind, choices)  # type: ignore[arg-type]
        except AnnotatorError as error:
            self.message.setText(str(error))
            return
        service = self.session.service
        if self._push(
            SchemaCommand(
                service,
                f"Add {self.label_name}'s {name}",
                lambda: service.schema_edits.add_attribute(self.label_name, spec),
            )
        ):
            self.choose(name)

    def rename(self) -> None:
        spec = self.chosen()
        if spec is None:
            return
        new = self.ask_text("Rename attribute", f"New name for {spec.name}:", spec.name)
        if new and new != spec.name:
            command = RenameAttributeCommand(self.session.service, self.label_name, spec.name, new)
            if self._push(command):
                self.choose(new)

    def remove(self) -> None:
        spec = self.chosen()
        if spec is None:
            return
        held = self.session.service.schema_edits.attribute_value_count(self.label_name, spec.name)
        if held and not self.confirm(
            "Remove attribute",
            f"{held} span{'s' if held != 1 else ''} hold a value of {spec.name}; removing it"
            " removes those values too (Ctrl+Z brings them back). Remove it?",
        ):
            return
        self._push(RemoveAttributeCommand(self.session.service, self.label_name, spec.name))

    # -- the questions -------------------------------------------------------------------------

    # The prompts hold label and attribute names: shown as written (plain.py), never as markup.
    def ask_text(self, title: str, prompt: str, text: str = "") -> str | None:
        return ask_text(self, title, prompt, text)

    def ask_item(self, title: str, prompt: str, items: list[str]) -> str | None:
        return ask_item(self, title, prompt, items)

    def confirm(self, title: str, text: str) -> bool:
        return ask_yes_no(self, title, text)


def describe(spec: AttributeSpec) -> str:
    """E.g. "stance: choice (supports, refutes)"."""
    choices = f" ({', '.join(spec.choices)})" if spec.choices else ""
    return f"{spec.name}: {spec.kind}{choices}"


class JoinsDialog(QDialog):
    """Which span labels a relation label goes from and to, or a link label joins (none ticked:
    any). OK stores the choice as one undoable edit."""

    def __init__(self, session: Session, label: Label, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.label = label
        self.setWindowTitle(f"What {label.name} joins")
        names = [span.name for span in session.service.schema.of_kind("span", include_retired=True)]
        self.head_model = self._checklist(names, label.head_labels)
        self.child_model = self._checklist(names, label.child_labels)
        lists = QHBoxLayout()
        first = "From (head)" if label.kind == "relation" else "Either end"
        for title, model in ((first, self.head_model), ("To (child)", self.child_model)):
            if model is self.child_model and label.kind != "relation":
                continue
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            view = QListView(self)
            view.setModel(model)
            column.addWidget(view)
            lists.addLayout(column)
        self.message = plain_label("None ticked: any span label.", self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(lists)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _checklist(self, names: list[str], ticked: tuple[str, ...]) -> QStandardItemModel:
        model = QStandardItemModel(self)
        for name in names:
            item = QStandardItem(name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            model.appendRow(item)
        return model

    @staticmethod
    def ticked(model: QStandardItemModel) -> list[str]:
        return [
            model.item(row).text()
            for row in range(model.rowCount())
            if model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_ticked(self, heads: list[str], children: list[str] | None = None) -> None:
        for model, names in ((self.head_model, heads), (self.child_model, children or [])):
            for row in range(model.rowCount()):
                item = model.item(row)
                item.setCheckState(
                    Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked
                )

    def apply(self) -> None:
        heads, children = self.ticked(self.head_model), self.ticked(self.child_model)
        if (tuple(heads), tuple(children)) == (self.label.head_labels, self.label.child_labels):
            self.accept()
            return
        service = self.session.service
        name = self.label.name
        refusal = self.session.push(
            SchemaCommand(
                service,
                f"Change what {name} joins",
                lambda: service.schema_edits.set_joins(name, heads, children),
            )
        )
        if refusal is not None:
            self.message.setText(refusal)
            return
        self.accept()
