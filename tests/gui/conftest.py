"""GUI fixtures: the real main window over a project in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService


@pytest.fixture
def session(qapp, service: ProjectService) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    opened = Session(service)
    yield opened
    opened.signals.detach()


@pytest.fixture
def window(qtbot, session: Session) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    return main
