"""Schema editing finished: every schema edit on the undo stack, attributes and what relation and
link labels join edited in the editor, presets that say which keys move. Driven through the real
dialogs; only their questions are answered by the test."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.gui.schema_editor import SchemaEditorDialog
from annotator.gui.session import Session
from annotator.service import ProjectService
from tests.gui.test_schema_editor import answer, click


@pytest.fixture
def dialog(qtbot, session: Session) -> SchemaEditorDialog:  # type: ignore[no-untyped-def]
    opened = SchemaEditorDialog(session)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def undo(session: Session) -> None:
    session.undo_stack.undo()


def redo(session: Session) -> None:
    session.undo_stack.redo()


def test_each_schema_edit_undoes_and_redoes(
    qtbot, dialog: SchemaEditorDialog, session: Session, seeded: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    first = seeded.document_ids()[0]
    gpe = seeded.add_span(first, 0, 6, "GPE")
    org = seeded.add_span(first, 10, 16, "ORG")
    original = seeded.schema

    answer(dialog, "ask_text", "RUMOUR")
    answer(dialog, "ask_item", "span")
    click(qtbot, dialog, "Add")
    assert "RUMOUR" in seeded.schema

    dialog.select("RUMOUR")
    answer(dialog, "ask_color", "#123456")
    click(qtbot, dialog, "Colour")
    dialog.select("RUMOUR")
    answer(dialog, "ask_text", "9")
    click(qtbot, dialog, "Hotkey")
    dialog.select("GPE")
    click(qtbot, dialog, "Retire")
    dialog.select("ORG")
    answer(dialog, "ask_text", "ORGANISATION")
    click(qtbot, dialog, "Rename")
    dialog.select("GPE")
    answer(dialog, "ask_item", "ORGANISATION")
    click(qtbot, dialog, "Delete")  # GPE is used: merged into ORGANISATION
    assert "GPE" not in seeded.schema
    assert {seeded.span(gpe.id).label, seeded.span(org.id).label} == {"ORGANISATION"}

    texts = [session.undo_stack.text(i) for i in range(session.undo_stack.count())]
    assert texts[-6:] == [
        "Add RUMOUR",
        "Recolour RUMOUR",
        "Key 9 for RUMOUR",
        "Retire GPE",
        "Rename ORG to ORGANISATION",
        "Merge GPE into ORGANISATION",
    ]
    undo(session)  # the merge: GPE back, with exactly its span
    assert seeded.span(gpe.id).label == "GPE" and seeded.span(org.id).label == "ORGANISATION"
    assert seeded.schema.get("GPE").retired
    undo(session)  # the rename
    assert seeded.span(org.id).label == "ORG" and "ORGANISATION" not in seeded.schema
    undo(session)  # the retirement
    assert not seeded.schema.get("GPE").retired
    undo(session)
    assert seeded.schema.get("RUMOUR").hotkey is None
    undo(session)
    assert seeded.schema.get("RUMOUR").color != "#123456"
    undo(session)
    assert seeded.schema == original
    assert dialog.model.row_of("RUMOUR") is None  # the table follows
    for _ in range(6):
        redo(session)
    assert seeded.span(gpe.id).label == "ORGANISATION" and "GPE" not in seeded.schema
    assert seeded.schema.get("RUMOUR").color == "#123456"


def test_deleting_an_unused_label_and_loading_a_preset_undo(
    qtbot, dialog: SchemaEditorDialog, session: Session, service: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    original = service.schema
    dialog.select("CUE")
    answer(dialog, "confirm", True)
    click(qtbot, dialog, "Delete")
    assert "CUE" not in service.schema
    undo(session)
    assert service.schema == original  # back in its place, with its key and colour

    answer(dialog, "ask_item", "semeval2020_task11")
    answer(dialog, "confirm", True)
    click(qtbot, dialog, "Load preset")
    assert len(service.schema.labels) > len(original.labels)
    undo(session)
    assert service.schema == original


def test_a_preset_says_which_keys_move_and_cancel_keeps_every_key(
    qtbot, dialog: SchemaEditorDialog, session: Session, service: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    before = service.schema
    moves = service.schema_edits.preset_hotkey_moves("semeval2020_task11")
    assert moves  # the technique preset takes digits the news labels hold
    answer(dialog, "ask_item", "semeval2020_task11")
    asked = answer(dialog, "confirm", False)
    click(qtbot, dialog, "Load preset")
    question = str(asked[0][1])
    for line in moves:
        assert line in question
    assert "CLAIM loses key 1" in question
    assert service.schema == before
    assert "every key stays" in dialog.message.text()
    assert session.undo_stack.count() == 0


def test_attributes_are_added_renamed_and_removed_with_their_values_undoably(
    qtbot, dialog: SchemaEditorDialog, session: Session, seeded: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    first = seeded.document_ids()[0]
    dialog.select("SOURCE")
    attributes = dialog.edit_attributes()
    qtbot.addWidget(attributes)
    answer(attributes, "ask_text", "reliability", "low, medium, high")
    answer(attributes, "ask_item", "choice")
    click(qtbot, attributes, "Add")
    answer(attributes, "ask_text", "age")
    answer(attributes, "ask_item", "number")
    click(qtbot, attributes, "Add")
    spec = seeded.schema.get("SOURCE").attribute("reliability")
    assert spec.kind == "choice" and spec.choices == ("low", "medium", "high")
    assert seeded.schema.get("SOURCE").attribute("age").kind == "number"
    assert attributes.model.stringList()[-2:] == [
        "reliability: choice (low, medium, high)",
        "age: number",
    ]

    span = seeded.add_span(first, 0, 6, "SOURCE")
    session.update_span(replace(span, attributes={"reliability": "high", "age": 42}), "Set")
    attributes.choose("reliability")
    answer(attributes, "ask_text", "trust")
    click(qtbot, attributes, "Rename")
    assert seeded.span(span.id).attributes == {"trust": "high", "age": 42}
    attributes.choose("trust")
    asked = answer(attributes, "confirm", True)
    click(qtbot, attributes, "Remove")
    assert "1 span hold" in str(asked[0][1])
    assert seeded.span(span.id).attributes == {"age": 42}
    assert seeded.schema.get("SOURCE").attribute("trust") is None
    undo(session)
    assert seeded.span(span.id).attributes == {"trust": "high", "age": 42}
    undo(session)
    assert seeded.span(span.id).attributes == {"reliability": "high", "age": 42}
    assert seeded.schema.get("SOURCE").attribute("reliability").choices == ("low", "medium", "high")


def test_what_a_relation_label_joins_is_edited_and_undone(
    qtbot, dialog: SchemaEditorDialog, session: Session, seeded: ProjectService
) -> None:  # type: ignore[no-untyped-def]
    first = seeded.document_ids()[0]
    claim = seeded.add_span(first, 0, 6, "CLAIM")
    cue = seeded.add_span(first, 10, 16, "CUE")
    assert [o.name for o in seeded.relation_labels_for(claim.id, cue.id)] == []
    dialog.select("SAID_BY")
    joins = dialog.edit_joins()
    qtbot.addWidget(joins)
    joins.set_ticked(["CLAIM"], ["SOURCE", "CUE"])
    ok = joins.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert seeded.schema.get("SAID_BY").child_labels == ("SOURCE", "CUE")
    assert [o.name for o in seeded.relation_labels_for(claim.id, cue.id)] == ["SAID_BY"]
    undo(session)
    assert "CUE" not in seeded.schema.get("SAID_BY").child_labels
    assert dialog.buttons["Attributes"].isEnabled() is False  # a relation label has none
