"""Assisted labelling as a user types it: patterns, suggest, evaluate, train, suggest --model."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from tests.cli import typed
from tests.conftest import SEEDS


def annotator(*args: str) -> subprocess.CompletedProcess[str]:
    """`annotator ARGS` as typed; training is given longer than the other commands' tests,
    since this machine's cores are shared."""
    return typed.annotator(*args, timeout=600)


NAMES = ["Ivanov", "Smith", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski"]
THINGS = ["the bridge", "the budget", "the treaty", "the vote", "the harbour", "the pipeline"]
FATES = ["was finished", "had failed", "would pass", "was delayed", "was signed", "was closed"]


def planted_articles(count: int, seed: int) -> list[dict]:  # type: ignore[type-arg]
    """Articles where the cue is always the made-up verb "zorbled" (no rule knows it)."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        text, spans = "", []
        for _ in range(rng.randint(2, 4)):
            filler = f"{rng.choice(THINGS).capitalize()} {rng.choice(FATES)} on Monday. "
            name, thing, fate = rng.choice(NAMES), rng.choice(THINGS), rng.choice(FATES)
            start = len(text) + len(filler) + len(name) + 1
            text += filler + f"{name} zorbled that {thing} {fate}. "
            spans.append({"start": start, "end": start + len("zorbled"), "label": "CUE"})
        records.append({"text": text.strip(), "spans": spans, "answer": "accept"})
    return records


def test_a_tiny_model_learns_a_planted_cue_and_suggests_it(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in planted_articles(40, 1)), encoding="utf-8")
    assert annotator("--project", project, "import", str(data)).returncode == 0
    model = tmp_path / "model"
    trained = annotator(
        "--project", project, "train", "-o", str(model), "--label", "CUE", "--epochs", "6"
    )
    assert trained.returncode == 0, trained.stderr
    assert "trained model version 1" in trained.stdout
    meta = json.loads((model / "annotator-model.json").read_text(encoding="utf-8"))
    exact = next(m for m in meta["metrics"] if m["label"] == "CUE" and m["measure"] == "exact")
    assert exact["f1"] >= 0.9, trained.stdout

    fresh = tmp_path / "new.txt"
    fresh.write_text("The dam was closed on Monday. Tanaka zorbled that the vote had failed.\n")
    other = str(tmp_path / "other.db")
    assert annotator("--project", other, "import", str(fresh)).returncode == 0
    suggested = annotator("--project", other, "suggest", "--model", str(model))
    assert suggested.returncode == 0, suggested.stderr
    assert "suggested 1 spans (1 CUE)" in suggested.stdout
    exported = annotator(
        "--project", other, "export", "--format", "prodigy", "--suggested", "-o", "-"
    )
    assert exported.returncode == 0, exported.stderr
    [record] = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(s["label"], record["text"][s["start"] : s["end"]]) for s in record["spans"]] == [
        ("CUE", "zorbled")
    ]


def test_patterns_add_list_remove_as_typed(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text(
        '{"label": "CUE", "pattern": [{"lower": "zorbled"}]}\n'
        '{"label": "MEDIA", "pattern": "RIA Novosti"}\n',
        encoding="utf-8",
    )
    added = annotator("--project", project, "patterns", "add", str(patterns))
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == f"added 2 patterns from {patterns}"
    listed = annotator("--project", project, "patterns", "list")
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        ["1", "CUE"],
        ["2", "MEDIA"],
    ]
    assert annotator("--project", project, "patterns", "remove", "1").returncode == 0
    assert len(annotator("--project", project, "patterns", "list").stdout.splitlines()) == 1
    missing = annotator("--project", project, "patterns", "remove", "7")
    assert missing.returncode == 1
    assert missing.stderr.startswith("annotator: error: no pattern 7")


def test_a_bad_patterns_file_is_one_error_line_with_file_and_line(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    patterns = tmp_path / "bad.jsonl"
    patterns.write_text('{"label": "CUE", "pattern": "said"}\n{"label": \n', encoding="utf-8")
    result = annotator("--project", project, "patterns", "add", str(patterns))
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: error: {patterns}:2: not JSON")
    assert "Traceback" not in result.stderr


def test_suggest_with_rules_then_evaluate_against_brat_gold(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    text = "Lavrov said that the talks would resume. The ceasefire is holding, said Kerry.\n"
    (gold / "a.txt").write_text(text, encoding="utf-8")
    (gold / "a.ann").write_text(
        "T1\tCue 7 11\tsaid\nT2\tSource 0 6\tLavrov\nT3\tCue 58 65\tholding\n",
        encoding="utf-8",
    )
    article = tmp_path / "article.txt"  # the same text, imported without the gold beside it
    article.write_text(text, encoding="utf-8")
    project = str(tmp_path / "p.db")
    assert annotator("--project", project, "import", str(article)).returncode == 0
    suggested = annotator("--project", project, "suggest", "--rules")
    assert suggested.returncode == 0, suggested.stderr
    assert "2 CUE" in suggested.stdout
    result = annotator("--project", project, "evaluate", "--gold", str(gold), "--map", "Cue=CUE")
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split()[:2]): line.split() for line in result.stdout.splitlines()}
    # 2 cues proposed ("said" twice), 2 in the gold; one of them the same
    assert rows["CUE", "exact"][2:4] == ["2", "2"]
    assert rows["CUE", "exact"][4:7] == ["0.500", "0.500", "0.500"]
    assert ("SOURCE", "exact") not in rows  # only mapped labels are scored


def test_suggest_links_proposes_the_same_person_across_two_articles(tmp_path: Path) -> None:
    data = tmp_path / "two.jsonl"
    first = "Tara Reid checked into rehab in Malibu, her publicist said."
    second = "Actress Reid has checked into rehab in Malibu, her publicist said."
    data.write_text(
        json.dumps({"text": first, "spans": [{"start": 0, "end": 9, "label": "PERSON"}]})
        + "\n"
        + json.dumps({"text": second, "spans": [{"start": 0, "end": 12, "label": "PERSON"}]})
        + "\n",
        encoding="utf-8",
    )
    project = str(tmp_path / "p.db")
    assert annotator("--project", project, "import", str(data)).returncode == 0
    result = annotator("--project", project, "suggest-links")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "proposed 1 new links (1 SAME_ENTITY)"
    again = annotator("--project", project, "suggest-links")
    assert again.stdout.strip() == "proposed 0 new links (1 SAME_ENTITY)"


def test_a_patterns_file_that_cannot_be_read_is_one_plain_line(tmp_path: Path) -> None:
    project = str(tmp_path / "p.annotator.db")
    assert annotator("--project", project, "import", str(SEEDS)).returncode == 0
    (tmp_path / "binary.jsonl").write_bytes(b"\xff\xfe\x00\x81")
    for name, reason in [
        ("missing.jsonl", "No such file or directory"),
        ("binary.jsonl", "it is not UTF-8 text"),
    ]:
        result = annotator("--project", project, "patterns", "add", str(tmp_path / name))
        assert result.returncode == 1
        assert result.stderr == (
            f"annotator: error: {tmp_path / name}: cannot read the patterns file: {reason}\n"
        )
