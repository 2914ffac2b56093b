"""File ▸ Export in the workbench: every format, off the GUI thread, with progress and Cancel."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from annotator.domain.errors import InputRefused
from annotator.formats.registry import WRITERS
from annotator.gui.export_dialog import ExportCancelled, ExportDialog, folder_refusal
from annotator.gui.main_window import MainWindow
from annotator.service import ProjectService
from annotator.service.exporting import ExportReport

# The scraped tail of each seed article (debris) starts here.
TAILS = ("You might also like", 'string(1157) "')


def label_seeds(service: ProjectService) -> dict[int, str]:
    """A PERSON "Lavrov", a CLAIM and SAID_BY in each seed article; returns the article texts."""
    texts = {}
    for document_id in service.document_ids():
        text = service.document(document_id).text
        texts[document_id] = text
        start = text.index("Lavrov")
        person = service.add_span(document_id, start, start + len("Lavrov"), "PERSON")
        claim_start = text.index("\n\n") + 2
        claim = service.add_span(document_id, claim_start, claim_start + 20, "CLAIM")
        service.add_relation(claim.id, person.id, "SAID_BY")
    return texts


def mark_tails_as_debris(service: ProjectService) -> None:
    for document_id in service.document_ids():
        text = service.document(document_id).text
        start = min(text.index(t) for t in TAILS if t in text)
        service.add_span(document_id, start, len(text), "DEBRIS")


def open_dialog(window: MainWindow, format_name: str, destination: Path) -> ExportDialog:
    dialog = window.export_dialog()
    dialog.set_format(format_name)
    dialog.set_destination(destination)
    return dialog


def run_export(qtbot, dialog: ExportDialog) -> object:  # type: ignore[no-untyped-def]
    assert dialog.export_button.isEnabled(), dialog.destination_note.text()
    with qtbot.waitSignal(dialog.done_exporting, timeout=30000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Hold the export at its first progress call until the test lets it go; record who ran it."""
    real = ProjectService.export
    state = {"reached": threading.Event(), "go": threading.Event(), "calls": []}

    def gated(self, format_name, destination, options=None, *, progress=None):  # type: ignore[no-untyped-def]
        state["calls"].append((threading.current_thread(), self))

        def held(done: int, total: int) -> None:
            if not state["reached"].is_set():
                state["reached"].set()
                state["go"].wait(20)
            progress(done, total)

        return real(self, format_name, destination, options, progress=held)

    monkeypatch.setattr(ProjectService, "export", gated)
    yield state
    state["go"].set()


