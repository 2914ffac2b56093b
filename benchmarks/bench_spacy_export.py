"""spaCy export in bounded memory: peak RSS of `annotator export --format spacy -o DIR/`.

A `.spacy` DocBin is built whole in memory, so one file for a large corpus takes memory in
proportion to the corpus (17.9 GB for 1 GB of text, issue 10). `-o DIR/` writes shards instead.
Each figure is a fresh process's peak resident memory (VmHWM):

- `export_spacy_shards_peak_rss_4x_corpus`: the sharded export of a corpus four times larger,
  against the same export of the small corpus: near 1 when memory is bounded.
- `export_spacy_shards_peak_rss_vs_raw`: the sharded export of the large corpus against a raw
  script that streams the same texts out of the project file with `sqlite3` and writes DocBin
  shards of the same size with spaCy alone: what the tool adds over the least that could be done.
- `export_spacy_one_file_peak_rss_4x_corpus`: the single-file export, for comparison (it grows).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_streaming import PEAK, peak_rss_mb, write_corpus
from benchmarks.harness import Result

SMALL = 1_500
LARGE = 6_000

RAW = (
    "import sqlite3, sys, spacy\n"
    "from spacy.tokens import Doc, DocBin\n"
    "from annotator.formats.spacy_docbin import SHARD_SIZE\n"
    "vocab = spacy.blank('en').vocab\n"
    "conn = sqlite3.connect(sys.argv[1])\n"
    "out = sys.argv[2]\n"
    "docs, number = DocBin(attrs=['ORTH', 'ENT_IOB', 'ENT_TYPE']), 0\n"
    "for (text,) in conn.execute('SELECT text FROM documents ORDER BY id'):\n"
    "    doc = Doc(vocab, words=text.split(' '))\n"
    "    doc.spans['sc'] = [doc[0:1]]\n"
    "    docs.add(doc)\n"
    "    if len(docs) >= SHARD_SIZE:\n"
    "        docs.to_disk(f'{out}/raw-{number}.spacy'); number += 1\n"
    "        docs = DocBin(attrs=['ORTH', 'ENT_IOB', 'ENT_TYPE'])\n"
    "docs.to_disk(f'{out}/raw-{number}.spacy')\n"
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
    "print(hwm, file=sys.stderr)\n"
)


def raw_peak_mb(project: str, out: Path) -> float:
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", RAW, project, str(out)], capture_output=True, text=True, check=True
    )
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def run() -> list[Result]:
    assert PEAK  # the same measuring wrapper as the other memory benchmarks
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, count in (("small", SMALL), ("large", LARGE)):
            source = root / f"{name}.jsonl"
            write_corpus(source, count)
            project = str(root / f"{name}.db")
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "annotator",
                    "--project",
                    project,
                    "import",
                    "--no-debris",
                    str(source),
                ],
                capture_output=True,
                check=True,
            )
            figures[f"shards_{name}"] = peak_rss_mb(
                "--project", project, "export", "--format", "spacy", "-o", f"{root}/{name}-shards/"
            )
            figures[f"file_{name}"] = peak_rss_mb(
                "--project", project, "export", "--format", "spacy", "-o", f"{root}/{name}.spacy"
            )
            if name == "large":
                figures["raw_large"] = raw_peak_mb(project, root / "raw-shards")
    return [
        Result(
            "export_spacy_shards_peak_rss_4x_corpus",
            figures["shards_large"],
            "MB",
            figures["shards_small"],
            figures["shards_large"] / figures["shards_small"],
            "ratio<=1.25",
        ),
        Result(
            "export_spacy_shards_peak_rss_vs_raw",
            figures["shards_large"],
            "MB",
            figures["raw_large"],
            figures["shards_large"] / figures["raw_large"],
            "ratio<=1.5",
        ),
        Result(
            "export_spacy_one_file_peak_rss_4x_corpus",
            figures["file_large"],
            "MB",
            figures["file_small"],
            figures["file_large"] / figures["file_small"],
            "none (grows with the corpus; use -o DIR/)",
        ),
    ]
