"""Projects from the window (new, open, recent, save a copy) and the last layout of each project
coming back on reopen, after a normal quit and after a kill; driven on the real window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.layout_memory import DEBOUNCE_MS, SETTING, top_offset
from annotator.gui.main_window import MainWindow
from annotator.gui.projects import ProjectActions
from annotator.gui.session import Session
from annotator.service import ProjectService
from annotator.service.recent import recent_projects, remember_project
from tests.gui.test_relations_links import CLAIM_000, add, tab_to


def answer(monkeypatch: pytest.MonkeyPatch, **answers: object) -> list[str]:
    """Answer the window's questions (file names) and record what it tells the user."""
    told: list[str] = []
    for name, value in answers.items():
        monkeypatch.setattr(ProjectActions, name, lambda self, *a, v=value: v)
    monkeypatch.setattr(ProjectActions, "tell", lambda self, title, text: told.append(text))
    return told


def test_the_title_names_the_project_and_new_project_opens_a_window_on_it(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert window.session.service.path.name in window.windowTitle()
    fresh = tmp_path / "fresh.db"
    answer(monkeypatch, ask_save_path=fresh)
    window.projects.new_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
    new = next(w for w in qtbot_windows() if w.session.service.path == fresh)
    qtbot.addWidget(new)
    assert "fresh.db" in new.windowTitle()
    assert new.session.service.schema.get("CLAIM") is not None  # a new project has the schema
    assert recent_projects()[:2] == [fresh.resolve(), window.session.service.path.resolve()]


def qtbot_windows() -> list[MainWindow]:
    from PySide6.QtWidgets import QApplication

    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def test_opening_a_file_that_is_not_a_project_says_so_and_keeps_the_window(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n", encoding="utf-8")
    told = answer(monkeypatch, ask_open_path=notes)
    window.projects.open_action.trigger()
    assert told and "notes.db" in told[0]
    assert window.isVisible() and window.session.service.document_count() == 0
    assert notes.read_text(encoding="utf-8") == "not a database\n"  # left as it was


def test_open_recent_lists_the_last_ten_and_opens_one(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    made = []
    for n in range(12):
        path = tmp_path / f"p{n}.db"
        ProjectService.open(path).close()
        remember_project(path)
        made.append(path)
    window.projects.recent_menu.aboutToShow.emit()
    entries = [a for a in window.projects.recent_menu.actions() if a.data()]
    assert [Path(a.data()).name for a in entries] == [f"p{n}.db" for n in range(11, 1, -1)]
    entries[3].trigger()  # p8.db
    qtbot.waitUntil(lambda: not window.isVisible())
    (opened,) = qtbot_windows()
    qtbot.addWidget(opened)
    assert opened.session.service.path.name == "p8.db"


def test_save_a_copy_is_a_consistent_project_while_this_one_stays_open(
    qtbot, seeded: ProjectService, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    first = seeded.document_ids()[0]
    claim = add(seeded, first, CLAIM_000, "CLAIM")
    copy = tmp_path / "copies" / "copy.db"
    answer(monkeypatch, ask_save_path=copy)
    window.projects.copy_action.trigger()
    assert window.isVisible() and "copy.db" in window.statusBar().currentMessage()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    assert not Path(str(copy) + "-wal").exists() or Path(str(copy) + "-wal").stat().st_size == 0
    copied = ProjectService.open(copy, create=False)
    try:
        assert copied.span(claim).label == "CLAIM"
    finally:
        copied.close()
    before = len(seeded.spans(first))
    seeded.add_span(first, 0, 5, "ORG")  # the project itself goes on as before
    assert len(seeded.spans(first)) == before + 1


def arrange(qtbot, seeded: ProjectService, window: MainWindow) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A layout as an analyst leaves it: two articles, one scrolled, a span chosen, toggles."""
    first, second = seeded.document_ids()
    window.panes.open_document(first)
    window.panes.open_document(second, new_pane=True)
    left, right = window.panes.panes()
    claim = add(seeded, first, CLAIM_000, "CLAIM")
    left.view.setFocus()
    tab_to(qtbot, left, claim)
    right.view.verticalScrollBar().setValue(12)
    window.all_relations_action.setChecked(True)
    window.snap_action.setChecked(False)
    window.links_dock.hide()
    window.dock_sizes.set_sizes({"InspectorDock": 340})
    qtbot.wait(50)  # the panes re-wrap to their new width
    return {
        "documents": [first, second],
        "span": claim,
        "top": top_offset(right),
    }


def check_restored(qtbot, window: MainWindow, expected: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    panes = window.panes.panes()
    assert [p.document_id for p in panes] == expected["documents"]
    view = panes[1].view
    top = int(expected["top"])  # type: ignore[call-overload]

    def saved_top_is_at_the_top() -> bool:
        # the text that was at the top is on the first lines again (Qt scrolls by whole lines)
        y = view.cursorRect(view.cursor_for(top, top)).top()
        return 0 <= y < 2 * view.fontMetrics().lineSpacing()

    qtbot.waitUntil(saved_top_is_at_the_top)
    chosen = panes[0].view.selected_span()
    assert chosen is not None and chosen.id == expected["span"]
    assert window.all_relations_action.isChecked()
    assert not window.snap_action.isChecked()
    assert not window.links_dock.isVisible()
    qtbot.waitUntil(lambda: window.inspector_dock.width() == 340)


def reopen(qtbot, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    session = Session(ProjectService.open(path, create=False))
    again = MainWindow(session)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    return again


def test_the_layout_comes_back_after_a_normal_quit(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    expected = arrange(qtbot, seeded, window)
    window.close()  # saves at once, without waiting for the debounce
    again = reopen(qtbot, seeded.path)
    try:
        check_restored(qtbot, again, expected)
    finally:
        again.session.close()


def test_the_layout_comes_back_after_a_kill(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    expected = arrange(qtbot, seeded, window)
    qtbot.wait(DEBOUNCE_MS + 300)  # saved as it changed; the window is never closed
    assert seeded.setting(SETTING) is not None
    again = reopen(qtbot, seeded.path)  # what another process finds after a kill
    try:
        check_restored(qtbot, again, expected)
    finally:
        again.session.close()


def test_a_layout_naming_a_deleted_article_opens_what_is_left(
    qtbot, seeded: ProjectService, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    first, _second = seeded.document_ids()
    seeded.set_setting(
        SETTING, {"panes": [{"document": first}, {"document": 999, "top": 5}], "active": 7}
    )
    again = reopen(qtbot, seeded.path)
    try:
        assert [p.document_id for p in again.panes.panes()] == [first, None]
        qtbot.keyClick(again.pane.view, Qt.Key.Key_Tab)  # still usable
    finally:
        again.session.close()
