"""The label schema editor, driven through its real table and buttons.

Only the questions it asks (a name, a colour, a label to merge into) are answered by the test.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.schema_editor import COLOUR, KEY, NAME, USES, SchemaEditorDialog
from annotator.gui.session import Session
from annotator.service import ProjectService


@pytest.fixture
def dialog(qtbot, session: Session) -> SchemaEditorDialog:  # type: ignore[no-untyped-def]
    opened = SchemaEditorDialog(session)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def answer(dialog: SchemaEditorDialog, name: str, *answers: object) -> list[tuple[object, ...]]:
    """Make `dialog.<name>` return `answers` in turn; returns the questions it was asked."""
    asked: list[tuple[object, ...]] = []
    queue = list(answers)

    def ask(*args: object) -> object:
        asked.append(args)
        return queue.pop(0)

    setattr(dialog, name, ask)
    return asked


def cell(dialog: SchemaEditorDialog, name: str, column: int) -> object:
    row = dialog.model.row_of(name)
    assert row is not None, f"{name} is not in the table"
    return dialog.model.index(row, column).data()


def click(qtbot, dialog: SchemaEditorDialog, button: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons[button], Qt.MouseButton.LeftButton)


def test_the_table_lists_every_label_with_its_key_colour_and_uses(
    dialog: SchemaEditorDialog, seeded: ProjectService
) -> None:
    seeded.add_span(seeded.document_ids()[0], 0, 6, "GPE")
    assert dialog.model.rowCount() == len(seeded.schema.labels)
    assert cell(dialog, "CLAIM", KEY) == "1"
    assert cell(dialog, "CLAIM", COLOUR) == "#f4a261"
    assert cell(dialog, "GPE", USES) == 1  # refreshed from span_added, no reopening
    assert cell(dialog, "SAID_BY", 1) == "relation"


def test_rename_button_renames_the_label_and_its_stored_spans(
    qtbot, dialog: SchemaEditorDialog, seeded: ProjectService
) -> None:
    span = seeded.add_span(seeded.document_ids()[0], 0, 6, "CLAIM")
    dialog.select("CLAIM")
    asked = answer(dialog, "ask_text", "ASSERTION")
    click(qtbot, dialog, "Rename")
    assert asked == [("Rename label", "New name for CLAIM:", "CLAIM")]
    assert seeded.span(span.id).label == "ASSERTION"
    assert cell(dialog, "ASSERTION", KEY) == "1"
    assert dialog.model.row_of("CLAIM") is None
    assert dialog.selected().name == "ASSERTION"


def test_renaming_in_the_table_cell_renames_too(
    dialog: SchemaEditorDialog, seeded: ProjectService
) -> None:
    span = seeded.add_span(seeded.document_ids()[0], 0, 6, "PERSON")
    index = dialog.model.index(dialog.model.row_of("PERSON"), NAME)
    assert dialog.model.setData(index, "PER")
    assert seeded.span(span.id).label == "PER"
    # A clash is refused and said in the dialog, not raised.
    index = dialog.model.index(dialog.model.row_of("PER"), NAME)
    assert not dialog.model.setData(index, "ORG")
    assert "there is already a label 'ORG'" in dialog.message.text()
    assert seeded.span(span.id).label == "PER"


def test_a_taken_hotkey_is_refused_with_the_label_that_has_it(
    qtbot, dialog: SchemaEditorDialog, service: ProjectService
) -> None:
    dialog.select("SOURCE")
    answer(dialog, "ask_text", "1", "9")
    click(qtbot, dialog, "Hotkey")
    assert "hotkey 1 is already used by the span label CLAIM" in dialog.message.text()
    assert service.schema.get("SOURCE").hotkey == "2"
    click(qtbot, dialog, "Hotkey")
    assert service.schema.get("SOURCE").hotkey == "9"
    assert cell(dialog, "SOURCE", KEY) == "9"
    assert dialog.message.text() == ""


def test_add_colour_and_retire(qtbot, dialog: SchemaEditorDialog, service: ProjectService) -> None:
    answer(dialog, "ask_text", "HEDGE")
    answer(dialog, "ask_item", "span")
    click(qtbot, dialog, "Add")
    assert service.schema.require("HEDGE", "span")
    assert dialog.selected().name == "HEDGE"
    answer(dialog, "ask_color", "#123456")
    click(qtbot, dialog, "Colour")
    assert cell(dialog, "HEDGE", COLOUR) == "#123456"
    click(qtbot, dialog, "Retire")
    assert service.schema.get("HEDGE").retired
    assert dialog.buttons["Retire"].text() == "Unre&tire"
    click(qtbot, dialog, "Retire")
    assert not service.schema.get("HEDGE").retired


def test_deleting_a_label_in_use_offers_to_merge_it(
    qtbot, dialog: SchemaEditorDialog, seeded: ProjectService
) -> None:
    first, second = seeded.document_ids()
    a = seeded.add_span(first, 0, 6, "GPE")
    b = seeded.add_span(second, 0, 2, "GPE")
    dialog.select("GPE")
    asked = answer(dialog, "ask_item", None, "ORG")
    click(qtbot, dialog, "Delete")  # the analyst cancels: nothing changes
    _title, prompt, choices = asked[0]
    assert "GPE is used by 2 spans, 0 relations and 0 links" in str(prompt)
    assert "ORG" in choices and "GPE" not in choices and "SAID_BY" not in choices  # type: ignore[operator]
    assert seeded.span(a.id).label == "GPE"
    click(qtbot, dialog, "Delete")  # merges into ORG
    assert {seeded.span(a.id).label, seeded.span(b.id).label} == {"ORG"}
    assert "GPE" not in seeded.schema
    assert cell(dialog, "ORG", USES) == 2


def test_deleting_an_unused_label_asks_and_deletes(
    qtbot, dialog: SchemaEditorDialog, service: ProjectService
) -> None:
    dialog.select("MEDIA")
    asked = answer(dialog, "confirm", False, True)
    click(qtbot, dialog, "Delete")
    assert "MEDIA" in service.schema
    click(qtbot, dialog, "Delete")
    assert "MEDIA" not in service.schema
    assert dialog.model.row_of("MEDIA") is None
    assert "Delete MEDIA? Nothing uses it." in [question[1] for question in asked]


def test_load_preset_adds_the_propaganda_techniques(
    qtbot, dialog: SchemaEditorDialog, service: ProjectService
) -> None:
    asked = answer(dialog, "ask_item", "semeval2020_task11")
    confirmed = answer(dialog, "confirm", True)  # the keys it moves are named first
    click(qtbot, dialog, "Load preset")
    assert asked[0][2] == ["news_attribution", "semeval2020_task11"]
    assert "CLAIM loses key 1" in str(confirmed[0][1])
    assert cell(dialog, "Loaded_Language", KEY) == "9"
    assert cell(dialog, "CLAIM", KEY) == ""
    assert service.store.load_schema() == service.schema
