"""The workbench as an analyst of a team's server project: what the server refuses is a message,
and the window keeps working in the analyst's own layer (ADR 0035)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from annotator.domain.errors import AnnotatorError
from annotator.gui.analyst_setting import settle_analyst
from annotator.gui.main_window import MainWindow
from annotator.gui.schema_editor import SchemaEditorDialog
from annotator.service import ProjectService
from tests.gui.helpers import select_like_a_user
from tests.pg_team import team_project


@pytest.fixture
def service(pg_cluster: Any) -> Iterator[ProjectService]:
    """The team project, open as alice (an analyst, not a curator)."""
    opened = ProjectService.open(team_project(pg_cluster)["alice"])
    yield opened
    opened.close()


def test_a_label_added_by_an_analyst_is_refused_with_a_message_and_labelling_goes_on(
    qtbot,
    window: MainWindow,
    service: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    editor = SchemaEditorDialog(window.session)
    qtbot.addWidget(editor)
    editor.show()
    editor.ask_text = lambda *args: "HEDGE"  # type: ignore[method-assign]
    editor.ask_item = lambda *args: "span"  # type: ignore[method-assign]
    qtbot.mouseClick(editor.buttons["Add"], Qt.MouseButton.LeftButton)
    shown = editor.message.text()
    assert "the server refuses this change: as alice you may write only your own layer" in shown
    assert "the label schema and patterns are a curator's" in shown
    assert service.schema.get("HEDGE") is None
    assert editor.isVisible()
    editor.close()

    document = service.document_ids()[0]
    window.open_document(document)
    pane = window.pane
    text = pane.view.document_model.text  # type: ignore[union-attr]
    select_like_a_user(pane.view, text, 0, 5)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_1)  # CLAIM's key, in alice's own layer
    assert [(s.label, s.start) for s in service.spans(document)] == [("CLAIM", 0)]
    assert {s.layer for s in service.store.spans_of(document)} == {"alice"}


def test_the_window_neither_asks_a_name_nor_takes_another_on_a_server_project(
    qtbot,
    window: MainWindow,
    service: ProjectService,  # type: ignore[no-untyped-def]
) -> None:
    settle_analyst(service, given=False, parent=window)  # no dialog: the login role is the name
    assert service.analyst == "alice"
    with pytest.raises(AnnotatorError, match="you are connected as alice"):
        service.team.act_as("bob")
    assert service.analyst == "alice" and window.isVisible()
