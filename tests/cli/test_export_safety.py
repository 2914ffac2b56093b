"""`annotator export -o PATH` never destroys what PATH is, never leaves debris, never half a folder.

Run through the real command line (`python -m annotator`), as a user types it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import DraftDocument
from annotator.service import ProjectService
from tests.cli.typed import annotator


def worked_project(path: Path, articles: int = 3) -> Path:
    """A project whose articles each hold a CLAIM, so that every one is exported."""
    service = ProjectService.open(path)
    ids = service.store.insert_documents(
        [
            DraftDocument(f"Article {n}: Lavrov said talks will go on.", f"T{n}")
            for n in range(articles)
        ]
    )
    for document_id in ids:
        start = service.document(document_id).text.index("talks will go on")
        service.add_span(document_id, start, start + len("talks will go on"), "CLAIM")
    service.close()
    return path


def test_output_naming_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    project = worked_project(tmp_path / "p.db")
    real = tmp_path / "data" / "train.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "train.jsonl"
    link.symlink_to(real)
    result = annotator("--project", str(project), "export", "--format", "prodigy", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(real.read_text(encoding="utf-8").splitlines()) == 3


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    project = worked_project(tmp_path / "p.db")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []

    def read() -> None:
        with fifo.open(encoding="utf-8") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = annotator("--project", str(project), "export", "--format", "prodigy", "-o", str(fifo))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the named pipe was replaced by a file"
    reader.join(timeout=30)
    assert received and len(received[0].splitlines()) == 3


def test_dev_stdout_is_written_into(tmp_path: Path) -> None:
    project = worked_project(tmp_path / "p.db")
    before = os.lstat("/dev/stdout")
    result = annotator(
        "--project", str(project), "export", "--format", "prodigy", "-o", "/dev/stdout"
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 3
    after = os.lstat("/dev/stdout")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert not list(Path("/dev").glob(".stdout*"))


def test_a_killed_export_leaves_no_temporary_file_for_ever(tmp_path: Path) -> None:
    project = worked_project(tmp_path / "p.db")
    out = tmp_path / "out" / "train.jsonl"
    out.parent.mkdir()
    # An export killed outright (kill -9) half way through writing.
    killer = (
        "import os, signal, sys\n"
        "from annotator.formats import prodigy\n"
        "real = prodigy.write\n"
        "def dying(stream, out):\n"
        "    out.write('{\"half\": ')\n"
        "    out.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "prodigy.write = dying\n"
        "from annotator.formats import registry\n"
        "registry.WRITERS['prodigy'] = registry.Writer('prodigy', '.jsonl', dying)\n"
        "from annotator.cli import main\n"
        "sys.argv = ['annotator'] + sys.argv[1:]\n"
        "main()\n"
    )
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            killer,
            "--project",
            str(project),
            "export",
            "--format",
            "prodigy",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9
    leftovers = [p for p in out.parent.iterdir() if p.name != out.name]
    assert leftovers, "the killed export left nothing to clean up (test setup)"
    old = time.time() - 3600
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    result = annotator("--project", str(project), "export", "--format", "prodigy", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["train.jsonl"]


def test_a_folder_export_is_never_missing_while_it_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ProjectService.open(worked_project(tmp_path / "p.db"))
    target = tmp_path / "brat"
    service.export("brat", target)
    missing: list[str] = []
    for name, module in (("replace", os), ("rename", os), ("rmtree", shutil)):
        real = getattr(module, name)

        def watched(*args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            result = _real(*args, **kwargs)
            if not target.is_dir():
                missing.append(f"after {_name}{args}")
            return result

        monkeypatch.setattr(module, name, watched)
    service.export("brat", target)
    monkeypatch.undo()
    assert not missing, missing
    assert sorted(p.suffix for p in target.iterdir()) == [".ann"] * 3 + [".conf"] + [".txt"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat", "p.db", "p.db-shm", "p.db-wal"]
    service.close()


def test_csv_cells_starting_with_a_line_feed_or_full_width_signs_are_escaped(
    tmp_path: Path,
) -> None:
    service = ProjectService.open(tmp_path / "p.db")
    starters = ["\n=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "﹦1"]
    text = " ".join(starters) + " plain"
    (document_id,) = service.store.insert_documents([DraftDocument(text, "t")])
    position = 0
    for starter in [*starters, "plain"]:
        start = text.index(starter, position)
        service.add_span(document_id, start, start + len(starter), "CLAIM", snap=False)
        position = start + len(starter)
    service.close()
    out = tmp_path / "spans.csv"
    result = annotator(
        "--project", str(tmp_path / "p.db"), "export", "--format", "csv", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [row["text"] for row in csv.DictReader(handle)]
    assert cells == [*("'" + starter for starter in starters), "plain"]


def test_spacy_export_to_a_folder_writes_shards_spacy_training_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spacy = pytest.importorskip("spacy")
    from click.testing import CliRunner

    from annotator.cli import main
    from annotator.formats import spacy_docbin

    project = worked_project(tmp_path / "p.db", articles=5)
    monkeypatch.setattr(spacy_docbin, "SHARD_SIZE", 2)
    out = tmp_path / "train"
    result = CliRunner().invoke(
        main, ["--project", str(project), "export", "--format", "spacy", "-o", f"{out}/"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "shard-00000.spacy",
        "shard-00001.spacy",
        "shard-00002.spacy",
    ]
    from spacy.training import Corpus

    nlp = spacy.blank("en")
    examples = list(Corpus(out)(nlp))  # what `spacy train --paths.train DIR` reads
    assert len(examples) == 5
    spans = [span for ex in examples for span in ex.reference.spans["sc"]]
    assert [(span.text, span.label_) for span in spans] == [("talks will go on", "CLAIM")] * 5


def test_export_leaves_out_untouched_articles_and_says_how_many(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    labelled, done, _untouched, _untouched_too = service.store.insert_documents(
        [DraftDocument(f"Article {n} says Lavrov met Kerry.", f"T{n}") for n in range(4)]
    )
    service.add_span(labelled, 17, 23, "PERSON")
    service.set_status(done, "done")
    service.close()
    out = tmp_path / "out.jsonl"
    result = annotator("--project", str(project), "export", "--format", "prodigy", "-o", str(out))
    assert result.returncode == 0, result.stderr
    titles = [json.loads(line)["meta"]["title"] for line in out.read_text().splitlines()]
    assert titles == ["T0", "T1"]
    assert "left out 2 articles nobody worked on" in result.stderr
    assert "--status all" in result.stderr
    everything = annotator(
        "--project",
        str(project),
        "export",
        "--format",
        "prodigy",
        "-o",
        str(out),
        "--status",
        "all",
    )
    assert everything.returncode == 0, everything.stderr
    assert len(out.read_text().splitlines()) == 4
    assert "left out" not in everything.stderr
    # a backup (the lossless bundle) always holds every article
    backup = tmp_path / "backup.jsonl"
    bundle = annotator(
        "--project", str(project), "export", "--format", "annotator", "-o", str(backup)
    )
    assert bundle.returncode == 0, bundle.stderr
    assert "wrote 4 articles" in bundle.stdout


def test_an_export_to_a_full_device_is_one_line_and_the_device_stays(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    project = worked_project(tmp_path / "p.db")
    before = os.lstat("/dev/full")
    result = annotator(
        "--project", str(project), "export", "--format", "prodigy", "-o", "/dev/full"
    )
    assert result.returncode == 1
    assert result.stderr == "annotator: error: /dev/full: cannot write: No space left on device\n"
    after = os.lstat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_full_disk_while_exporting_keeps_the_earlier_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from annotator.formats import registry

    service = ProjectService.open(worked_project(tmp_path / "p.db"))
    out = tmp_path / "train.jsonl"
    out.write_text("yesterday's export\n", encoding="utf-8")
    real = registry.WRITERS["prodigy"]

    def fills_the_disk(stream, handle):  # type: ignore[no-untyped-def]
        handle.write("{")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setitem(
        registry.WRITERS, "prodigy", registry.Writer("prodigy", ".jsonl", fills_the_disk)
    )
    with pytest.raises(AnnotatorError, match="cannot write: No space left on device; the earlier"):
        service.export("prodigy", out)
    monkeypatch.setitem(registry.WRITERS, "prodigy", real)
    assert out.read_text(encoding="utf-8") == "yesterday's export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "train" in p.name) == ["train.jsonl"]
    service.close()


def test_a_terminated_export_removes_its_temporary_at_once(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    service.store.insert_documents(
        [
            DraftDocument(f"Article {n}: " + "Lavrov said talks will go on. " * 200, f"T{n}")
            for n in range(3000)
        ]
    )
    service.close()
    out = tmp_path / "out" / "train.jsonl"
    out.parent.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "annotator",
            "--project",
            str(project),
            "export",
            "--format",
            "prodigy",
            "-o",
            str(out),
            "--status",
            "all",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(out.parent.iterdir()):
        time.sleep(0.01)
    assert any(out.parent.iterdir()), "the export never started writing"
    process.terminate()
    _stdout, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the export finished before it could be stopped")
    assert process.returncode == 130
    assert stderr.splitlines()[-1].startswith("annotator: error: interrupted")
    assert list(out.parent.iterdir()) == []


def test_a_folder_export_through_a_symlink_replaces_the_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    project = worked_project(tmp_path / "p.db")
    real = tmp_path / "exports" / "brat"
    real.mkdir(parents=True)
    link = tmp_path / "brat"
    link.symlink_to(real, target_is_directory=True)
    for _ in range(2):
        result = annotator("--project", str(project), "export", "--format", "brat", "-o", str(link))
        assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sorted(p.suffix for p in real.iterdir()) == [".ann"] * 3 + [".conf"] + [".txt"] * 3
    assert sorted(p.name for p in real.parent.iterdir()) == ["brat"]
