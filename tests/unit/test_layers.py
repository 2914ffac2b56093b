"""The core runs without Qt, and the layering is enforced."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SEEDS

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('PySide6 is not installed here')
sys.meta_path.insert(0, BlockQt())
"""


def run_without_qt(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "no_qt.py"
    script.write_text(BLOCK_QT + code)
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )


def test_the_core_and_the_cli_run_with_pyside6_unimportable(tmp_path: Path) -> None:
    code = f"""
from click.testing import CliRunner
import annotator.domain, annotator.storage, annotator.formats, annotator.service, annotator.cli
from annotator.cli import main
runner = CliRunner()
assert runner.invoke(main, ['--help']).exit_code == 0
project = {str(tmp_path / "p.db")!r}
result = runner.invoke(main, ['--project', project, 'import', {str(SEEDS)!r}])
assert result.exit_code == 0, result.output
result = runner.invoke(main, ['--project', project, 'export', '--format', 'prodigy', '-o', '-'])
assert result.exit_code == 0, result.output
result = runner.invoke(main, ['--project', project, 'stats', '--json'])
assert result.exit_code == 0, result.output
assert not any(m.startswith('PySide6') for m in sys.modules)
print('ok')
"""
    result = run_without_qt(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is part of the test extras"
    result = subprocess.run([lint], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout
