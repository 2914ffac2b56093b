"""Gold spans to measure suggestions against: another project, or a folder of brat files.

Articles are matched by their text (the content hash the project keeps), so a gold set read from
files scores a project that imported the same texts in any order or format. A brat folder is
either `NAME.txt` beside `NAME.ann`, or PolNeAR's layout, `text/NAME.txt` with
`attributions/NAME_ANNOTATOR.ann` (the first annotator's file of each article is the gold).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import content_hash
from annotator.storage import analysis_reads as reads

_T_LINE = re.compile(r"^T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")


@dataclass
class GoldSet:
    """Gold spans by article content hash: (start, end, label), and the links as span pairs."""

    spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    links: list[tuple[tuple[str, int, int, str], tuple[str, int, int, str], str]] = field(
        default_factory=list
    )
    skipped: list[str] = field(default_factory=list)  # "FILE:LINE: why", nothing dropped silently


def read_gold(path: Path, label_map: Mapping[str, str] | None = None) -> GoldSet:
    """Read gold spans from a project file or a brat folder, renaming labels by `label_map`."""
    rename = dict(label_map or {})
    if path.is_file():
        return _from_project(path, rename)
    if path.is_dir():
        return _from_brat(path, rename)
    raise AnnotatorError(f"{path}: no such gold project or folder")


def _from_project(path: Path, rename: dict[str, str]) -> GoldSet:
    rows, link_rows = reads.gold_rows(path)
    gold = GoldSet()
    by_id = {}
    for doc_hash, span_id, start, end, label in rows:
        label = rename.get(label, label)
        gold.spans.setdefault(doc_hash, []).append((start, end, label))
        by_id[span_id] = (doc_hash, start, end, label)
    for a, b, label in link_rows:
        gold.links.append((by_id[a], by_id[b], rename.get(label, label)))
    return gold


def _from_brat(folder: Path, rename: dict[str, str]) -> GoldSet:
    gold = GoldSet()
    seen_texts: set[Path] = set()
    for ann in sorted(folder.rglob("*.ann")):
        text_path = _text_for(ann)
        if text_path is None:
            gold.skipped.append(f"{ann}:1: no text file beside it or in ../text/")
            continue
        if text_path in seen_texts:
            continue  # another annotator's file of the same article
        seen_texts.add(text_path)
        text = text_path.read_text(encoding="utf-8")
        spans = gold.spans.setdefault(content_hash(text), [])
        for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), 1):
            match = _T_LINE.match(line)
            if match is None:
                continue
            label = rename.get(match.group(1), match.group(1))
            offsets = [int(x) for x in re.split(r"[ ;]", match.group(2))]
            start, end = min(offsets), max(offsets)
            if not 0 <= start < end <= len(text):
                gold.skipped.append(f"{ann}:{number}: offsets {start}-{end} outside the text")
                continue
            spans.append((start, end, label))
    return gold


def _text_for(ann: Path) -> Path | None:
    beside = ann.with_suffix(".txt")
    if beside.is_file():
        return beside
    stem = ann.stem.rsplit("_", 1)[0]
    for candidate in (ann.parent.parent / "text" / f"{stem}.txt", ann.parent / f"{stem}.txt"):
        if candidate.is_file():
            return candidate
    return None
