"""The Story menu and the windows it opens: side by side, Compare, pictures, the report.

`install_stories(window)` docks the Stories panel (`stories_dock.py`), adds the Story menu and
File ▸ Export story report, and wires them to the panes and the corpus browser, so the main window
gains stories with one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu

from annotator.domain.errors import AnnotatorError
from annotator.gui.stories_dock import StoriesPanel
from annotator.gui.story_compare import CompareWindow
from annotator.gui.story_pictures_view import PicturesWindow

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def open_side_by_side(window: MainWindow, document_ids: list[int]) -> None:
    """Put the articles in panes, left to right, reusing the panes there are and adding more."""
    if not document_ids:
        return
    panes = window.panes.panes()
    for pane in panes[len(document_ids) :]:
        window.panes.close_pane(pane)
    panes = window.panes.panes()
    for position, document_id in enumerate(document_ids):
        if position < len(panes):
            pane = panes[position]
        else:
            pane = window.panes.add_pane(after=panes[-1])
            panes.append(pane)
        pane.open_document(document_id)
    window.panes.set_active(panes[0])


def reveal_span(window: MainWindow, document_id: int, span_id: int) -> None:
    """Show a span in its article: in the pane that has it open, else in the active pane."""
    pane = window.panes.pane_showing(document_id)
    if pane is None:
        pane = window.panes.open_document(document_id)
    window.panes.set_active(pane)
    pane.reveal_span(span_id)
    window.activateWindow()


def open_comparison(window: MainWindow, story_id: int) -> CompareWindow:
    """Story ▸ Compare: the matrix in a window of its own, beside the workbench."""
    compare = CompareWindow(window.session, story_id, window)
    compare.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    compare.span_chosen.connect(lambda d, s: reveal_span(window, d, s))
    compare.show()
    window.stories.compare_windows.append(compare)
    compare.destroyed.connect(
        lambda: (
            window.stories.compare_windows.remove(compare)
            if compare in window.stories.compare_windows
            else None
        )
    )
    return compare


def _with_story(
    panel: StoriesPanel, window: MainWindow, act: Callable[[MainWindow, int], object]
) -> None:
    story = panel.current_story()
    if story is None:
        panel.session.message.emit("Choose a story in the Stories dock first.")
        return
    act(window, story.id)


def open_pictures(window: MainWindow, story_id: int) -> PicturesWindow:
    """Story ▸ Attribution graph and timeline; a click on a claim or source opens its span."""
    pictures = PicturesWindow(window.session, story_id, window)
    pictures.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    pictures.span_chosen.connect(
        lambda d, s: reveal_span(window, d, s) if s else window.open_document(d)
    )
    pictures.show()
    window.stories.pictures_windows.append(pictures)
    return pictures


def export_report(window: MainWindow, story_id: int, path: Path | None = None) -> Path | None:
    """File ▸ Export story report: one self-contained HTML file (asks where, unless told)."""
    from annotator.service.story_report import write_report

    if path is None:
        name, _filter = QFileDialog.getSaveFileName(
            window, "Export story report", "report.html", "HTML (*.html)"
        )
        if not name:
            return None
        path = Path(name)
    try:
        write_report(window.session.service, story_id, path)
    except (OSError, AnnotatorError) as error:
        window.session.message.emit(f"Cannot write the report: {error}")
        return None
    window.session.message.emit(f"Wrote the story report to {path}")
    return path


def install_stories(window: MainWindow) -> StoriesPanel:
    """Dock the Stories panel, add the Story menu, and wire them to the panes and the browser."""

    def open_articles() -> list[int]:
        return [p.document_id for p in window.panes.panes() if p.document_id is not None]

    panel = StoriesPanel(window.session, open_articles)
    dock = QDockWidget("Stories", window)
    dock.setObjectName("StoriesDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.splitDockWidget(window.corpus_dock, dock, Qt.Orientation.Vertical)
    panel.open_requested.connect(lambda ids: open_side_by_side(window, ids))
    panel.article_chosen.connect(lambda document_id: window.open_document(document_id))
    panel.compare_requested.connect(lambda story_id: open_comparison(window, story_id))
    panel.filter_requested.connect(window.corpus_filter.set_story)

    menu = QMenu("&Story", window)
    help_menu = next((a for a in window.menuBar().actions() if a.text() == "&Help"), None)
    window.menuBar().insertMenu(help_menu, menu) if help_menu else window.menuBar().addMenu(menu)
    for text, slot, key in [
        ("&Suggest stories", panel.suggest, None),
        ("&New story of the open articles", panel.new_from_open, None),
        ("&Open side by side", panel.open_chosen, "Ctrl+Shift+O"),
        ("&Compare outlets", panel.compare_chosen, "Ctrl+Shift+M"),
        (
            "Attribution &graph and timeline",
            lambda: _with_story(panel, window, open_pictures),
            None,
        ),
        ("&Accept", panel.accept_chosen, None),
        ("&Merge the chosen stories", panel.merge_chosen, None),
        ("S&plit off the chosen articles", panel.split_chosen, None),
    ]:
        action = QAction(text, window)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False, s=slot: s())
        menu.addAction(action)
        window.addAction(action)
    file_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&File"), None)
    if isinstance(file_menu, QMenu):
        report = QAction("Export story &report…", window)
        report.triggered.connect(lambda _checked=False: _with_story(panel, window, export_report))
        actions = file_menu.actions()
        if len(actions) >= 2:  # before the separator above Quit
            file_menu.insertAction(actions[-2], report)
        else:
            file_menu.addAction(report)
    menu.addSeparator()
    show = dock.toggleViewAction()
    show.setText("Show the &Stories dock")
    menu.addAction(show)
    panel.menu = menu
    panel.dock = dock
    return panel
