"""Round trips typed as a user types them: export a project, import it back, same project."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from tests.conftest import SEEDS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_bundle_exported_on_the_command_line_imports_back_on_the_command_line(
    tmp_path: Path,
) -> None:
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    bundle = str(tmp_path / "backup.jsonl")
    assert run("--project", first, "import", str(SEEDS))[0] == 0
    code, _out, err = run("--project", first, "export", "--format", "annotator", "-o", bundle)
    assert code == 0, err
    code, out, err = run("--project", second, "import", bundle)
    assert code == 0, err
    assert "imported 2 articles" in out
    stats = [json.loads(run("--project", p, "stats", "--json")[1]) for p in (first, second)]
    assert stats[0] == stats[1]
    # The same again, the format named as a user may name it: nothing new, both skipped.
    code, out, err = run(
        "--project", second, "import", "--format", "annotator", "--no-debris", bundle
    )
    assert code == 0, err
    assert "imported 0 articles" in out and out.count("skipped, the same text") == 2