def test_file_menu_opens_the_export_dialog_with_ctrl_e(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    action = next(a for a in window.actions() if a.text() == "&Export…")
    assert QKeySequence("Ctrl+E") in action.shortcuts()
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    action.trigger()
    dialogs = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


def test_every_format_is_offered_with_a_description(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.export_dialog()
    offered = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert offered == list(WRITERS)
    for i in range(dialog.format_box.count()):
        name, _dash, description = dialog.format_box.itemText(i).partition(" — ")
        assert name == offered[i] and len(description) > 10
    dialog.set_destination(tmp_path / "out.jsonl")
    dialog.set_format("csv")
    assert dialog.destination.text() == str(tmp_path / "out.csv")
    dialog.set_format("brat")
    assert dialog.destination.text() == str(tmp_path / "out")
    dialog.set_format("spacy")
    assert dialog.destination.text() == str(tmp_path / "out.spacy")
    dialog.destination.clear()
    assert not dialog.export_button.isEnabled()


def test_prodigy_export_off_the_gui_thread(qtbot, seeded, window, tmp_path: Path, gate) -> None:  # type: ignore[no-untyped-def]
    texts = label_seeds(seeded)
    out = tmp_path / "train.jsonl"
    dialog = open_dialog(window, "prodigy", out)
    shown: list[tuple[int, int]] = []  # what the progress callback fed the bar
    dialog.progressed.connect(lambda done, total: shown.append((done, total)))
    gate["go"].set()
    result = run_export(qtbot, dialog)

    assert isinstance(result, ExportReport)
    assert (result.documents, result.spans, result.relations) == (2, 4, 2)
    ((thread, service),) = gate["calls"]
    assert thread is not threading.main_thread()
    assert service is not window.session.service  # its own connection, for its own thread
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [t["meta"]["id"] for t in tasks] == sorted(texts)
    for task in tasks:
        assert task["text"] == texts[task["meta"]["id"]]  # no accepted debris: text whole
        assert {"tokens", "_input_hash", "_task_hash", "answer", "relations"} <= set(task)
        assert sorted(s["label"] for s in task["spans"]) == ["CLAIM", "PERSON"]
        for span in task["spans"]:
            assert task["text"][span["start"] : span["end"]] == span["text"]
        assert len(task["relations"]) == 1 and task["relations"][0]["label"] == "SAID_BY"

    summary = "Wrote 2 articles, 4 spans, 2 relations, 0 links"
    assert summary in dialog.summary.text()
    assert summary in window.statusBar().currentMessage()
    assert shown and shown[-1] == (2, 2)
    assert dialog.progress.maximum() == 1 and dialog.progress.value() == 1  # finished
    assert not dialog.running and dialog.export_button.isEnabled()

    # Selection: done articles only, and only some labels.
    window.session.set_status(sorted(texts)[1], "done")
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    dialog.check_labels(["PERSON"])
    result = run_export(qtbot, dialog)
    assert isinstance(result, ExportReport)
    assert (result.documents, result.spans, result.relations) == (1, 1, 0)
    (task,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert task["meta"]["id"] == sorted(texts)[1]
    assert [s["label"] for s in task["spans"]] == ["PERSON"]
    dialog.check_labels([])
    assert not dialog.export_button.isEnabled()
    dialog.close()

    # The next export starts with this format and destination.
    again = window.export_dialog()
    assert again.format_box.currentData() == "prodigy"
    assert again.destination.text() == str(out)
    again.close()


def test_brat_export_to_a_folder(qtbot, seeded, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    texts = label_seeds(seeded)
    folder = tmp_path / "brat-out"
    dialog = open_dialog(window, "brat", folder)
    assert "folder" in dialog.destination_note.text()
    result = run_export(qtbot, dialog)
    assert isinstance(result, ExportReport) and result.documents == 2
    assert (folder / "annotation.conf").is_file()
    pairs = sorted(folder.glob("*.ann"))
    assert len(pairs) == 2
    written = {p.with_suffix(".txt").read_text(encoding="utf-8") for p in pairs}
    assert written == set(texts.values())
    for ann in pairs:
        lines = ann.read_text(encoding="utf-8").splitlines()
        assert any(line.split("\t")[1].startswith("PERSON") for line in lines)
        assert any(line.split("\t")[-1] == "Lavrov" for line in lines)
        assert any(line.startswith("R") and "SAID_BY" in line for line in lines)
    # An earlier brat export may be replaced; a folder of other things may not.
    assert folder_refusal(folder) is None
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.odt").write_bytes(b"precious")
    dialog.set_destination(tmp_path / "mine")
    assert not dialog.export_button.isEnabled()
    assert "other files" in dialog.destination_note.text()
    dialog.close()


@pytest.mark.parametrize("format_name", list(WRITERS))
def test_every_format_exports_from_the_dialog(
    qtbot, seeded, window, tmp_path: Path, format_name
) -> None:  # type: ignore[no-untyped-def]
    if format_name == "spacy":
        pytest.importorskip("spacy")
    label_seeds(seeded)
    target = tmp_path / f"out{WRITERS[format_name].extension}"
    dialog = open_dialog(window, format_name, target)
    dialog.check_labels(["PERSON", "CLAIM"])
    result = run_export(qtbot, dialog)
    assert isinstance(result, ExportReport), dialog.summary.text()
    assert target.exists()
    dialog.close()


@pytest.mark.parametrize("format_name", ["prodigy", "brat"])
def test_cancel_leaves_the_old_destination_untouched(
    qtbot, seeded, window, tmp_path: Path, gate, format_name
) -> None:  # type: ignore[no-untyped-def]
    label_seeds(seeded)
    if format_name == "brat":
        target = tmp_path / "brat-out"
        target.mkdir()
        (target / "000001.txt").write_text("old text", encoding="utf-8")
        (target / "000001.ann").write_text("T1\tPERSON 0 3\told\n", encoding="utf-8")
    else:
        target = tmp_path / "train.jsonl"
        target.write_text('{"text": "old"}\n', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in ([target] if target.is_file() else target.iterdir())}
    dialog = open_dialog(window, format_name, target)
    assert "Replaces the existing" in dialog.destination_note.text()

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(gate["reached"].is_set, timeout=20000)  # mid-export, a temporary file open
    assert dialog.running and dialog.cancel_button.isEnabled()
    assert not dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.done_exporting, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        gate["go"].set()

    assert isinstance(blocker.args[0], ExportCancelled)
    after = {p.name: p.read_bytes() for p in ([target] if target.is_file() else target.iterdir())}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert "cancelled" in dialog.summary.text()
    assert "cancelled" in window.statusBar().currentMessage()
    assert not dialog.running and dialog.export_button.isEnabled()
    dialog.close()


def test_closing_the_dialog_mid_export_stops_the_worker(
    qtbot, seeded, window, tmp_path: Path, gate
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "train.jsonl"
    target.write_text("old\n", encoding="utf-8")
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("prodigy")
    dialog.set_destination(target)
    assert dialog.start()
    qtbot.waitUntil(gate["reached"].is_set, timeout=20000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape cancels, the dialog stays
    assert dialog.isVisible()
    gate["go"].set()
    dialog.close()
    assert not dialog.running and not dialog.isVisible()
    assert isinstance(dialog.outcome, ExportCancelled)
    assert target.read_text(encoding="utf-8") == "old\n"


def test_spans_overlapping_debris_are_listed_not_crashed_on(
    qtbot, seeded, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    label_seeds(seeded)
    mark_tails_as_debris(seeded)
    document_id = seeded.document_ids()[0]
    text = seeded.document(document_id).text
    start = text.index("Latest news")  # inside the debris of seed 000
    seeded.add_span(document_id, start - 20, start + 6, "CLAIM")
    out = tmp_path / "train.jsonl"
    out.write_text("old\n", encoding="utf-8")

    dialog = open_dialog(window, "prodigy", out)
    result = run_export(qtbot, dialog)
    assert isinstance(result, InputRefused)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert "Nothing was written: 1 problem(s)" in dialog.summary.text()
    assert dialog.details.isVisible() and dialog.details.isReadOnly()
    problems = dialog.details.toPlainText()
    assert f"article {document_id}" in problems and "overlaps debris" in problems
    assert dialog.copy_button.isVisible()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == problems

    dialog.drop_overlapping.setChecked(True)
    result = run_export(qtbot, dialog)
    assert isinstance(result, ExportReport) and len(result.dropped) == 1
    assert "Left out 1 spans overlapping debris" in dialog.summary.text()
    assert "overlaps debris" in dialog.details.toPlainText()
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(not any(t in task["text"] for t in TAILS) for task in tasks)  # debris cut
    dialog.close()


def test_an_export_error_is_shown_in_the_dialog(qtbot, seeded, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "no such folder" / "train.jsonl"
    dialog = open_dialog(window, "prodigy", out)
    result = run_export(qtbot, dialog)
    assert not isinstance(result, ExportReport)
    assert "does not exist" in dialog.summary.text()
    assert not out.parent.exists()
    dialog.close()


def test_untouched_articles_are_left_out_unless_all_are_chosen(
    qtbot, seeded, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = seeded.document_ids()[0]
    text = seeded.document(first).text
    start = text.index("Lavrov")
    seeded.add_span(first, start, start + len("Lavrov"), "PERSON")
    out = tmp_path / "train.jsonl"
    dialog = open_dialog(window, "prodigy", out)
    assert dialog.status_box.currentText() == "Articles worked on"
    result = run_export(qtbot, dialog)
    assert isinstance(result, ExportReport)
    assert (result.documents, result.untouched) == (1, 1)
    assert "Left out 1 article nobody worked on" in dialog.summary.text()
    assert [json.loads(line)["meta"]["id"] for line in out.read_text().splitlines()] == [first]
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("all"))
    result = run_export(qtbot, dialog)
    assert isinstance(result, ExportReport)
    assert (result.documents, result.untouched) == (2, 0)
    assert len(out.read_text().splitlines()) == 2
    dialog.close()


def test_a_project_of_two_analysts_exports_the_layer_chosen_in_the_dialog(
    qtbot,
    service: ProjectService,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """The CLI import records the login name, the workbench the name typed at first start: two
    layers, and the dialog said only "choose one (--analyst NAME …)" with nowhere to choose."""
    from annotator.gui.session import Session

    service.team.act_as("root")
    service.import_paths([Path(__file__).resolve().parents[2] / "seeds"])
    first = service.document_ids()[0]
    text = service.document(first).text
    start = text.index("Lavrov")
    service.add_span(first, start, start + len("Lavrov"), "PERSON")
    service.team.act_as("alice")
    service.add_span(first, start, start + len("Lavrov"), "SOURCE")
    session = Session(service)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    dialog = open_dialog(window, "prodigy", tmp_path / "out.jsonl")
    assert dialog.layer_box.isVisibleTo(dialog)
    assert [dialog.layer_box.itemText(i) for i in range(dialog.layer_box.count())] == [
        "alice (yours)",
        "root",
    ]
    dialog.layer_box.setCurrentIndex(1)
    assert isinstance(run_export(qtbot, dialog), ExportReport), dialog.summary.text()
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [span["label"] for span in record["spans"]] == ["PERSON"]
    dialog.close()
    session.signals.detach()


def test_the_project_itself_is_refused_as_the_destination(qtbot, seeded, window) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, "annotator", seeded.path)
    assert not dialog.export_button.isEnabled()
    assert "project's own file" in dialog.destination_note.text()
    dialog.close()
