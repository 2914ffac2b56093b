"""The Stories dock: suggest, accept, rename, merge, split, add, remove, open, compare.

Every edit is one `StoryCommand` on the undo stack, calling one `StoryService` method; undo applies
the `StoryChange` it made, inverted. The Story menu and the windows it opens are in
`story_menu.py`, which installs this panel in the main window.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QMenu,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.stories import Story, StoryChange
from annotator.gui.commands import EditCommand
from annotator.gui.session import Session
from annotator.gui.stories_model import StoriesModel
from annotator.gui.story_compare import CompareWindow
from annotator.gui.story_pictures_view import PicturesWindow
from annotator.service import ProjectService
from annotator.service.story_grouping import StoryInput, SuggestedGroup, group_articles

MAX_SIDE_BY_SIDE = 6


class StoryCommand(EditCommand):
    """One story edit: `make` calls a `StoryService` method; undo applies its change inverted."""

    def __init__(self, service: ProjectService, text: str, make: Callable[[], StoryChange]) -> None:
        super().__init__(service, text)
        self._make = make
        self.change: StoryChange | None = None

    def do(self) -> None:
        self.change = self._make()
        self.setText(self.change.description)

    def redo_again(self) -> None:
        assert self.change is not None
        self.service.stories.apply(self.change)

    def undo_edit(self) -> None:
        assert self.change is not None
        self.service.stories.apply(self.change.inverted())


class _Grouping(QObject):
    """`group_articles` on a Python thread; `done(groups)` or `failed(message)` in the GUI's."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, inputs: list[StoryInput], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inputs = inputs

    def start(self) -> None:
        threading.Thread(target=self._run, name="story-grouping", daemon=True).start()

    def _run(self) -> None:
        try:
            groups = group_articles(self._inputs)
        except Exception as error:  # a bug must reach the analyst as a message, not a dead thread
            self._emit(self.failed, f"{type(error).__name__}: {error}")
            return
        self._emit(self.done, groups)

    @staticmethod
    def _emit(signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile: nobody to tell
            signal.emit(value)


class StoriesPanel(QWidget):
    """The dock's content: a toolbar over the tree of stories and their articles."""

    open_requested = Signal(object)  # list of article ids, to put side by side
    compare_requested = Signal(int)  # story id
    article_chosen = Signal(int)  # an article row was activated
    filter_requested = Signal(object)  # story id (or None) for the corpus browser

    def __init__(
        self,
        session: Session,
        open_articles: Callable[[], list[int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("StoriesPanel")
        self.session = session
        self._open_articles = open_articles  # the articles in the panes, for "Add"
        self.model = StoriesModel(session, self)
        self.model.rename_requested.connect(self.rename)
        self.tree = QTreeView(self)
        self.tree.setObjectName("StoriesTree")
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(self._activated)
        self.tree.doubleClicked.connect(self._activated)
        self.toolbar = QToolBar(self)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, tip, slot in [
            ("suggest", "Suggest", "Group the articles not in an accepted story", self.suggest),
            ("accept", "Accept", "Keep the chosen suggested stories", self.accept_chosen),
            ("merge", "Merge", "Make one story of the chosen stories", self.merge_chosen),
            ("split", "Split off", "Move the chosen articles into a new story", self.split_chosen),
            ("add", "Add open", "Add the articles open in the panes to the story", self.add_open),
            ("remove", "Remove", "Take the chosen articles out of their story", self.remove_chosen),
            (
                "delete",
                "Delete",
                "Delete the chosen stories (the articles stay)",
                self.delete_chosen,
            ),
            ("open", "Open", "Put the story's articles side by side", self.open_chosen),
            ("compare", "Compare", "Claims and entities × outlets", self.compare_chosen),
        ]:
            action = self.toolbar.addAction(text)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.actions_by_name[name] = action
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tree, 1)
        self.menu: QMenu | None = None  # the Story menu, once installed in a window
        # The chosen story stays chosen when the tree is reread after an edit.
        self._kept: int | None = None
        self.model.modelAboutToBeReset.connect(self._keep_current)
        self.model.modelReset.connect(self._restore_current)
        self.dock: QDockWidget | None = None
        self.compare_windows: list[CompareWindow] = []
        self._grouping: _Grouping | None = None
        self.pictures_windows: list[PicturesWindow] = []

    # -- what is chosen ------------------------------------------------------------------------

    def chosen_stories(self) -> list[Story]:
        """The stories whose rows are chosen (not those of chosen articles)."""
        rows = self.tree.selectionModel().selectedRows()
        found = [self.model.story_at(i) for i in rows if self.model.article_at(i) is None]
        return [s for s in found if s is not None]

    def chosen_articles(self) -> tuple[Story | None, list[int]]:
        """The chosen article rows, if all are under one story, with that story."""
        rows = [i for i in self.tree.selectionModel().selectedRows() if self.model.article_at(i)]
        stories = {self.model.story_at(i) for i in rows}
        if len(stories) != 1:
            return None, []
        ids = [a.id for i in rows if (a := self.model.article_at(i)) is not None]
        return stories.pop(), ids

    def current_story(self) -> Story | None:
        return self.model.story_at(self.tree.currentIndex())

    def choose_story(self, story_id: int) -> None:
        index = self.model.index_of_story(story_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    # -- edits (each one undoable command) -----------------------------------------------------

    def _push(self, text: str, make: Callable[[], StoryChange]) -> StoryChange | None:
        command = StoryCommand(self.session.service, text, make)
        return command.change if self.session.edit(command) else None

    def _say(self, text: str) -> None:
        self.session.message.emit(text)

    def suggest(self) -> None:
        """Group the articles on a thread of its own (minutes at 100,000 articles), then store
        the suggestions as one undoable edit; the window stays usable meanwhile."""
        if self._grouping is not None:
            return
        try:
            inputs = self.session.service.stories.grouping_inputs()
        except AnnotatorError as error:
            self._say(str(error))
            return
        self._grouping = _Grouping(inputs, self)
        self._grouping.done.connect(self._suggested)
        self._grouping.failed.connect(self._suggest_failed)
        self.actions_by_name["suggest"].setEnabled(False)
        self._say(f"Grouping {len(inputs):,} articles into stories…")
        self._grouping.start()

    def grouping(self) -> bool:
        """Whether a suggestion is being computed."""
        return self._grouping is not None

    def _suggested(self, groups: list[SuggestedGroup]) -> None:
        self._grouping = None
        self.actions_by_name["suggest"].setEnabled(True)
        change = self._push(
            "Suggest stories", lambda: self.session.service.stories.suggest_groups(groups)
        )
        if change is not None:
            self._say(
                f"Suggested {len(change.after)} stories (in italics): accept, rename or merge them."
            )

    def _suggest_failed(self, message: str) -> None:
        self._grouping = None
        self.actions_by_name["suggest"].setEnabled(True)
        self._say(f"Could not suggest stories: {message}")

    def accept_chosen(self) -> None:
        chosen = [s.id for s in self.chosen_stories() if s.suggested]
        if not chosen and (story := self.current_story()) is not None and story.suggested:
            chosen = [story.id]
        if chosen:
            self._push("Accept story", lambda: self.session.service.stories.accept(chosen))

    def rename(self, story_id: int, name: str) -> None:
        self._push("Rename story", lambda: self.session.service.stories.rename(story_id, name))

    def merge_chosen(self) -> None:
        chosen = [s.id for s in self.chosen_stories()]
        if len(chosen) < 2:
            self._say("Choose two or more stories to merge (Ctrl+click).")
            return
        self._push("Merge stories", lambda: self.session.service.stories.merge(chosen))

    def split_chosen(self) -> None:
        story, ids = self.chosen_articles()
        if story is None or not ids:
            self._say("Choose some articles of one story to split them off.")
            return
        name = _free_name(f"{story.name} (part)", self.model.stories())
        self._push("Split story", lambda: self.session.service.stories.split(story.id, ids, name))

    def add_open(self) -> None:
        story = self.current_story()
        ids = self._open_articles()
        if story is None or not ids:
            self._say("Choose a story, and open the articles to add in the panes.")
            return
        self._push("Add to story", lambda: self.session.service.stories.add_articles(story.id, ids))

    def new_from_open(self) -> StoryChange | None:
        ids = self._open_articles()
        if not ids:
            self._say("Open the articles of the new story in the panes first.")
            return None
        name = _free_name("New story", self.model.stories())
        return self._push("New story", lambda: self.session.service.stories.create(name, ids))

    def remove_chosen(self) -> None:
        story, ids = self.chosen_articles()
        if story is None or not ids:
            self._say("Choose articles of one story to remove them from it.")
            return
        self._push(
            "Remove from story",
            lambda: self.session.service.stories.remove_articles(story.id, ids),
        )

    def delete_chosen(self) -> None:
        chosen = [s.id for s in self.chosen_stories()]
        if chosen:
            self._push("Delete story", lambda: self.session.service.stories.delete(chosen))

    def open_chosen(self) -> None:
        story = self.current_story()
        if story is None:
            self._say("Choose a story to open its articles side by side.")
            return
        ids = [a.id for a in self.session.service.stories.articles(story.id)]
        if len(ids) > MAX_SIDE_BY_SIDE:
            self._say(
                f"{story.name}: the first {MAX_SIDE_BY_SIDE} of {len(ids)} articles side by side;"
                " the corpus browser lists them all."
            )
        self.open_requested.emit(ids[:MAX_SIDE_BY_SIDE])
        self.filter_requested.emit(story.id)

    def compare_chosen(self) -> None:
        story = self.current_story()
        if story is None:
            self._say("Choose a story to compare how its outlets told it.")
            return
        self.compare_requested.emit(story.id)

    # -- reactions -----------------------------------------------------------------------------

    def _keep_current(self) -> None:
        story = self.current_story()
        self._kept = story.id if story is not None else None

    def _restore_current(self) -> None:
        if self._kept is not None:
            self.choose_story(self._kept)
            self.tree.expand(self.tree.currentIndex())

    def _activated(self, index: QModelIndex) -> None:
        article = self.model.article_at(index)
        if article is not None:
            self.article_chosen.emit(article.id)


def _free_name(name: str, stories: list[Story]) -> str:
    taken = {s.name.lower() for s in stories}
    candidate, number = name, 2
    while candidate.lower() in taken:
        candidate = f"{name} {number}"
        number += 1
    return candidate
