"""An edit the screen showed as done survives SIGKILL of the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from annotator.service import ProjectService
from tests.conftest import REPO, SEEDS


def test_an_edit_survives_sigkill(tmp_path: Path) -> None:
    project = tmp_path / "killed.db"
    errors = tmp_path / "stderr.txt"
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("kill_target.py")),
                str(project),
                str(SEEDS),
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)},
        ) as process,
    ):
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.strip() == "EDITED", errors.read_text()
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL
    service = ProjectService.open(project)
    first = service.document_ids()[0]
    spans = [s for s in service.spans(first) if not s.suggested]
    text = service.document(first).text
    assert [(s.label, text[s.start : s.end]) for s in spans] == [("SOURCE", "Sergey Lavrov")]
    service.close()
