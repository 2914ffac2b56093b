"""The first start after `annotator import`: the import recorded the login name, the workbench asks
a name; an analyst who types another name is one person, offered their work, not an empty layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from annotator.domain.analysts import login_name
from annotator.gui.analyst_setting import SETTING, settle_analyst
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService
from tests.cli.typed import annotator

TEXT = "Lavrov said the talks with Kerry were useful, RT reported."


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A project made by `annotator import` of one annotated article, before any workbench."""
    records = tmp_path / "mine.jsonl"
    spans = [{"start": 0, "end": 6, "label": "SOURCE"}, {"start": 7, "end": 11, "label": "CUE"}]
    records.write_text(json.dumps({"text": TEXT, "spans": spans}) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator.db"
    done = annotator(
        "--project", str(project), "import", str(records), env={"ANNOTATOR_ANALYST": ""}
    )
    assert done.returncode == 0, done.stderr
    return project


def _first_start(qtbot, project: Path, name: str, take_over: bool) -> tuple[MainWindow, Session]:  # type: ignore[no-untyped-def]
    """The workbench opened as `annotator` does, the name typed, the offer answered."""
    QSettings().remove(SETTING)
    service = ProjectService.open(project)
    assert service.analyst == login_name()
    session = Session(service)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    asked: list[str] = []

    def type_name() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        edit = dialog.findChildren(QLineEdit)[0]
        assert edit.text() == login_name()  # offered
        edit.selectAll()
        qtbot.keyClicks(edit, name)
        QTimer.singleShot(0, answer_offer)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    def answer_offer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        asked.append(box.text())
        button = QMessageBox.StandardButton.Yes if take_over else QMessageBox.StandardButton.No
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, type_name)
    settle_analyst(service, given=False, parent=window)
    assert asked and login_name() in asked[0] and "(2 spans in 1 article)" in asked[0]
    return window, session


def test_a_new_name_at_first_start_takes_over_the_imported_work(qtbot, imported: Path) -> None:  # type: ignore[no-untyped-def]
    window, session = _first_start(qtbot, imported, "Dana Smith", take_over=True)
    service = session.service
    assert service.analyst == "Dana Smith"
    assert service.team.analysts() == ["Dana Smith"]
    qtbot.waitUntil(window.isActiveWindow)  # the keys (Ctrl+Z, the menus) are the window's again
    # the label bar, rebuilt for the new layer's schema, keeps its snap toggle
    snap = window.label_bar.widgetForAction(window.snap_action)
    assert snap is not None
    qtbot.waitUntil(snap.isVisible)
    window.open_document(1)
    pane = window.panes.active
    assert sorted(tag.span.label for tag in pane.view.tags_on_screen()) == ["CUE", "SOURCE"]
    # The command line, run later without --analyst, records the name the window asked.
    more = imported.parent / "more.jsonl"
    record = {"text": "Kerry said nothing.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}
    more.write_text(json.dumps(record) + "\n", encoding="utf-8")
    done = annotator("--project", str(imported), "import", str(more), env={"ANNOTATOR_ANALYST": ""})
    assert done.returncode == 0, done.stderr
    assert service.team.analysts() == ["Dana Smith"]
    session.signals.detach()
    QSettings().remove(SETTING)
    service.close()


def test_declining_keeps_the_login_names_layer_apart(qtbot, imported: Path) -> None:  # type: ignore[no-untyped-def]
    _window, session = _first_start(qtbot, imported, "Dana Smith", take_over=False)
    service = session.service
    assert service.analyst == "Dana Smith"
    assert [s.name for s in service.team.layers()] == [login_name()]
    assert service.spans(1) == []
    session.signals.detach()
    QSettings().remove(SETTING)
    service.close()
