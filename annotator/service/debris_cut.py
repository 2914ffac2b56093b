"""Cutting accepted debris out of an article before it goes into a training set.

Scraped boilerplate (link lists, code dumps) is labelled DEBRIS and kept in the project; an export
removes it from the text and moves every other offset left by what was removed before it. A span
that overlaps debris cannot be moved honestly: it is reported, and the export refuses unless told to
drop it. Only accepted debris is cut: a suggested DEBRIS span is not the analyst's word.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from annotator.domain.labels import DEBRIS
from annotator.domain.model import ExportItem, Span


@dataclass(frozen=True, slots=True)
class DebrisOverlap:
    """A span that overlaps accepted debris: which article, which span, what it says."""

    document_id: int
    title: str
    span: Span
    text: str

    def __str__(self) -> str:
        return (
            f"article {self.document_id} ({self.title}): span {self.span.id} {self.span.label}"
            f" {self.span.start}-{self.span.end} {self.text!r} overlaps debris"
        )


def debris_intervals(spans: list[Span]) -> list[tuple[int, int]]:
    """The accepted DEBRIS stretches, merged where they touch or overlap, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(
        (s.start, s.end) for s in spans if s.label == DEBRIS and not s.suggested
    ):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def cut_debris(item: ExportItem) -> tuple[ExportItem, list[DebrisOverlap]]:
    """The item with accepted debris cut out and offsets remapped, and the spans that overlapped it.

    Overlapping spans are left out of the result (with their relations); the caller decides whether
    that is acceptable. Debris spans themselves are gone with their text.
    """
    cuts = debris_intervals(item.spans)
    if not cuts:
        return item, []
    text = item.document.text
    cuts = _with_tail_blank(cuts, text, item.spans)
    starts = [s for s, _ in cuts]
    ends = [e for _, e in cuts]
    removed_before = [0]
    for start, end in cuts:
        removed_before.append(removed_before[-1] + end - start)
    kept: list[Span] = []
    overlaps: list[DebrisOverlap] = []
    for span in item.spans:
        if span.label == DEBRIS and not span.suggested:
            continue
        # Intervals starting before the span's end and ending after its start overlap it.
        first = bisect_right(ends, span.start)
        if first < len(cuts) and starts[first] < span.end:
            overlaps.append(
                DebrisOverlap(
                    span.document_id, item.document.title, span, text[span.start : span.end]
                )
            )
            continue
        shift = removed_before[first]
        kept.append(replace(span, start=span.start - shift, end=span.end - shift))
    pieces, position = [], 0
    for start, end in cuts:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    kept_ids = {span.id for span in kept}
    relations = [r for r in item.relations if r.head_id in kept_ids and r.child_id in kept_ids]
    document = replace(item.document, text="".join(pieces))
    return ExportItem(document, kept, relations), overlaps


def _with_tail_blank(
    cuts: list[tuple[int, int]], text: str, spans: list[Span]
) -> list[tuple[int, int]]:
    """The cuts, the last one widened over the blank lines around it when it ends the article.

    Cutting a link block off the end would leave the paragraph break before it as the text's
    last characters; a training text does not end in a blank line. The widening stops at any
    other span, so no span is cut into.
    """
    start, end = cuts[-1]
    if text[end:].strip():
        return cuts
    others = [s for s in spans if s.label != DEBRIS or s.suggested]
    floor = max((s.end for s in others if s.end <= start), default=0)
    floor = max(floor, cuts[-2][1] if len(cuts) > 1 else 0)
    while start > floor and text[start - 1].isspace():
        start -= 1
    if any(s.start < len(text) and s.end > end for s in others):
        return cuts  # a span reaches past the debris: leave its whitespace alone
    return [*cuts[:-1], (start, len(text))]
