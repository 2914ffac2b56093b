"""The model trained on PolNeAR and scored on articles it never saw, with the commands a user
types (../shared/cases/polnear; see its SOURCES.md).

PolNeAR's train compartment (840 articles; its dev and test compartments are kept back) is split
by file name: every fifth article in name order is the test part (168), the rest the train part
(672). The parts are folders of links to the files, in PolNeAR's layout, and then:

    annotator --project train.db import TRAIN/
    annotator --project train.db train -o MODEL --label Cue --label Source --label Content
    annotator --project test.db import TEST/text/
    annotator --project test.db labels add Cue   (and Source, Content: the labels it learnt)
    annotator --project test.db suggest --model MODEL --no-patterns
    annotator --project test.db evaluate --gold TEST/ --map Cue=Cue --map Source=Source --map Content=Content

Goals (issue 12): cue exact F1 ≥ 0.80, source and content overlap F1 ≥ 0.75, training ≤ 15 min
on this machine (2 cores shared with other people's work: the load and the CPU time are printed). The baseline
of each line is the built-in rules (`suggest --rules` on a copy of the test project) under the
same measure, in the same run (`suggest --rules`, then `evaluate ... --map Cue=CUE --map
Source=SOURCE --map Content=CLAIM`); their own goal is cue overlap F1 ≥ 0.60.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "cases" / "polnear" / "train"
MAP = ("--map", "Cue=Cue", "--map", "Source=Source", "--map", "Content=Content")
RULES = ("--map", "Cue=CUE", "--map", "Source=SOURCE", "--map", "Content=CLAIM")
GOALS = {("Cue", "exact"): 0.80, ("Source", "overlap"): 0.75, ("Content", "overlap"): 0.75}
TRAIN_GOAL_SECONDS = 15 * 60
RENAMED = {"CUE": "Cue", "SOURCE": "Source", "CLAIM": "Content"}
_SCORE = re.compile(r"^(\S+)\s+(exact|overlap)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")


def split(folder: Path) -> tuple[Path, Path]:
    """Train and test folders of links into PolNeAR, every fifth article (name order) tested."""
    names = sorted(path.stem for path in (POLNEAR / "text").glob("*.txt"))
    annotations: dict[str, list[Path]] = {}
    for ann in (POLNEAR / "attributions").glob("*.ann"):
        annotations.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    parts = {}
    for part in ("train", "test"):
        parts[part] = folder / part
        (folder / part / "text").mkdir(parents=True)
        (folder / part / "attributions").mkdir()
    for number, name in enumerate(names):
        part = parts["test" if number % 5 == 4 else "train"]
        os.symlink(POLNEAR / "text" / f"{name}.txt", part / "text" / f"{name}.txt")
        for ann in annotations.get(name, []):
            os.symlink(ann, part / "attributions" / ann.name)
    return parts["train"], parts["test"]


def annotator(*args: str) -> str:
    """`annotator ARGS` as typed; its standard output (a failure stops the benchmark)."""
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"annotator {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def scores(output: str) -> dict[tuple[str, str], float]:
    """(label, measure) -> F1 from the table `train` and `evaluate` print."""
    found = {}
    for line in output.splitlines():
        match = _SCORE.match(line.strip())
        if match:
            found[match.group(1), match.group(2)] = float(match.group(7))
    return found


def run() -> list[Result]:
    if not POLNEAR.is_dir():
        print(f"bench_polnear: skipped, {POLNEAR} not found")
        return []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        train, test = split(folder)
        trained_db, test_db, rules_db = (str(folder / n) for n in ("train.db", "test.db", "r.db"))
        model = str(folder / "model")
        annotator("--project", trained_db, "import", str(train))
        load = os.getloadavg()[0]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.monotonic()
        trained = annotator(
            "--project", trained_db, "train", "-o", model,
            "--label", "Cue", "--label", "Source", "--label", "Content",
        )  # fmt: skip
        seconds = time.monotonic() - began
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (
            cpu_before.ru_utime + cpu_before.ru_stime
        )
        load = max(load, os.getloadavg()[0])
        print("bench_polnear: annotator train\n" + trained.rstrip())
        annotator("--project", test_db, "import", str(test / "text"))
        shutil.copy(test_db, rules_db)
        for label in ("Cue", "Source", "Content"):  # the model proposes PolNeAR's labels
            annotator("--project", test_db, "labels", "add", label)
        annotator("--project", test_db, "suggest", "--model", model, "--no-patterns")
        model_scores = annotator("--project", test_db, "evaluate", "--gold", str(test), *MAP)
        print("bench_polnear: annotator evaluate (model, test part)\n" + model_scores.rstrip())
        annotator("--project", rules_db, "suggest", "--rules", "--no-patterns")
        rules_scores = annotator("--project", rules_db, "evaluate", "--gold", str(test), *RULES)
        print("bench_polnear: annotator evaluate (rules, test part)\n" + rules_scores.rstrip())
    print(
        f"bench_polnear: training took {seconds:.0f} s ({cpu:.0f} s of CPU) at a load average"
        f" of up to {load:.1f} on {os.cpu_count()} cores"
    )
    mine = scores(model_scores)
    rules = {(RENAMED[label], measure): f1 for (label, measure), f1 in scores(rules_scores).items()}
    results = []
    for (label, measure), goal in GOALS.items():
        value, baseline = mine.get((label, measure), 0.0), rules.get((label, measure), 0.0)
        results.append(
            Result(
                f"polnear_model_{label.lower()}_{measure}_f1",
                value,
                "F1",
                baseline,
                baseline / value if value else None,
                f">={goal}F1",
            )
        )
    cue = rules.get(("Cue", "overlap"), 0.0)
    results.append(Result("polnear_rules_cue_overlap_f1", cue, "F1", None, None, ">=0.6F1"))
    # The baseline of the training time is its CPU time: what it takes on an idle core.
    results.append(
        Result(
            "polnear_train_seconds", seconds, "s", cpu, seconds / cpu, f"<={TRAIN_GOAL_SECONDS}s"
        )
    )
    return results
