"""One analyst's two windows on one project (a file, or a server project), each acting on a span
the other changed a moment ago, before it heard of that change: resizing by keyboard, several
spans at once, a note, undo and redo, a relation to a span deleted meanwhile. Each later edit is
refused with a message, the refused window shows the project as it is and goes on working, and
the first change is kept (ADR 0041)."""

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
from tests.gui.helpers import select_like_a_user, tab_to

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CLAIM = "The US Secretary of State underlined that when he contacts the Syrian opposition"
#: The spans both windows start from: phrase (and where to find it), label.
SEEDED = (("Sergey Lavrov", "PERSON"), ("Moscow", "GPE"), (CLAIM, "CLAIM"))


@pytest.fixture(params=["file", "server"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A project holding the seed articles and alice's spans of the first: a file or a server."""
    if request.param == "server":
        where: Any = request.getfixturevalue("pg_target")
    else:
        where = tmp_path / "team.annotator.db"
    service = ProjectService.open(where, analyst="alice")
    service.import_paths([SEEDS])
    article = service.document_ids()[0]
    text = service.document(article).text
    for phrase, label in SEEDED:
        start = text.index(phrase)
        service.add_span(article, start, start + len(phrase), label)
    service.close()
    return where


@pytest.fixture
def windows(qtbot, target: Any) -> Iterator[tuple[MainWindow, MainWindow]]:  # type: ignore[no-untyped-def]
    """alice's two windows (her two machines), the first article open in both; `there` hears of
    other writers only when it acts (its timer stopped: the change lands before its next look)."""
    opened = []
    for _ in range(2):
        window = MainWindow(Session(ProjectService.open(target, create=False, analyst="alice")))
        qtbot.addWidget(window)
        window.show()
        window.open_document(window.session.service.document_ids()[0])
        opened.append(window)
    here, there = opened
    there.live.timer.stop()
    yield here, there
    for window in opened:
        window.session.close()


def span_id(window: MainWindow, phrase: str) -> int:
    view = window.pane.view
    start = view.document_model.text.index(phrase)  # type: ignore[union-attr]
    (found,) = [m.id for m in view.index.all() if m.start == start and not m.suggested]
    return found


def choose(qtbot, window: MainWindow, phrase: str, also: bool = False) -> int:  # type: ignore[no-untyped-def]
    """Click in the middle of `phrase`'s span (Ctrl+click adds it to the chosen ones)."""
    view = window.pane.view
    start = view.document_model.text.index(phrase)  # type: ignore[union-attr]
    middle = start + min(len(phrase), 12) // 2
    point = view.cursorRect(view.cursor_for(middle, middle)).center()
    modifiers = CTRL if also else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, point)
    view.setFocus()
    return span_id(window, phrase)


def shown(window: MainWindow) -> list[tuple[str, str]]:
    """(label, text) of each accepted span the window's pane shows."""
    view = window.pane.view
    text = view.document_model.text  # type: ignore[union-attr]
    return sorted((m.label, text[m.start : m.end]) for m in view.index.all() if not m.suggested)


def stored(window: MainWindow) -> list[tuple[str, str]]:
    service = window.session.service
    article = window.pane.document_id
    spans = [s for s in service.spans(article) if not s.suggested]  # type: ignore[arg-type]
    text = service.document(article).text  # type: ignore[arg-type]
    return sorted((s.label, text[s.start : s.end]) for s in spans)


def refused(window: MainWindow) -> str:
    message = window.statusBar().currentMessage()
    assert "elsewhere" in message and "since it was shown" in message, message
    return message


def test_a_stale_resize_by_keyboard_is_refused_and_the_other_resize_kept(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    choose(qtbot, here, "Sergey Lavrov")
    choose(qtbot, there, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_Left, SHIFT | CTRL)  # end back a word: "Sergey"
    assert ("PERSON", "Sergey") in stored(here)
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Right, SHIFT)  # from the "Sergey Lavrov" shown
    refused(there)
    assert ("PERSON", "Sergey") in stored(here)  # the first resize kept
    assert ("PERSON", "Sergey") in shown(there)  # and shown where the second was refused
    assert not there.undo_action.isEnabled()  # nothing refused is on the undo stack
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Right, SHIFT)  # made again: it goes through
    assert ("PERSON", "Sergey ") in stored(here)  # a character on from "Sergey"
    # and the other window shows it by itself
    qtbot.waitUntil(lambda: ("PERSON", "Sergey ") in shown(here), timeout=1500)


