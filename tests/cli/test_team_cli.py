"""The team commands as a user types them: import as an analyst, export a layer, merge, agreement."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff

from tests.cli.typed import annotator
from tests.unit.test_agreement import LABELS, _polnear_char_arrays


def test_polnear_agreement_json_matches_krippendorff_on_the_brat_files(
    cases_dir: Path, tmp_path: Path
) -> None:
    multi = cases_dir / "polnear" / "multi"
    project = str(tmp_path / "polnear.annotator.db")
    imported = annotator("--project", project, "import", str(multi))
    assert imported.returncode == 0, imported.stderr
    assert "imported 4 articles" in imported.stdout and "20 layers joined" in imported.stdout
    listed = annotator("--project", project, "analysts", "list", "--json")
    assert [row["layer"] for row in json.loads(listed.stdout)] == [
        "4b22",
        "4e07",
        "5fec",
        "6b86",
        "d473",
        "ef2d",
    ]
    run = annotator(
        "--project",
        project,
        "agreement",
        "--json",
        "--label",
        "Source",
        "--label",
        "Cue",
        "--label",
        "Content",
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    _annotators, chars = _polnear_char_arrays(multi)
    expected = krippendorff.alpha(reliability_data=chars, level_of_measurement="nominal")
    assert abs(result["alpha_chars"] - expected) < 1e-12
    assert result["labels"] == sorted(LABELS)
    for key in (
        "articles",
        "analysts",
        "alpha_tokens",
        "span_f1_exact",
        "span_f1_overlap",
        "ptc_f1",
        "per_label",
        "pairs",
        "relations_f1",
    ):
        assert key in result
    text = annotator("--project", project, "agreement", "--analyst", "4b22", "--analyst", "d473")
    assert text.returncode == 0, text.stderr
    assert "analysts: 4b22, d473" in text.stdout
    unknown = annotator("--project", project, "agreement", "--analyst", "nobody")
    assert unknown.returncode == 1
    assert (
        unknown.stderr.strip() == "annotator: error: no analyst 'nobody' has a layer in the project"
    )


def test_import_as_an_analyst_export_their_layer_and_merge_twice(tmp_path: Path) -> None:
    text = "The mayor said the bridge will close."
    record = {"text": text, "spans": [{"start": 4, "end": 9, "label": "SOURCE"}]}
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    mine = str(tmp_path / "mine.annotator.db")
    theirs = str(tmp_path / "theirs.annotator.db")
    assert annotator("--project", mine, "--analyst", "alice", "import", str(source)).returncode == 0
    other = annotator("--project", mine, "import", "--analyst", "bob", str(source))
    assert other.returncode == 0, other.stderr
    assert "1 layer joined to stored articles (bob 1)" in other.stdout
    refused = annotator("--project", mine, "export", "--format", "prodigy", "-o", "-")
    assert refused.returncode == 1
    assert "choose one with --analyst NAME" in refused.stderr
    bob = annotator(
        "--project", mine, "export", "--format", "prodigy", "-o", "-", "--analyst", "bob"
    )
    assert bob.returncode == 0, bob.stderr
    assert [s["start"] for s in json.loads(bob.stdout)["spans"]] == [4]
    env = {"ANNOTATOR_ANALYST": "carol"}
    assert annotator("--project", theirs, "import", str(source), env=env).returncode == 0
    merged = annotator("--project", mine, "merge", theirs)
    assert merged.returncode == 0, merged.stderr
    assert "carol's layer joined article 1" in merged.stdout
    again = annotator("--project", mine, "merge", theirs)
    assert again.returncode == 0, again.stderr
    assert "merged 0 new articles, 0 layers of stored articles, 0 spans" in again.stdout
    layers = json.loads(annotator("--project", mine, "analysts", "list", "--json").stdout)
    assert [(row["layer"], row["spans"]) for row in layers] == [
        ("alice", 1),
        ("bob", 1),
        ("carol", 1),
    ]
    bad = annotator("--project", mine, "merge", str(source))
    assert bad.returncode == 1 and bad.stderr.startswith("annotator: error: ")
    assert "Traceback" not in bad.stderr


def test_merge_takes_a_bundle_too_and_refuses_other_files_in_one_line(tmp_path: Path) -> None:
    """CONTEXT.md says a merge brings in a project file's *or a bundle's* layers: `merge
    backup.jsonl` said "not an SQLite database", and a Prodigy file gave one error a line."""
    from tests.conftest import SEEDS

    carol = str(tmp_path / "carol.annotator.db")
    assert annotator("--project", carol, "--analyst", "carol", "import", str(SEEDS)).returncode == 0
    bundle = tmp_path / "carol.jsonl"
    exported = annotator("--project", carol, "export", "--format", "annotator", "-o", str(bundle))
    assert exported.returncode == 0, exported.stderr
    mine = str(tmp_path / "mine.annotator.db")
    merged = annotator("--project", mine, "merge", str(bundle))
    assert merged.returncode == 0, merged.stderr
    assert "merged 2 new articles" in merged.stdout
    layers = annotator("--project", mine, "analysts", "list", "--json")
    assert [row["layer"] for row in json.loads(layers.stdout)] == ["carol"]
    prodigy = tmp_path / "train.jsonl"
    exported = annotator(
        "--project", carol, "export", "--format", "prodigy", "--status", "all", "-o", str(prodigy)
    )
    assert exported.returncode == 0, exported.stderr
    refused = annotator("--project", mine, "merge", str(prodigy))
    assert refused.returncode == 1
    (line,) = refused.stderr.splitlines()
    assert "neither an annotator project nor a bundle" in line and "annotator import" in line


def test_importing_a_project_file_points_to_merge(tmp_path: Path) -> None:
    from tests.conftest import SEEDS

    other = tmp_path / "other.annotator.db"
    assert annotator("--project", str(other), "import", str(SEEDS)).returncode == 0
    result = annotator("--project", str(tmp_path / "p.db"), "import", str(other))
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.endswith(f"run `annotator merge {other}`")


def _brat_keys(ann: Path) -> set[tuple[str, int, int]]:
    """The (label, start, end) of every text-bound annotation of a brat file, read plainly
    (a discontinuous one gives one key a piece, as the import stores it)."""
    keys = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            label, _, ranges = line.split("\t")[1].partition(" ")
            for piece in ranges.split(";"):
                start, end = (int(x) for x in piece.split())
                keys.add((label, start, end))
    return keys


def test_curation_lists_the_polnear_articles_to_curate_with_what_is_agreed(
    cases_dir: Path, tmp_path: Path
) -> None:
    multi = cases_dir / "polnear" / "multi"
    project = str(tmp_path / "polnear.annotator.db")
    assert annotator("--project", project, "import", str(multi)).returncode == 0
    run = annotator("--project", project, "curation", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["curated"], result["to_curate"]) == (0, 4)
    texts = sorted((multi / "text").glob("*.txt"))
    for article, text in zip(result["articles"], texts, strict=True):
        layers = [_brat_keys(ann) for ann in sorted(multi.glob(f"attributions/{text.stem}_*.ann"))]
        agreed = set.intersection(*layers)
        assert article["agreed"] == len(agreed)
        assert article["status"] == "not_started" and article["curated_spans"] == 0
        assert article["disagreements"] >= 1 and len(article["analysts"]) == 6
    shown = annotator("--project", project, "curation")
    assert shown.stdout.splitlines()[0] == "curated 0 of 4 articles"
