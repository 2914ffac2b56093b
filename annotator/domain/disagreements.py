"""What analysts disagree on in one article, and what settling a disagreement puts in the curated
layer: plain Python over (label, start, end) keys, no storage and no Qt.

A span is known by its *key* `(label, start, end)`: two analysts agree on a span when both have
that key. A key every analyst of the article has is *agreed*. The other keys of one label are
grouped by overlap (a SOURCE one analyst drew wider than another, or that only some drew) into
*disagreements*: connected groups of keys, each analyst's *version* of it being the keys of the
group that analyst has (maybe none). Labels are grouped apart: corpora such as PolNeAR mark a
whole attribution over its source, cue and content, and grouping across labels would chain a
paragraph into one disagreement; the same words labelled SOURCE by one and PERSON by another are
two disagreements, side by side. Agreed spans never join a group either.

Relations are known by `(label, head key, child key)`; those every analyst has are agreed. The
curated layer takes an analyst's relations whose two ends it holds (see `relations_to_add`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SpanKey = tuple[str, int, int]  # (label, start, end)
RelationKey = tuple[str, SpanKey, SpanKey]  # (label, head, child)


def overlaps(a: SpanKey, b: SpanKey) -> bool:
    return a[1] < b[2] and b[1] < a[2]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One group of overlapping keys not every analyst has, with each analyst's version."""

    number: int  # 1.., in text order
    start: int  # the group's extent: from its first start to its last end
    end: int
    versions: tuple[tuple[str, frozenset[SpanKey]], ...]  # (analyst, keys), analysts by name

    @property
    def keys(self) -> frozenset[SpanKey]:
        return frozenset().union(*(keys for _, keys in self.versions))

    def version(self, analyst: str) -> frozenset[SpanKey]:
        return dict(self.versions).get(analyst, frozenset())

    def merged(self) -> frozenset[SpanKey]:
        """Every analyst's version at once; spans of one label that overlap become one span
        from the first start to the last end (the widest reading of where it runs)."""
        return frozenset(fuse_same_label(self.keys))

    def matching(self, curated: frozenset[SpanKey]) -> list[str]:
        """The analysts whose version the curated layer holds here."""
        return [analyst for analyst, keys in self.versions if keys == curated]


@dataclass(frozen=True, slots=True)
class ArticleDisagreements:
    """An article's analysts, the keys they all agree on, and where they differ."""

    analysts: tuple[str, ...]
    agreed: frozenset[SpanKey]
    agreed_relations: frozenset[RelationKey]
    disagreements: tuple[Disagreement, ...]

    def curated_version(
        self, disagreement: Disagreement, curated: Iterable[SpanKey]
    ) -> frozenset[SpanKey]:
        """The curated layer's keys that belong to this disagreement: those among its keys, and
        the curator's own spans (no analyst's, not agreed) overlapping it that no earlier
        disagreement took."""
        return self.curated_by_disagreement(curated).get(disagreement.number, frozenset())

    def curated_by_disagreement(self, curated: Iterable[SpanKey]) -> dict[int, frozenset[SpanKey]]:
        owner: dict[SpanKey, int] = {}
        for disagreement in self.disagreements:
            for key in disagreement.keys:
                owner[key] = disagreement.number
        found: dict[int, set[SpanKey]] = {d.number: set() for d in self.disagreements}
        for key in curated:
            number = owner.get(key)
            if number is None and key not in self.agreed:
                number = next(
                    (
                        d.number
                        for d in self.disagreements
                        if key[1] < d.end
                        and d.start < key[2]
                        and any(overlaps(key, k) for k in d.keys)
                    ),
                    None,
                )
            if number is not None:
                found[number].add(key)
        return {number: frozenset(keys) for number, keys in found.items()}


