"""`annotator screenshot`: the main window rendered to a PNG, for the README and bug reports."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService
from annotator.storage.opening import refuse_writing_over_project


def take_screenshot(
    service: ProjectService,
    out: Path,
    document_ids: Sequence[int],
    size: tuple[int, int],
    *,
    select: int | None = None,
    all_relations: bool = False,
    tags: bool = True,
) -> Path:
    """Show `document_ids` side by side (default: the first two) and save the window as a PNG.

    With `select`, that span is chosen and scrolled to the middle, and the spans linked to it in
    the other panes are scrolled to as well, so their ribbons are in the picture.
    """
    refuse_writing_over_project(service.path, out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.gui.app import application
    from annotator.gui.main_window import MainWindow
    from annotator.gui.session import Session

    app = application()
    session = Session(service)
    session.remembers_place = False  # a picture of the project, not a change to it
    window = MainWindow(session)
    window.resize(*size)
    window.show()
    ids = list(document_ids) or service.document_ids()[:2]
    for n, document_id in enumerate(ids):
        window.panes.open_document(document_id, new_pane=n > 0)
    if document_ids:  # the articles asked for, and no empty pane beside them
        for pane in window.panes.panes():
            if pane.document_id is None:
                window.panes.close_pane(pane)
    if ids:
        window.corpus_view.select_document(ids[0])
    window.label_tags_action.setChecked(tags)
    if all_relations:
        window.all_relations_action.setChecked(True)
    if select is not None:
        span = service.span(select)
        pane = window.panes.pane_showing(span.document_id) or window.panes.open_document(
            span.document_id
        )
        for link in service.links_of_span(select):
            other = service.span(link.b_id if link.a_id == select else link.a_id)
            partner = window.panes.pane_showing(other.document_id)
            if partner is not None and partner is not pane and other.id is not None:
                partner.reveal_span(other.id)
        window.panes.set_active(pane)
        pane.reveal_span(select)
    for _ in range(3):
        app.processEvents()
    image = window.grab()
    window.close()
    session.signals.detach()
    if not image.save(str(out), "PNG"):
        folder = out.parent  # Qt says only that it failed: say why, as far as we can tell
        if not folder.is_dir():
            why = ": the folder to write into does not exist"
        elif not os.access(folder, os.W_OK):
            why = ": its folder cannot be written (read-only)"
        else:
            why = ""
        raise AnnotatorError(f"cannot write the screenshot{why}", path=str(out))
    return out
