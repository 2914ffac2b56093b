"""`annotator screenshot`: the main window rendered to a PNG, for the README and bug reports."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService


def take_screenshot(
    service: ProjectService, out: Path, document_ids: Sequence[int], size: tuple[int, int]
) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session

    app = application()
    session = Session(service)
    window = MainWindow(session)
    window.resize(*size)
    window.show()
    ids = list(document_ids) or service.document_ids()[:2]
    for n, document_id in enumerate(ids):
        window.panes.open_document(document_id, new_pane=n > 0)
    if ids:
        window.corpus_view.select_document(ids[0])
    for _ in range(3):
        app.processEvents()
    image = window.grab()
    window.close()
    session.signals.detach()
    if not image.save(str(out), "PNG"):
        raise AnnotatorError("cannot write the screenshot", path=str(out))
    return out
