"""Projects from the window: File ▸ New project…, Open project…, Open server project…, Open
recent, Save a copy as….

Opening another project opens a new window on it and closes this one (its layout saved, its
project let go), so nothing of one project's views, undo history or caches can leak into the
other. A file that is not a project is refused with a message, and this window stays as it was.
Each question (a file name, a server) is one `ask_*` method, so a test can answer it. A server
project is named by what `--project` takes (`postgresql://…` or `pg:SERVICE`); it is remembered
among the recent projects without any password typed into it (libpq's `~/.pgpass`, `PGPASSWORD`
or a service file give it when it is opened again).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMenu, QMessageBox

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService
from annotator.service.recent import Recent, recent_projects, remember_project, remembered
from annotator.storage.targets import describe, is_server_target

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

PROJECT_FILTER = "annotator projects (*.db);;All files (*)"
SERVER_QUESTION = (
    "The server project to open, as postgresql://USER@HOST:PORT/DATABASE or pg:SERVICE\n"
    "(a service in pg_service.conf). Leave the password out: it is read from ~/.pgpass or\n"
    "PGPASSWORD. An empty database becomes a new project."
)


class ProjectActions(QObject):
    """The project entries at the top of the File menu, for one window."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        path = window.session.service.path
        self.window.setWindowFilePath(str(path))
        try:
            remember_project(self._here())
        except OSError as error:  # a read-only home folder must not stop the window
            window.statusBar().showMessage(f"cannot remember recent projects: {error}", 8000)
        self.new_action = self._add(menu, "&New project…", self.new_project, "Ctrl+Shift+N")
        self.open_action = self._add(menu, "&Open project…", self.open_project, "Ctrl+O")
        self.open_server_action = self._add(
            menu, "Open &server project…", self.open_server_project, "Ctrl+Alt+O"
        )
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        self.copy_action = self._add(menu, "Save a &copy as…", self.save_copy, "Ctrl+Shift+S")
        menu.addSeparator()

    def _add(self, menu: QMenu, text: str, slot, key: str) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.window.addAction(action)
        return action

    def _here(self) -> Recent:
        """This window's project as the recent list keeps it."""
        service = self.window.session.service
        target = service.target
        return remembered(target if is_server_target(target) else service.path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self._here()
        for path in recent_projects():
            if isinstance(path, str):  # a server project, shown without options or password
                action = self.recent_menu.addAction(f"{describe(path)} (server)")
                gone = False
            else:
                action = self.recent_menu.addAction(f"{path.name} — {path.parent}")
                gone = not path.is_file()
            action.setData(str(path))
            if path == current or gone:
                action.setEnabled(False)  # this one, or a file that is gone
            action.triggered.connect(lambda _checked=False, p=path: self.switch_to(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # -- what the entries do -------------------------------------------------------------------

    def new_project(self) -> MainWindow | None:
        path = self.ask_save_path("New project", "project.annotator.db")
        if path is None:
            return None
        if path.exists():
            self.tell("New project", f"{path} already exists: open it with Open project….")
            return None
        return self.switch_to(path, create=True)

    def open_project(self) -> MainWindow | None:
        path = self.ask_open_path("Open project")
        return self.switch_to(path) if path is not None else None

    def open_server_project(self) -> MainWindow | None:
        """A project on a PostgreSQL server, in a new window (this one stays on a refusal)."""
        typed = self.ask_server_target()
        if typed is None or not typed.strip():
            return None
        target = typed.strip()
        if not is_server_target(target):
            self.tell(
                "Open server project",
                "A server project is named postgresql://USER@HOST:PORT/DATABASE or pg:SERVICE;"
                " for a project file use Open project….",
            )
            return None
        return self.switch_to(target, create=True)

    def save_copy(self) -> Path | None:
        """A consistent copy of this project (WAL included), while it stays open here."""
        service = self.window.session.service
        path = self.ask_save_path("Save a copy of the project", f"{service.path.stem}-copy.db")
        if path is None:
            return None
        try:
            written = service.save_copy(path)
        except (AnnotatorError, OSError) as error:
            self.tell("Save a copy", str(error))
            return None
        self.window.statusBar().showMessage(f"Saved a copy of the project as {written}", 15000)
        return written

    def switch_to(self, path: Path | str, *, create: bool = False) -> MainWindow | None:
        """Open `path` in a new window and close this one; on a refusal, stay here."""
        from annotator.gui.main_window import MainWindow
        from annotator.gui.session import Session

        try:
            service = ProjectService.open(path, create=create)
        except (AnnotatorError, OSError) as error:
            self.tell("Open project", str(error))
            return None
        session = Session(service)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(session.close)
        window = MainWindow(session)
        window.resize(self.window.size())
        window.show()
        old = self.window
        old.close()
        old.session.close()
        old.deleteLater()
        return window

    # -- the questions -------------------------------------------------------------------------

    def ask_open_path(self, title: str) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(self.window, title, "", PROJECT_FILTER)
        return Path(name) if name else None

    def ask_server_target(self) -> str | None:
        text, accepted = QInputDialog.getText(
            self.window, "Open server project", SERVER_QUESTION, QLineEdit.EchoMode.Normal, ""
        )
        return text if accepted else None

    def ask_save_path(self, title: str, suggested: str) -> Path | None:
        start = str(self.window.session.service.path.parent / suggested)
        name, _filter = QFileDialog.getSaveFileName(self.window, title, start, PROJECT_FILTER)
        return Path(name) if name else None

    def tell(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)
