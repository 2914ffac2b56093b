"""A stage left behind by an import killed with `kill -9` is removed on the next open or import.

The import is a real `annotator import` in a subprocess, killed while it is reading its file into
the stage; a running import's stage is never taken for a left-over one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from annotator.service import ProjectService
from annotator.storage.staging import ImportStage, remove_stale_stages


def _big_jsonl(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            words = " ".join(f"word{(n * 7 + k) % 997}" for k in range(60))
            out.write(json.dumps({"text": f"Article {n}. {words}."}) + "\n")
    return path


def _stages(project: Path) -> list[Path]:
    return sorted(project.parent.glob(f".{project.name}.import-*"))


def _kill_mid_import(project: Path, source: Path) -> list[Path]:
    """Start `annotator import`, kill it once its stage holds articles; the stages left."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--project", str(project), "import", str(source)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            staged = [s for s in _stages(project) if (s / "stage.db").exists()]
            if staged and (staged[0] / "stage.db").stat().st_size > 200_000:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the import ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    return _stages(project)


def test_a_stage_left_by_a_killed_import_is_removed_when_the_project_is_next_opened(
    tmp_path: Path,
) -> None:
    project = tmp_path / "p.db"
    ProjectService.open(project).close()
    source = _big_jsonl(tmp_path / "big.jsonl", 30_000)
    left = _kill_mid_import(project, source)
    assert len(left) == 1 and (left[0] / "stage.db").exists()  # what the kill left behind

    service = ProjectService.open(project)
    assert _stages(project) == []
    assert service.store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    service.close()


def test_a_stage_left_by_a_killed_import_is_removed_by_the_next_import(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    ProjectService.open(project).close()
    source = _big_jsonl(tmp_path / "big.jsonl", 30_000)
    assert len(_kill_mid_import(project, source)) == 1
    small = _big_jsonl(tmp_path / "small.jsonl", 3)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--project", str(project), "import", str(small)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 3 articles" in done.stdout
    assert _stages(project) == []


def test_the_stage_of_a_running_import_is_left_alone(tmp_path: Path) -> None:
    service = ProjectService.open(tmp_path / "p.db")
    stage = ImportStage(service.store)
    try:
        assert remove_stale_stages(service.path) == []
        ProjectService.open(service.path).close()  # another program opening the project
        assert len(_stages(service.path)) == 1
    finally:
        stage.close()
    assert _stages(service.path) == []
    service.close()
