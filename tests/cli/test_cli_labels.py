"""`annotator labels`: the schema on the command line, run as a user runs it."""

from __future__ import annotations

from pathlib import Path

from annotator.service import ProjectService, load_preset
from tests.cli.test_cli import annotator


def label_lines(project: str) -> dict[str, list[str]]:
    listed = annotator("--project", project, "labels", "list")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["NAME", "KIND", "KEY", "COLOUR", "USES"]
    return {row.split()[0]: row.split()[1:] for row in rows}


def test_labels_list_shows_the_default_schema_with_uses(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    ProjectService.open(project).close()
    labels = label_lines(project)
    assert labels["CLAIM"] == ["span", "1", "#f4a261", "0"]
    assert labels["SAID_BY"][:2] == ["relation", "1"]
    assert labels["SAME_CLAIM"][:2] == ["link", "1"]


def test_labels_add_then_list(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    added = annotator(
        "--project", project, "labels", "add", "HEDGE", "--hotkey", "8", "--color", "#123456"
    )
    assert added.returncode == 0, added.stderr
    assert "added span label HEDGE (#123456, key 8)" in added.stdout
    linked = annotator("--project", project, "labels", "add", "ECHOES", "--kind", "link")
    assert linked.returncode == 0, linked.stderr
    labels = label_lines(project)
    assert labels["HEDGE"] == ["span", "8", "#123456", "0"]
    assert labels["ECHOES"][:2] == ["link", "-"]


def test_labels_add_refuses_a_taken_key_a_bad_colour_and_a_known_name(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    for args, message in [
        (["X", "--hotkey", "1"], "hotkey 1 is already used by the span label CLAIM"),
        (["Y", "--color", "red"], "colour must be #rrggbb, not 'red'"),
        (["CLAIM"], "there is already a label 'CLAIM'"),
        (["Z", "--hotkey", "12"], "a hotkey is one key"),
    ]:
        refused = annotator("--project", project, "labels", "add", *args)
        assert refused.returncode == 1
        assert refused.stderr.startswith("annotator: error: ")
        assert message in refused.stderr
        assert "Traceback" not in refused.stderr
    assert set(label_lines(project)) >= {"CLAIM"}
    assert not {"X", "Y", "Z"} & set(label_lines(project))


def test_labels_preset_refuses_to_move_hotkeys_in_use_unless_told(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    refused = annotator("--project", project, "labels", "preset", "semeval2020_task11")
    assert refused.returncode == 1
    assert refused.stderr.startswith("annotator: error: preset semeval2020_task11 would move")
    assert "CLAIM loses key 1 (the preset gives it to Appeal_to_Authority)" in refused.stderr
    assert "add --move-hotkeys" in refused.stderr and "Traceback" not in refused.stderr
    labels = label_lines(project)  # nothing changed: the default labels keep their keys
    assert labels["CLAIM"][:2] == ["span", "1"] and "Appeal_to_Authority" not in labels
    # A preset that takes no key in use loads without the flag.
    again = annotator("--project", project, "labels", "preset", "news_attribution")
    assert again.returncode == 0, again.stderr


def test_labels_preset_loads_the_propaganda_techniques(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    loaded = annotator(
        "--project", project, "labels", "preset", "semeval2020_task11", "--move-hotkeys"
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded preset semeval2020_task11: 15 labels" in loaded.stdout
    assert "CLAIM gave its key 1 to the preset" in loaded.stdout
    labels = label_lines(project)
    assert labels["Appeal_to_Authority"][:2] == ["span", "1"]
    for label in load_preset("semeval2020_task11"):
        assert labels[label.name][:3] == [label.kind, label.hotkey or "-", label.color]
    assert labels["CLAIM"][:2] == ["span", "-"]


def test_labels_preset_names_the_known_presets_when_asked_for_another(tmp_path: Path) -> None:
    refused = annotator("--project", str(tmp_path / "p.db"), "labels", "preset", "nope")
    assert refused.returncode == 1
    assert "unknown schema preset 'nope' (known: news_attribution, semeval2020_task11)" in (
        refused.stderr
    )


def test_labels_list_counts_uses(tmp_path: Path) -> None:
    from annotator.service import ProjectService

    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    article = tmp_path / "a.txt"
    article.write_text("Lavrov said talks would go on.", encoding="utf-8")
    service.import_paths([article])
    document_id = service.document_ids()[0]
    service.add_span(document_id, 0, 6, "PERSON")
    service.add_span(document_id, 12, 17, "CLAIM")
    service.add_span(document_id, 18, 23, "CLAIM")
    service.close()
    labels = label_lines(str(project))
    assert labels["CLAIM"][-1] == "2"
    assert labels["PERSON"][-1] == "1"
