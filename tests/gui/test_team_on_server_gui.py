"""Issue 14's "done when", through the user's door: a project labelled in a file is copied to a
team's server with `annotator copy`, opened in two windows as alice and bob, who label the same
article at once and see each other's work within a second; a stale change of a span is refused
with a message in the window, and the change made first is kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService
from tests.conftest import SEEDS
from tests.gui.helpers import select_like_a_user
from tests.pg_team import as_role, run


@pytest.fixture
def team(pg_cluster: Any, tmp_path: Path) -> dict[str, str]:
    """A project file (the seeds, carol's spans) copied onto a server set up by `server init`,
    with analysts alice and bob and curator carol: each one's connection string."""
    mine = tmp_path / "mine.annotator.db"
    status, output = run("--project", str(mine), "--analyst", "carol", "import", str(SEEDS))
    assert status == 0, output
    local = ProjectService.open(mine, create=False, analyst="carol")
    first = local.document_ids()[0]
    text = local.document(first).text
    for word in ("Sergey Lavrov", "Moscow"):
        start = text.index(word)
        local.add_span(first, start, start + len(word), "SOURCE")
    local.close()
    owner = str(pg_cluster.target(pg_cluster.new_database()))
    status, output = run("--project", owner, "server", "init")
    assert status == 0, output
    for name, *curator in (("alice",), ("bob",), ("carol", "--curator")):
        status, output = run("--project", owner, "server", "add-analyst", name, *curator)
        assert status == 0, output
    status, output = run("copy", str(mine), owner)
    assert status == 0, output
    return {name: as_role(owner, name) for name in ("alice", "bob", "carol")} | {"owner": owner}


@pytest.fixture
def windows(qtbot, team: dict[str, str]) -> Iterator[dict[str, MainWindow]]:  # type: ignore[no-untyped-def]
    opened = {}
    for name in ("alice", "bob"):
        window = MainWindow(Session(ProjectService.open(team[name], create=False)))
        qtbot.addWidget(window)
        window.show()
        opened[name] = window
    yield opened
    for window in opened.values():
        window.session.close()


def label_like_a_user(qtbot, window: MainWindow, word: str, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    view = window.pane.view
    text = view.document_model.text  # type: ignore[union-attr]
    start = text.index(word)
    select_like_a_user(view, text, start, start + len(word))
    view.setFocus()
    qtbot.keyClick(view, key)


def shown_labels(window: MainWindow) -> list[tuple[str, int, int]]:
    return sorted(
        (m.label, m.start, m.end) for m in window.pane.view.index.all() if not m.suggested
    )


@pytest.fixture
def second_alice(qtbot, team: dict[str, str]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """alice's second window on the same project (her other machine)."""
    there = MainWindow(Session(ProjectService.open(team["alice"], create=False)))
    qtbot.addWidget(there)
    there.show()
    yield there
    there.session.close()


def one_span_seen_in_both(  # type: ignore[no-untyped-def]
    qtbot, here: MainWindow, there: MainWindow, word: str, key: Qt.Key
) -> tuple[int, int]:
    """`word` of the first article labelled in `here` with `key`, then chosen in `there` once it
    shows there: (article, span id)."""
    article = here.session.service.document_ids()[0]
    here.open_document(article)
    label_like_a_user(qtbot, here, word, key)
    (span_id,) = [m.id for m in here.pane.view.index.all()]
    there.open_document(article)
    qtbot.waitUntil(lambda: span_id in there.pane.view.index, timeout=1500)
    there.pane.view.select_span(there.pane.view.index.get(span_id))
    return article, span_id


def test_two_analysts_label_one_article_at_once_and_see_each_others_work(
    qtbot, team: dict[str, str], windows: dict[str, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    alice, bob = windows["alice"], windows["bob"]
    database = team["owner"].split("?")[0].rsplit("/", 1)[-1]
    for name, window in windows.items():
        # each window says whose it is (no login, host or socket folder in it)
        assert window.windowTitle() == f"annotator — {database} — {name}"
        assert window.session.service.document_count() == 2  # the copied project's articles
    article = alice.session.service.document_ids()[0]
    for window in (alice, bob):
        window.open_document(article)
    text = alice.pane.view.document_model.text  # type: ignore[union-attr]
    lavrov = text.index("Sergey Lavrov")

    label_like_a_user(qtbot, alice, "Sergey Lavrov", Qt.Key.Key_4)  # PERSON, in alice's layer
    assert shown_labels(alice) == [("PERSON", lavrov, lavrov + 13)]
    # bob's pane offers alice's layer, read-only, within a second, without reloading
    choice = bob.pane.layer_choice
    qtbot.waitUntil(
        lambda: any("alice" in choice.itemText(i) for i in range(choice.count())), timeout=1500
    )
    choice.setCurrentIndex(next(i for i in range(choice.count()) if "alice" in choice.itemText(i)))
    assert shown_labels(bob) == [("PERSON", lavrov, lavrov + 13)]
    # alice labels more while bob looks at her layer: it appears by itself
    moscow = text.index("Moscow")
    label_like_a_user(qtbot, alice, "Moscow", Qt.Key.Key_2)
    qtbot.waitUntil(lambda: ("SOURCE", moscow, moscow + 6) in shown_labels(bob), timeout=1500)

    # bob labels in his own layer; alice sees it in bob's layer
    choice.setCurrentIndex(0)
    label_like_a_user(qtbot, bob, "Moscow", Qt.Key.Key_4)
    theirs = alice.pane.layer_choice
    qtbot.waitUntil(
        lambda: any("bob" in theirs.itemText(i) for i in range(theirs.count())), timeout=1500
    )
    theirs.setCurrentIndex(next(i for i in range(theirs.count()) if "bob" in theirs.itemText(i)))
    assert shown_labels(alice) == [("PERSON", moscow, moscow + 6)]


def test_a_stale_change_of_a_span_is_refused_in_the_window_and_the_first_change_kept(
    qtbot, windows: dict[str, MainWindow], second_alice: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """alice has the article open on two machines; each relabels the same span, the second
    before its window heard of the first: refused with a message, not written over it."""
    here, there = windows["alice"], second_alice
    _, span_id = one_span_seen_in_both(qtbot, here, there, "Sergey Lavrov", Qt.Key.Key_4)  # PERSON
    there.live.timer.stop()  # the first change lands before this window's next look
    here.pane.view.setFocus()
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # relabelled SOURCE
    assert here.session.service.span(span_id).label == "SOURCE"

    there.pane.view.setFocus()
    qtbot.keyClick(there.pane.view, Qt.Key.Key_1)  # CLAIM, from the PERSON it still shows
    shown = there.statusBar().currentMessage()
    assert "changed elsewhere" in shown and "make the change again" in shown
    assert here.session.service.span(span_id).label == "SOURCE"  # the first change kept
    # the refused window shows the span as it is now and goes on working
    assert [m.label for m in there.pane.view.index.all()] == ["SOURCE"]
    assert not there.undo_action.isEnabled()
    qtbot.keyClick(there.pane.view, Qt.Key.Key_1)  # made again, knowingly: it goes through
    assert here.session.service.span(span_id).label == "CLAIM"
    qtbot.waitUntil(lambda: shown_labels(here)[0][0] == "CLAIM", timeout=1500)


def test_a_label_key_pressed_just_as_another_change_redraws_the_span_is_refused(
    qtbot, windows: dict[str, MainWindow], second_alice: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """The other change reaches the window a moment before the analyst's key press: the key was
    meant for the span as it looked, so it is refused too, not written over the change."""
    here, there = windows["alice"], second_alice
    _, span_id = one_span_seen_in_both(qtbot, here, there, "Moscow", Qt.Key.Key_6)  # GPE
    here.pane.view.setFocus()
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE
    qtbot.waitUntil(lambda: shown_labels(there)[0][0] == "SOURCE", timeout=1500)
    there.pane.view.setFocus()
    qtbot.keyClick(there.pane.view, Qt.Key.Key_1)  # CLAIM, meant for the GPE just shown
    assert "changed elsewhere" in there.statusBar().currentMessage()
    assert here.session.service.span(span_id).label == "SOURCE"
    qtbot.keyClick(there.pane.view, Qt.Key.Key_1)  # pressed again: the analyst means it
    assert here.session.service.span(span_id).label == "CLAIM"


def test_deleting_a_span_changed_meanwhile_is_refused_and_the_change_kept(
    qtbot, windows: dict[str, MainWindow], second_alice: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows["alice"], second_alice
    article, span_id = one_span_seen_in_both(qtbot, here, there, "Moscow", Qt.Key.Key_6)  # GPE
    there.live.timer.stop()
    here.pane.view.setFocus()
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE
    there.pane.view.setFocus()
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Delete)  # the GPE it still shows
    assert "changed elsewhere" in there.statusBar().currentMessage()
    assert here.session.service.span(span_id).label == "SOURCE"  # not deleted
    assert shown_labels(there)[0][0] == "SOURCE"
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Delete)  # seen, and meant: deleted
    assert span_id not in [s.id for s in here.session.service.spans(article)]
