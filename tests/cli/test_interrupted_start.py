"""Ctrl+C while the program is still starting (Python importing it, the first half second) ends
it quietly with status 130, not with a KeyboardInterrupt traceback out of a module's import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.typed import annotator

#: Loaded by Python at start (`sitecustomize`): Ctrl+C arrives the moment `module` is imported,
#: as it would if the user pressed it then.
CTRL_C_DURING_IMPORT = """
import os, signal, sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
"""


@pytest.mark.parametrize("module", ["click", "annotator.domain.errors", "sqlite3"])
def test_ctrl_c_while_the_program_imports_exits_quietly_with_130(
    tmp_path: Path, module: str
) -> None:
    (tmp_path / "sitecustomize.py").write_text(CTRL_C_DURING_IMPORT.format(module=module))
    path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    done = annotator("--project", str(tmp_path / "p.db"), "stats", env={"PYTHONPATH": path})
    assert (done.returncode, done.stderr, done.stdout) == (130, "", "")
    assert not (tmp_path / "p.db").exists()
