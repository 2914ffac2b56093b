"""What a proposer (rule set, trained model, link finder) hands over: spans and relations it
proposes for one article, each with a score, under one origin ("rules:attribution@1",
"model:news@3").

Pure data: proposers know nothing of the project; `annotator.service.assist` stores proposals as
suggestions, skipping those the analyst rejected before. A rejection is remembered by a key that
names the item by offsets and labels, since the rejected span itself is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.model import check_offsets


@dataclass(frozen=True, slots=True)
class ProposedSpan:
    start: int
    end: int
    label: str
    score: float = 1.0

    def __post_init__(self) -> None:
        check_offsets(self.start, self.end)

    @property
    def key(self) -> str:
        return span_key(self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class ProposedRelation:
    """A relation between two proposed spans, by their index in `Proposal.spans`."""

    head: int
    child: int
    label: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Proposal:
    origin: str
    spans: tuple[ProposedSpan, ...] = ()
    relations: tuple[ProposedRelation, ...] = ()


def span_key(start: int, end: int, label: str) -> str:
    """The rejection key of a span: `span:START:END:LABEL`."""
    return f"span:{start}:{end}:{label}"


def relation_key(head: tuple[int, int, str], child: tuple[int, int, str], label: str) -> str:
    """The rejection key of a relation: both ends by offsets and label, and its own label."""
    return f"relation:{head[0]}:{head[1]}:{head[2]}>{child[0]}:{child[1]}:{child[2]}:{label}"