def find_disagreements(
    layers: Mapping[str, Iterable[SpanKey]],
    relations: Mapping[str, Iterable[RelationKey]] | None = None,
) -> ArticleDisagreements:
    """The agreed keys and the disagreements of one article's analysts' layers (each analyst's
    accepted spans as keys; an analyst with no span is an analyst who marked nothing)."""
    analysts = tuple(sorted(layers))
    sets = {analyst: frozenset(layers[analyst]) for analyst in analysts}
    every = frozenset().union(*sets.values()) if sets else frozenset()
    agreed = frozenset.intersection(*sets.values()) if len(sets) >= 1 else frozenset()
    groups: list[list[SpanKey]] = []
    for label in sorted({key[0] for key in every - agreed}):
        reach = -1  # the last end of the group being built
        disputed = sorted((k for k in every - agreed if k[0] == label), key=lambda k: (k[1], k[2]))
        for key in disputed:  # by start: a key joins the group when it starts before its end
            if groups and groups[-1][0][0] == label and key[1] < reach:
                groups[-1].append(key)
                reach = max(reach, key[2])
            else:
                groups.append([key])
                reach = key[2]
    groups.sort(key=lambda g: (min(k[1] for k in g), max(k[2] for k in g), g[0][0]))
    disagreements = []
    for number, group in enumerate(groups, start=1):
        members = frozenset(group)
        disagreements.append(
            Disagreement(
                number,
                min(k[1] for k in group),
                max(k[2] for k in group),
                tuple((analyst, sets[analyst] & members) for analyst in analysts),
            )
        )
    relation_sets = [frozenset((relations or {}).get(analyst, ())) for analyst in analysts]
    agreed_relations = frozenset.intersection(*relation_sets) if relation_sets else frozenset()
    return ArticleDisagreements(analysts, agreed, agreed_relations, tuple(disagreements))


def fuse_same_label(keys: Iterable[SpanKey]) -> list[SpanKey]:
    """Keys with overlapping spans of one label fused into one, from first start to last end."""
    fused: list[SpanKey] = []
    for label, start, end in sorted(keys):
        if fused and fused[-1][0] == label and start < fused[-1][2]:
            fused[-1] = (label, fused[-1][1], max(end, fused[-1][2]))
        else:
            fused.append((label, start, end))
    return fused


@dataclass(frozen=True, slots=True)
class CurationPlan:
    """What one curation step changes in the curated layer: keys to remove, keys to add, and
    relations to add once those spans are there."""

    remove: frozenset[SpanKey]
    add: tuple[SpanKey, ...]
    relations: tuple[RelationKey, ...]

    @property
    def empty(self) -> bool:
        return not (self.remove or self.add or self.relations)


def relations_to_add(
    wanted: Iterable[RelationKey],
    curated_after: Iterable[SpanKey],
    curated_relations: Iterable[RelationKey],
) -> tuple[RelationKey, ...]:
    """The wanted relations whose ends the curated layer holds and that it lacks, in order."""
    spans, have = set(curated_after), set(curated_relations)
    return tuple(
        sorted(r for r in set(wanted) if r not in have and r[1] in spans and r[2] in spans)
    )


def settle(
    found: ArticleDisagreements,
    disagreement: Disagreement,
    curated: Iterable[SpanKey],
    chosen: Iterable[SpanKey],
    curated_relations: Iterable[RelationKey] = (),
    relations: Iterable[RelationKey] = (),
) -> CurationPlan:
    """Make the curated layer's version of `disagreement` exactly `chosen` (an analyst's version,
    the merged one); `relations` are those to carry along (the chosen analyst's)."""
    curated_set = set(curated)
    now = found.curated_version(disagreement, curated_set)
    target = frozenset(chosen)
    remove = frozenset(now - target)
    add = tuple(sorted(target - curated_set, key=lambda k: (k[1], k[2], k[0])))
    after = (curated_set - remove) | set(add)
    return CurationPlan(remove, add, relations_to_add(relations, after, curated_relations))


def accept_agreed(
    found: ArticleDisagreements,
    curated: Iterable[SpanKey],
    curated_relations: Iterable[RelationKey] = (),
) -> CurationPlan:
    """Everything all analysts agree on that the curated layer lacks: spans, then relations."""
    curated_set = set(curated)
    add = tuple(sorted(found.agreed - curated_set, key=lambda k: (k[1], k[2], k[0])))
    relations = relations_to_add(found.agreed_relations, curated_set | set(add), curated_relations)
    return CurationPlan(frozenset(), add, relations)


def version_text(keys: Sequence[SpanKey] | frozenset[SpanKey], text: str, limit: int = 40) -> str:
    """A version as one short line: `SOURCE “Lavrov” · CUE “said”`, or `(nothing)`."""
    if not keys:
        return "(nothing)"
    parts = []
    for label, start, end in sorted(keys, key=lambda k: (k[1], k[2], k[0])):
        words = " ".join(text[start:end].split())
        if len(words) > limit:
            words = words[: limit - 1] + "…"
        parts.append(f"{label} “{words}”")
    return " · ".join(parts)
