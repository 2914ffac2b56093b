"""Two analysts on one project (a file, or a server project): each one's window comes back as
they left it, whatever the other did with theirs meanwhile; the project's own settings (the
assistant's threshold) stay shared (ADR 0042)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService
from tests.conftest import SEEDS


@pytest.fixture(params=["file", "server"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "server":
        where: Any = request.getfixturevalue("pg_target")
    else:
        where = tmp_path / "team.annotator.db"
    service = ProjectService.open(where, analyst="alice")
    service.import_paths([SEEDS])
    service.close()
    return where


def open_as(qtbot, target: Any, analyst: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Session(ProjectService.open(target, create=False, analyst=analyst)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def layout(window: MainWindow) -> tuple[list[int | None], bool, bool]:
    """What an analyst sees of how their window was left: the panes' articles, whether the
    inspector is shown, whether snapping to words is on."""
    return (
        [pane.document_id for pane in window.panes.panes()],
        not window.inspector_dock.isHidden(),
        window.snap_action.isChecked(),
    )


def test_alices_layout_does_not_move_bobs_window(qtbot, target: Any) -> None:  # type: ignore[no-untyped-def]
    bob = open_as(qtbot, target, "bob")
    first, second = bob.session.service.document_ids()
    bob.open_document(first)
    bob.open_document(second, new_pane=True)
    bobs = layout(bob)
    assert bobs == ([first, second], True, True)

    alice = open_as(qtbot, target, "alice")  # while bob's window is open
    assert layout(alice)[0] != [first, second]  # she does not start from bob's panes
    alice.open_document(second)
    alice.inspector_dock.hide()
    alice.snap_action.setChecked(False)
    alices = layout(alice)
    assert alices[1:] == (False, False) and alices[0] != bobs[0]
    alice.close()  # saved
    alice.session.close()
    assert layout(bob) == bobs  # bob's open window did not move
    bob.close()
    bob.session.close()

    again = {name: open_as(qtbot, target, name) for name in ("alice", "bob")}
    try:
        assert layout(again["bob"]) == bobs
        assert layout(again["alice"]) == alices
        # a project-wide setting is one for both
        again["alice"].session.service.suggestions.set_threshold(0.7)
        assert again["bob"].session.service.suggestions.threshold == 0.7
    finally:
        for window in again.values():
            window.session.close()
