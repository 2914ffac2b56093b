"""`annotator ARGS` run as a user types it: a new process, its output captured as text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def annotator(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The command in a new process, in `cwd`, with `env` added to this process's environment."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
