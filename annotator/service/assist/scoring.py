"""Precision, recall and F1 of proposed spans against gold spans, per label, exact and overlap.

The two measures BBC's Citron reports: *exact* counts a span found when offsets and label are
equal; *overlap* counts a proposed span right when it overlaps a gold span of its label, and a gold
span found when a proposed span of its label overlaps it (so precision and recall each have their
own count). Pure functions over (document key, start, end, label) tuples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

Item = tuple[object, int, int, str]  # (document key, start, end, label)


@dataclass(frozen=True)
class Score:
    """One label's counts and figures under one measure."""

    label: str
    measure: str  # "exact" or "overlap"
    proposed: int
    gold: int
    right: int  # proposed spans counted right (precision's numerator)
    found: int  # gold spans found (recall's numerator)

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_spans(proposed: Iterable[Item], gold: Iterable[Item]) -> list[Score]:
    """Exact and overlap scores for every label in either list, sorted by label then measure."""
    by_key: dict[tuple[object, str], list[tuple[int, int]]] = defaultdict(list)
    gold_by_key: dict[tuple[object, str], list[tuple[int, int]]] = defaultdict(list)
    for doc, start, end, label in proposed:
        by_key[doc, label].append((start, end))
    for doc, start, end, label in gold:
        gold_by_key[doc, label].append((start, end))
    labels = sorted({label for _, label in by_key} | {label for _, label in gold_by_key})
    scores = []
    for label in labels:
        counts = {"exact": [0, 0, 0, 0], "overlap": [0, 0, 0, 0]}
        keys = {k for k in by_key if k[1] == label} | {k for k in gold_by_key if k[1] == label}
        for key in keys:
            mine, theirs = sorted(set(by_key.get(key, []))), sorted(set(gold_by_key.get(key, [])))
            exact = len(set(mine) & set(theirs))
            for measure, right, found in (
                ("exact", exact, exact),
                ("overlap", _overlapping(mine, theirs), _overlapping(theirs, mine)),
            ):
                c = counts[measure]
                c[0] += len(mine)
                c[1] += len(theirs)
                c[2] += right
                c[3] += found
        for measure, c in counts.items():
            scores.append(Score(label, measure, *c))
    return scores


def _overlapping(spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> int:
    """How many of `spans` overlap at least one of `others` (both sorted by start)."""
    count = 0
    for start, end in spans:
        if any(o_start < end and start < o_end for o_start, o_end in others):
            count += 1
    return count


def pair_scores(proposed: Iterable[tuple[object, object]], gold: Iterable[tuple[object, object]]):  # type: ignore[no-untyped-def]
    """Precision, recall, F1 of unordered pairs (cross-article links) against gold pairs."""
    mine = {frozenset(p) for p in proposed if len(set(p)) == 2}
    theirs = {frozenset(p) for p in gold if len(set(p)) == 2}
    right = len(mine & theirs)
    return Score("pairs", "pair", len(mine), len(theirs), right, right)