def test_a_resize_key_pressed_just_as_another_change_redraws_the_span_is_refused(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    """As a label key (`gui/seen_marks.py`): the change reached the window a moment before the
    key, which was meant for the span as it looked."""
    here, there = windows
    choose(qtbot, here, "Sergey Lavrov")
    choose(qtbot, there, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE, here
    there.session.service.take_in_outside_changes()  # there's view redrawn: SOURCE now
    assert ("SOURCE", "Sergey Lavrov") in shown(there)
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Left, SHIFT | CTRL)  # meant for the PERSON
    refused(there)
    assert ("SOURCE", "Sergey Lavrov") in stored(here)
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Left, SHIFT | CTRL)  # again: meant
    assert ("SOURCE", "Sergey") in stored(here)


def test_a_stale_drag_of_a_span_edge_is_refused(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_span_extent import drag

    here, there = windows
    choose(qtbot, here, "Moscow")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE, here
    moscow = choose(qtbot, there, "Moscow")
    view = there.pane.view
    mark = view.index.get(moscow)
    assert mark is not None and mark.label == "GPE"  # as there still shows it
    text = view.document_model.text  # type: ignore[union-attr]
    washington = text.index("Washington") + 4
    end_edge = view.cursorRect(view.cursor_for(mark.end, mark.end)).center()
    target = view.cursorRect(view.cursor_for(washington, washington)).center()
    drag(qtbot, view.viewport(), end_edge, target)
    refused(there)
    assert ("SOURCE", "Moscow") in stored(here)


def test_several_chosen_spans_changed_meanwhile_are_neither_deleted_nor_relabelled(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    choose(qtbot, here, "Moscow")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE, here
    choose(qtbot, there, "Sergey Lavrov")
    choose(qtbot, there, "Moscow", also=True)  # still GPE, there
    assert len(there.pane.view.chosen_ids) == 2
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Delete)
    refused(there)
    expected = [("CLAIM", CLAIM), ("PERSON", "Sergey Lavrov"), ("SOURCE", "Moscow")]
    assert stored(here) == expected  # neither deleted, not even the one nobody changed
    assert shown(there) == expected
    qtbot.keyClick(there.pane.view, Qt.Key.Key_7)  # MEDIA for both, from what shows now
    assert stored(here) == [("CLAIM", CLAIM), ("MEDIA", "Moscow"), ("MEDIA", "Sergey Lavrov")]

    # the same refusal for a relabel of several: here changes one, there relabels both
    here.session.service.take_in_outside_changes()
    choose(qtbot, here, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_4)  # PERSON again, here
    choose(qtbot, there, "Sergey Lavrov")
    choose(qtbot, there, "Moscow", also=True)
    qtbot.keyClick(there.pane.view, Qt.Key.Key_6)  # GPE for both, from the MEDIA shown
    refused(there)
    assert stored(here) == [("CLAIM", CLAIM), ("MEDIA", "Moscow"), ("PERSON", "Sergey Lavrov")]


def test_a_note_written_from_a_stale_look_is_refused_and_the_other_note_kept(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    lavrov = choose(qtbot, here, "Sergey Lavrov")
    choose(qtbot, there, "Sergey Lavrov")
    here.inspector.note.setPlainText("minister, checked")
    here.inspector.save_note()
    there.inspector.note.setPlainText("who is he?")
    there.inspector.save_note()
    refused(there)
    assert here.session.service.span(lavrov).note == "minister, checked"
    assert there.inspector.note.toPlainText() == "minister, checked"  # shown as it is now
    there.inspector.note.setPlainText("minister, checked; who is he?")  # written again
    there.inspector.save_note()
    assert here.session.service.span(lavrov).note == "minister, checked; who is he?"


def test_an_attribute_set_from_a_stale_look_is_refused_and_the_other_kept(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    claim = choose(qtbot, here, CLAIM)
    choose(qtbot, there, CLAIM)
    here.inspector.attribute_widgets["check_worthy"].setChecked(True)  # type: ignore[attr-defined]
    stance = there.inspector.attribute_widgets["stance"]
    stance.setCurrentIndex(stance.findData("opposes"))  # type: ignore[attr-defined]
    stance.activated.emit(stance.currentIndex())  # type: ignore[attr-defined]
    refused(there)
    assert here.session.service.span(claim).attributes == {"check_worthy": True}
    assert there.inspector.attribute_widgets["check_worthy"].isChecked()  # type: ignore[attr-defined]
    stance = there.inspector.attribute_widgets["stance"]  # set again, from what shows now
    stance.setCurrentIndex(stance.findData("opposes"))  # type: ignore[attr-defined]
    stance.activated.emit(stance.currentIndex())  # type: ignore[attr-defined]
    wanted = {"check_worthy": True, "stance": "opposes"}
    assert here.session.service.span(claim).attributes == wanted


def test_undo_and_redo_of_an_edit_whose_span_changed_meanwhile_are_refused(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    lavrov = choose(qtbot, here, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE, here
    there.session.service.take_in_outside_changes()  # there sees it, then writes a note
    choose(qtbot, there, "Sergey Lavrov")
    there.inspector.note.setPlainText("the minister")
    there.inspector.save_note()
    assert here.session.service.span(lavrov).note == "the minister"

    here.undo_action.trigger()  # would put back PERSON without the note
    message = refused(here)
    assert message.startswith("Undo Relabel as SOURCE was not made")
    span = there.session.service.span(lavrov)
    assert (span.label, span.note) == ("SOURCE", "the minister")
    assert not here.undo_action.isEnabled()  # the refused undo is dropped from the history
    assert ("SOURCE", "Sergey Lavrov") in shown(here)

    # a redo likewise: here relabels and undoes; there changes the span; here's redo is refused
    choose(qtbot, here, "Moscow")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE
    here.undo_action.trigger()  # GPE again
    assert ("GPE", "Moscow") in stored(here)
    there.session.service.take_in_outside_changes()
    choose(qtbot, there, "Moscow")
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Right, SHIFT | CTRL)  # resized there
    here.redo_action.trigger()
    assert refused(here).startswith("Redo Relabel as SOURCE was not made")
    assert ("GPE", "Moscow") not in stored(here)
    assert [label for label, text in stored(here) if text.startswith("Moscow ")] == ["GPE"]
    # the window goes on working: a new edit, and its undo
    choose(qtbot, here, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_1)  # CLAIM
    here.undo_action.trigger()
    assert there.session.service.span(lavrov).label == "SOURCE"


def test_a_relation_to_a_span_deleted_meanwhile_is_refused(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    claim = span_id(here, CLAIM)
    choose(qtbot, here, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_2)  # SOURCE: a claim may be SAID_BY it
    there.session.service.take_in_outside_changes()
    choose(qtbot, there, CLAIM)
    qtbot.keyClick(there.pane.view, Qt.Key.Key_R)
    choose(qtbot, there, "Sergey Lavrov")
    qtbot.keyClick(there.pane.view, Qt.Key.Key_Return)
    assert "SAID_BY" in there.pane.prompt.text()
    choose(qtbot, here, "Sergey Lavrov")
    qtbot.keyClick(here.pane.view, Qt.Key.Key_Delete)  # deleted here meanwhile
    qtbot.keyClick(there.pane.view, Qt.Key.Key_1)  # SAID_BY, there
    assert "deleted elsewhere" in refused(there)
    assert here.session.service.relations(here.pane.document_id) == []  # type: ignore[arg-type]
    assert [label for label, _ in shown(there)] == ["CLAIM", "GPE"]
    assert there.session.service.span(claim).label == "CLAIM"


CLAIM_004 = (
    "A meeting between Russian Foreign Minister Sergei Lavrov and US State Secretary John Kerry"
)


def test_a_link_to_a_span_deleted_meanwhile_is_refused(
    qtbot, windows: tuple[MainWindow, MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    here, there = windows
    first, second = here.session.service.document_ids()
    here.open_document(second)
    text = here.pane.view.document_model.text  # type: ignore[union-attr]
    select_like_a_user(here.pane.view, text, text.index(CLAIM_004), text.index(CLAIM_004) + 10)
    here.pane.view.setFocus()
    qtbot.keyClick(here.pane.view, Qt.Key.Key_1)  # CLAIM, in the second article
    there.session.service.take_in_outside_changes()
    there.open_document(second, new_pane=True)
    left, right = there.panes.panes()
    left.view.setFocus()
    (claim_a,) = [m.id for m in left.view.index.all() if m.label == "CLAIM"]
    tab_to(qtbot, left, claim_a)
    qtbot.keyClick(left.view, Qt.Key.Key_F6)
    qtbot.waitUntil(right.view.hasFocus)
    (claim_b,) = [m.id for m in right.view.index.all() if m.label == "CLAIM"]
    tab_to(qtbot, right, claim_b)
    qtbot.keyClick(right.view, Qt.Key.Key_L)
    assert "SAME_CLAIM" in right.prompt.text()

    choose(qtbot, here, CLAIM_004[:10])
    qtbot.keyClick(here.pane.view, Qt.Key.Key_Delete)  # deleted here meanwhile
    qtbot.keyClick(right.view, Qt.Key.Key_1)  # SAME_CLAIM, there
    assert "deleted elsewhere" in refused(there)
    assert here.session.service.links_of_documents([first, second]) == []
    assert [m.label for m in right.view.index.all() if not m.suggested] == []
    assert there.panes.ribbons.ribbons() == []
