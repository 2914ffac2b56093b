"""`annotator evaluate`: the project's suggested (or accepted) spans against a gold set.

Articles are matched by content hash; only articles the gold set covers are scored, and only the
labels the gold set uses (after renaming), so a gold file's extra labels (PolNeAR's
`Attribution` trigger) and the project's debris do not count against anyone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from annotator.service.assist.gold import read_gold
from annotator.service.assist.scoring import Score, pair_scores, score_spans
from annotator.storage import analysis_reads as reads
from annotator.storage.repository import ProjectStore

Which = Literal["suggested", "accepted"]


@dataclass
class Evaluation:
    articles: int = 0
    scores: list[Score] = field(default_factory=list)
    links: Score | None = None
    skipped: list[str] = field(default_factory=list)


def evaluate(
    store: ProjectStore,
    gold_path: Path,
    *,
    which: Which = "suggested",
    label_map: Mapping[str, str] | None = None,
    labels: list[str] | None = None,
) -> Evaluation:
    """Score the project's spans of kind `which` against the gold set at `gold_path`."""
    gold = read_gold(gold_path, label_map)
    wanted = set(labels) if labels else {lab for spans in gold.spans.values() for *_, lab in spans}
    if label_map and not labels:
        wanted &= set(label_map.values())
    flag = 1 if which == "suggested" else 0
    rows = reads.spans_with_hashes(store, suggested=bool(flag))
    hashes = reads.content_hashes(store)
    covered = hashes & set(gold.spans)
    proposed = [(h, s, e, lab) for h, _, s, e, lab in rows if h in covered and lab in wanted]
    expected = [(h, s, e, lab) for h in covered for s, e, lab in gold.spans[h] if lab in wanted]
    result = Evaluation(len(covered), score_spans(proposed, expected), skipped=gold.skipped)
    if gold.links:
        every = reads.spans_with_hashes(store)
        result.links = _links(store, every, gold.links, which)
    return result


def _links(store, rows, gold_links, which):  # type: ignore[no-untyped-def]
    """Cross-article link pairs: proposed (or made) links against the gold links, as span pairs."""
    by_id = {span_id: (h, s, e, lab) for h, span_id, s, e, lab in rows}
    mine = [
        (by_id[a], by_id[b])
        for a, b in reads.link_span_pairs(store, suggested=which == "suggested")
        if a in by_id and b in by_id
    ]
    return pair_scores(mine, [(a, b) for a, b, _ in gold_links])
