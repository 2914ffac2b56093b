"""A Label Studio region that ends before it starts is refused, named by file, line and task, and
counted in the import report; the other tasks of the file import as usual with --skip-invalid."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main

GOOD = {
    "id": 1,
    "data": {"text": "Kerry met Lavrov in Geneva."},
    "annotations": [
        {
            "result": [
                {
                    "id": "a",
                    "type": "labels",
                    "value": {"start": 0, "end": 5, "text": "Kerry", "labels": ["PERSON"]},
                }
            ]
        }
    ],
}
BACKWARDS = {
    "id": 2,
    "data": {"text": "Lavrov said the talks would continue."},
    "annotations": [
        {
            "result": [
                {
                    "id": "r1",
                    "type": "labels",
                    "value": {"start": 10, "end": 4, "labels": ["CLAIM"]},
                }
            ]
        }
    ],
}


def _export(path: Path) -> tuple[Path, int]:
    """An export as Label Studio writes one (an array, pretty-printed), and the line the second
    task starts on."""
    path.write_text(json.dumps([GOOD, BACKWARDS], indent=2), encoding="utf-8")
    starts = [n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if text == "  {"]
    assert len(starts) == 2
    return path, starts[1]


def test_a_region_ending_before_it_starts_refuses_the_import_naming_file_line_and_task(
    tmp_path: Path,
) -> None:
    export, line = _export(tmp_path / "export.json")
    project = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["--project", str(project), "import", str(export)])
    assert result.exit_code == 1
    assert (
        f"annotator: error: {export}:{line}: task 2: region 'r1' 10-4 ends before it starts"
        in result.output
    )
    stats = CliRunner().invoke(main, ["--project", str(project), "stats"])
    assert "documents: 0" in stats.output


def test_skipping_it_counts_and_names_it_and_imports_the_rest(tmp_path: Path) -> None:
    export, line = _export(tmp_path / "export.json")
    project = tmp_path / "p.db"
    result = CliRunner().invoke(
        main, ["--project", str(project), "import", "--skip-invalid", str(export)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        f"{export}:{line}: task 2: region 'r1' 10-4 ends before it starts (end ≤ start): skipped"
        in lines
    )
    assert "1 record refused and skipped (listed above)" in lines
    assert f"imported 1 article, 1 span, 0 relations into {project}" in lines
