"""Inputs that once crashed a reader: each is one `annotator: error: FILE:LINE: …` line, exit 1,
and nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main

WEBANNO_HEAD = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n\n\n#Text=Hello .\n"


def _bundle(article: dict[str, object], labels: list[str] | None = None) -> str:
    schema = [{"name": name, "kind": "span"} for name in labels or ["CLAIM"]]
    header = {"format": "annotator-bundle", "version": 1, "schema": schema}
    base = {"type": "article", "id": 1, "text": "Some text.", "spans": [], "relations": []}
    return json.dumps(header) + "\n" + json.dumps({**base, **article}) + "\n"


# (file name, content, line the error names, words the message holds)
CASES: list[tuple[str, str | bytes, int | None, str]] = [
    ("surrogate.jsonl", '{"text": "a \\ud800 b"}\n', 1, "lone surrogate \\ud800"),
    ("surrogate.json", '[{"text": "x \\udfff"}]', None, "lone surrogate \\udfff"),
    ("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", None, "nested too deeply"),
    ("unknown-enc.xmi", '<?xml version="1.0" encoding="x-nope"?>\n<a/>\n', 1, "encoding"),
    ("sjis.xmi", '<?xml version="1.0" encoding="shift_jis"?>\n<a/>\n', 1, "encoding"),
    ("empty-doc.html", '<?xml version="1.0"?><!-- nothing --> ', None, "unreadable HTML"),
    (
        "far.tsv",
        WEBANNO_HEAD + "1-1\t400000000-400000005\tHello\tX\t\n1-2\t400000006-400000007\t.\t_\t\n",
        6,
        "more than the whole file holds",
    ),
    (
        "int31.tsv",
        WEBANNO_HEAD + "1-1\t0-5\tHello\tX\t\n\n#Text=.\n2-1\t2147483648-2147483649\t.\tX\t\n",
        9,  # the token line (#Text= is line 8)
        "more than the whole file holds",
    ),
    ("status.jsonl", _bundle({"status": "archived"}), 2, "status 'archived'"),
    (
        "unknown-label.jsonl",
        _bundle({"spans": [{"id": 1, "start": 0, "end": 4, "label": "NOPE"}]}),
        2,
        "'NOPE'",
    ),
    ("huge-id.jsonl", _bundle({"id": 10**30}), 2, "article id must be a whole number"),
    ("huge-line.jsonl", _bundle({"provenance": {"line": 2**70}}), 2, '"line" must be'),
    ("bad-span.jsonl", _bundle({"spans": ["x"]}), 2, "a span is a JSON object"),
]


@pytest.mark.parametrize(("name", "content", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_error_line_and_nothing_stored(
    tmp_path: Path, name: str, content: str | bytes, line: int | None, words: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    project = str(tmp_path / "p.db")
    result = CliRunner().invoke(main, ["--project", project, "import", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (error,) = result.stderr.splitlines()
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert error.startswith(f"annotator: error: {where}"), error
    assert words in error
    stats = CliRunner().invoke(main, ["--project", project, "stats", "--json"])
    assert json.loads(stats.stdout)["documents"] == 0


def test_brat_event_with_no_arguments_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.\n", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tX 0 4\tSome\nE1\t\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--project", str(tmp_path / "p.db"), "import", str(tmp_path / "a.txt")]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"annotator: error: {tmp_path / 'a.ann'}:2: event E1 has no TYPE:TRIGGER"
    ]


def test_a_text_whose_first_line_is_deeply_nested_json_imports_as_text(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_text("[" * 100_000 + "\nA title\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(tmp_path / "p.db"), "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 1 article" in result.stdout
