"""File ▸ Open server project… on the real window, against a throwaway PostgreSQL cluster: the
project opens in a new window, is remembered among the recent projects without the password typed
into it, opens again from there; a server that cannot be reached is a message, and the window
stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import paths
from annotator.gui.main_window import MainWindow
from annotator.service.recent import recent_projects
from tests.conftest import SEEDS
from tests.gui.test_projects import answer, qtbot_windows


def with_password(target: str, password: str) -> str:
    user, rest = target.removeprefix("postgresql://").split("@", 1)
    return f"postgresql://{user}:{password}@{rest}"


def test_a_server_project_opens_in_a_new_window_and_is_remembered_without_its_password(
    qtbot, window: MainWindow, pg_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from annotator.service import ProjectService

    team = ProjectService.open(pg_target, analyst="alice")
    team.import_paths([SEEDS])
    team.close()
    typed = with_password(pg_target, "s3cret-pw")
    told = answer(monkeypatch, ask_server_target=typed)
    window.projects.open_server_action.trigger()
    assert told == []
    qtbot.waitUntil(lambda: not window.isVisible())
    (opened,) = qtbot_windows()
    qtbot.addWidget(opened)
    database = pg_target.split("?")[0].rsplit("/", 1)[-1]
    assert database in opened.windowTitle() and "s3cret" not in opened.windowTitle()
    assert opened.session.service.document_count() == 2  # the team's articles, from the server

    assert recent_projects()[0] == pg_target  # what opens it again, password left out
    assert "s3cret" not in paths.recent_projects_file().read_text(encoding="utf-8")
    opened.projects.recent_menu.aboutToShow.emit()
    entries = {a.text(): a for a in opened.projects.recent_menu.actions() if a.data()}
    server_entry = f"postgresql://postgres@/{database} (server)"
    assert server_entry in entries and not entries[server_entry].isEnabled()  # the one open
    assert not any("s3cret" in text or "host=" in text for text in entries)

    # Back to the file, then to the server again from Open recent.
    file_entry = next(a for text, a in entries.items() if "(server)" not in text)
    file_entry.trigger()
    qtbot.waitUntil(lambda: not opened.isVisible())
    (on_file,) = qtbot_windows()
    qtbot.addWidget(on_file)
    on_file.projects.recent_menu.aboutToShow.emit()
    again = next(a for a in on_file.projects.recent_menu.actions() if a.text() == server_entry)
    assert again.isEnabled()
    again.trigger()
    qtbot.waitUntil(lambda: not on_file.isVisible())
    (reopened,) = qtbot_windows()
    qtbot.addWidget(reopened)
    assert reopened.session.service.document_count() == 2
    reopened.close()
    reopened.session.close()


def test_a_server_that_cannot_be_reached_is_a_message_and_the_window_stays_usable(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    nowhere = tmp_path / "no-server"
    nowhere.mkdir()
    told = answer(monkeypatch, ask_server_target=f"postgresql://ann:s3cret@/team?host={nowhere}")
    window.projects.open_server_action.trigger()
    assert len(told) == 1
    assert told[0].startswith("postgresql://ann@/team: cannot connect to the server project")
    assert "s3cret" not in told[0]
    assert window.isVisible() and window.session.service.document_count() == 0
    assert all(isinstance(p, Path) for p in recent_projects())  # nothing remembered

    told.clear()
    monkeypatch.setattr(type(window.projects), "ask_server_target", lambda self: "team.db")
    window.projects.open_server_action.trigger()
    assert told == [
        "A server project is named postgresql://USER@HOST:PORT/DATABASE or pg:SERVICE;"
        " for a project file use Open project…."
    ]
    assert window.isVisible()


def test_save_a_copy_of_a_server_project_writes_a_project_file_with_its_articles(
    qtbot, window: MainWindow, pg_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from annotator.service import ProjectService

    team = ProjectService.open(pg_target, analyst="alice")
    team.import_paths([SEEDS])
    team.close()
    offline = tmp_path / "offline.annotator.db"
    told = answer(monkeypatch, ask_server_target=pg_target, ask_save_path=offline)
    window.projects.open_server_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
    (opened,) = qtbot_windows()
    qtbot.addWidget(opened)
    opened.projects.copy_action.trigger()
    assert told == []
    assert "Saved a copy of the project as" in opened.statusBar().currentMessage()
    copy = ProjectService.open(offline, create=False)
    try:
        assert copy.document_count() == 2
        assert copy.document_ids() == opened.session.service.document_ids()
    finally:
        copy.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    opened.close()
    opened.session.close()
