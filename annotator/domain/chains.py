"""Attribution chains: who said a claim, and who relayed them, read off an article's relations.

"RT website quoted Lavrov as saying: …" gives claim SAID_BY Lavrov, Lavrov REPORTED_BY RT website:
the chain claim ← SAID_BY Lavrov ← REPORTED_BY RT website, ending (in the view) at the article's own
outlet, which relays everyone it quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.domain.model import Relation

SAID_BY = "SAID_BY"
REPORTED_BY = "REPORTED_BY"


@dataclass(frozen=True, slots=True)
class ChainStep:
    """One step of a chain: the relation followed and the span it leads to."""

    relation: Relation
    span_id: int


def attribution_chain(claim_id: int, relations: Iterable[Relation]) -> list[ChainStep]:
    """The claim's chain: its SAID_BY source, then each REPORTED_BY relayer in turn.

    Where a span has several outgoing edges, the first made (lowest id) is followed; a cycle
    stops the chain instead of looping.
    """
    return chain_from(claim_id, outgoing_edges(relations))


def outgoing_edges(relations: Iterable[Relation]) -> dict[int, list[Relation]]:
    """Each span's outgoing relations, first made first: built once for an article, it serves
    the chains of all its claims (`chain_from`)."""
    outgoing: dict[int, list[Relation]] = {}
    for relation in sorted(relations, key=lambda r: r.id or 0):
        outgoing.setdefault(relation.head_id, []).append(relation)
    return outgoing


def chain_from(claim_id: int, outgoing: dict[int, list[Relation]]) -> list[ChainStep]:
    """`attribution_chain` over relations already indexed by `outgoing_edges`."""
    steps: list[ChainStep] = []
    seen = {claim_id}
    current, wanted = claim_id, SAID_BY
    while True:
        edge = next((r for r in outgoing.get(current, []) if r.label == wanted), None)
        if edge is None or edge.child_id in seen:
            return steps
        steps.append(ChainStep(edge, edge.child_id))
        seen.add(edge.child_id)
        current, wanted = edge.child_id, REPORTED_BY
