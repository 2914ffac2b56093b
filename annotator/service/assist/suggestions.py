"""Suggestions, whoever proposes them: stored, accepted, rejected (and remembered), undone.

Every proposer (the attribution rules, a trained model, the link finder) hands a `Proposal` to
`Suggestions.propose`, which writes suggested spans through the store (so the store's own
bookkeeping applies to them), their origin and score beside them, and proposed relations apart.
Accepting a span clears its `suggested` flag and makes real the proposed relations whose two ends
are now accepted; rejecting deletes it and remembers its key for the article, so proposing again
does not bring it back. Each method is one transaction and returns what its undo needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.domain import events
from annotator.domain.errors import AnnotatorError
from annotator.domain.looks import SpanLook
from annotator.domain.model import Relation, RemovedSpan, Span
from annotator.domain.proposals import Proposal, relation_key, span_key
from annotator.service.as_shown import spans_as_shown, versions_of
from annotator.storage import analysis_reads as reads
from annotator.storage.suggestions import (
    SpanOrigin,
    SuggestedLink,
    SuggestedRelation,
    SuggestionStore,
)

if TYPE_CHECKING:
    from annotator.service.project import ProjectService

THRESHOLD_SETTING = "assist.threshold"


@dataclass
class ProposeReport:
    """What storing one proposal did: added, and skipped because rejected before or present."""

    spans: list[Span] = field(default_factory=list)
    relations: list[SuggestedRelation] = field(default_factory=list)
    rejected_before: int = 0
    already_there: int = 0
    not_in_schema: dict[str, int] = field(default_factory=dict)  # by label the project lacks


@dataclass(frozen=True)
class Accepted:
    """Spans as they were before accepting, and the relations the acceptance made real."""

    before: tuple[Span, ...]
    relations: tuple[Relation, ...]
    proposals: tuple[SuggestedRelation, ...]


@dataclass(frozen=True)
class Rejected:
    """Rejected spans with what went with them, and the rejection keys remembered."""

    removed: tuple[RemovedSpan, ...]
    origins: tuple[SpanOrigin, ...]
    proposals: tuple[SuggestedRelation, ...]
    keys: tuple[tuple[int, str], ...]


class Suggestions:
    """Assisted labelling's suggestions in one project, reached as `ProjectService.suggestions`."""

    def __init__(self, service: ProjectService) -> None:
        self.service = service
        self.store = service.store
        self.table = SuggestionStore(service.store)

    # -- reading -------------------------------------------------------------------------------

    def origin(self, span_id: int) -> SpanOrigin | None:
        return self.table.origins([span_id]).get(span_id)

    def origins_of(self, document_id: int) -> dict[int, SpanOrigin]:
        return self.table.origins_of_document(document_id)

    def relations_of(self, document_id: int) -> list[SuggestedRelation]:
        return self.table.relations_of(document_id)

    def relations_of_span(self, span_id: int) -> list[SuggestedRelation]:
        return self.table.relations_of_span(span_id)

    def links_of_span(self, span_id: int) -> list[SuggestedLink]:
        return self.table.links_of_span(span_id)

    def suggested_span_ids(self, document_id: int, origin: str | None = None) -> list[int]:
        """An article's suggested spans (of one origin, if given), in text order."""
        origins = self.origins_of(document_id) if origin is not None else {}
        return [
            s.id
            for s in self.store.spans_of(document_id)
            if s.suggested
            and s.id is not None
            and (origin is None or (s.id in origins and origins[s.id].origin == origin))
        ]

    @property
    def threshold(self) -> float:
        """Suggestions scored below this are hidden (0 shows all)."""
        return float(self.service.setting(THRESHOLD_SETTING, 0.0))

    def set_threshold(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise AnnotatorError(f"a score threshold is between 0 and 1, not {value}")
        self.service.set_setting(THRESHOLD_SETTING, value)

    def hidden_span_ids(self, document_id: int) -> set[int]:
        """Suggested spans of an article scored below the threshold."""
        threshold = self.threshold
        if threshold <= 0:
            return set()
        return self.table.low_scored_span_ids(document_id, threshold)

    # -- proposing -----------------------------------------------------------------------------

    def propose(self, document_id: int, proposal: Proposal) -> ProposeReport:
        """Store a proposer's spans and relations for one article as suggestions.

        Skipped: what the analyst rejected before in this article, spans already there with the
        same offsets and label (accepted or suggested: the existing span is used for relations),
        spans of labels the schema lacks (counted by label), and relations the schema does not
        allow between the two spans' labels.
        """
        report = ProposeReport()
        schema = self.service.schema
        text = self.service.text_of(document_id)
        rejected = self.table.rejected_keys(document_id)
        existing = {(s.start, s.end, s.label): s for s in self.store.spans_of(document_id)}
        stored: list[Span | None] = []
        new_origins: list[SpanOrigin] = []
        with self.store.transaction():
            for proposed in proposal.spans:
                key = (proposed.start, proposed.end, proposed.label)
                if proposed.label not in schema or proposed.end > len(text):
                    if proposed.label not in schema:
                        lacking = report.not_in_schema
                        lacking[proposed.label] = lacking.get(proposed.label, 0) + 1
                    stored.append(None)
                    continue
                if span_key(*key) in rejected:
                    report.rejected_before += 1
                    stored.append(None)
                    continue
                if key in existing:
                    report.already_there += 1
                    stored.append(existing[key])
                    continue
                span = Span.in_text(
                    document_id, text, proposed.start, proposed.end, proposed.label, schema
                )
                span = self.store.insert_span(replace(span, suggested=True), text)
                assert span.id is not None
                existing[key] = span
                stored.append(span)
                report.spans.append(span)
                new_origins.append(SpanOrigin(span.id, proposal.origin, proposed.score))
            self.table.set_origins(new_origins)
            known = {
                (r.head_id, r.child_id, r.label) for r in self.store.relations_of(document_id)
            } | {(r.head_id, r.child_id, r.label) for r in self.table.relations_of(document_id)}
            for relation in proposal.relations:
                head, child = stored[relation.head], stored[relation.child]
                if head is None or child is None or head.id is None or child.id is None:
                    continue
                if (head.id, child.id, relation.label) in known:
                    continue
                rkey = relation_key(
                    (head.start, head.end, head.label),
                    (child.start, child.end, child.label),
                    relation.label,
                )
                if rkey in rejected:
                    report.rejected_before += 1
                    continue
                try:
                    schema.check_relation(relation.label, head.label, child.label)
                except AnnotatorError:
                    continue
                report.relations.append(
                    self.table.insert_relation(
                        SuggestedRelation(
                            document_id,
                            head.id,
                            child.id,
                            relation.label,
                            proposal.origin,
                            relation.score,
                        )
                    )
                )
                known.add((head.id, child.id, relation.label))
        for span in report.spans:
            self.service._announce(events.SpanAdded(span))
        return report

    # -- accepting -----------------------------------------------------------------------------

    def accept(self, span_ids: Sequence[int]) -> Accepted:
        """Accept suggested spans, and the proposed relations whose two ends are then accepted."""
        spans = [s for s in self.store.spans_by_ids(span_ids).values() if s.suggested]
        accepted_ids = {s.id for s in spans}
        made: list[Relation] = []
        used: list[SuggestedRelation] = []
        with self.store.transaction():
            for span in spans:
                self.store.update_span(replace(span, suggested=False))
            candidates = {
                p.id: p for s in spans if s.id is not None for p in self.relations_of_span(s.id)
            }
            ends = self.store.spans_by_ids(
                [i for p in candidates.values() for i in (p.head_id, p.child_id)]
            )
            for proposal in candidates.values():
                head, child = ends[proposal.head_id], ends[proposal.child_id]
                if head.suggested and head.id not in accepted_ids:
                    continue
                if child.suggested and child.id not in accepted_ids:
                    continue
                assert proposal.id is not None
                self.table.delete_relation(proposal.id)
                used.append(proposal)
                made.append(
                    self.store.insert_relation(
                        Relation(proposal.document_id, head.id, child.id, proposal.label)  # type: ignore[arg-type]
                    )
                )
        for span in spans:
            self.service._announce(
                events.SpanChanged(span, replace(span, suggested=False, version=None))
            )
        for relation in made:
            self.service._announce(events.RelationAdded(relation))
        return Accepted(tuple(spans), tuple(made), tuple(used))

    def undo_accept(self, accepted: Accepted) -> None:
        """Put the spans back as suggestions, if each is still as accepting left it (else
        `ChangedMeanwhile`: another window or analyst changed it since, ADR 0041)."""
        left = {s.id: replace(s, suggested=False) for s in accepted.before if s.id is not None}
        versions = versions_of(spans_as_shown(self.store, list(left), left), left)
        with self.store.transaction():
            for relation in accepted.relations:
                assert relation.id is not None
                self.store.delete_relation(relation.id)
            for span in accepted.before:
                self.store.update_span(replace(span, version=versions.get(span.id or -1)))
            for proposal in accepted.proposals:
                self.table.insert_relation(proposal)
        for relation in accepted.relations:
            self.service._announce(events.RelationRemoved(relation))
        for span in accepted.before:
            self.service._announce(
                events.SpanChanged(replace(span, suggested=False), replace(span, version=None))
            )

    def accept_relation(self, proposal_id: int) -> tuple[SuggestedRelation, Relation]:
        """Make one proposed relation real (its spans stay as they are)."""
        proposal = self._relation(proposal_id)
        with self.store.transaction():
            self.table.delete_relation(proposal_id)
            relation = self.store.insert_relation(
                Relation(proposal.document_id, proposal.head_id, proposal.child_id, proposal.label)
            )
        self.service._announce(events.RelationAdded(relation))
        return proposal, relation

    def undo_accept_relation(self, proposal: SuggestedRelation, relation: Relation) -> None:
        assert relation.id is not None
        with self.store.transaction():
            self.store.delete_relation(relation.id)
            self.table.insert_relation(proposal)
        self.service._announce(events.RelationRemoved(relation))

    def _relation(self, proposal_id: int) -> SuggestedRelation:
        document_id = reads.proposed_relation_document(self.store, proposal_id)
        if document_id is None:
            raise AnnotatorError(f"no proposed relation {proposal_id}")
        return next(p for p in self.table.relations_of(document_id) if p.id == proposal_id)

    # -- rejecting -----------------------------------------------------------------------------

    def reject(
        self, span_ids: Sequence[int], shown: Mapping[int, SpanLook] | None = None
    ) -> Rejected:
        """Delete suggested spans and remember them as rejected in their article; refused
        (`ChangedMeanwhile`) if one is no longer as `shown` (accepted or relabelled elsewhere
        meanwhile: Delete on a suggestion must not delete an analyst's span)."""
        found = spans_as_shown(self.store, span_ids, shown)
        versions = versions_of(found, shown)
        spans = [s for s in found.values() if s.suggested]
        origins = self.table.origins([s.id for s in spans if s.id is not None])
        removed: list[RemovedSpan] = []
        proposals: dict[int | None, SuggestedRelation] = {}
        keys: list[tuple[int, str, str]] = []
        with self.store.transaction():
            for span in spans:
                assert span.id is not None
                for proposal in self.relations_of_span(span.id):
                    proposals[proposal.id] = proposal
                origin = origins.get(span.id)
                keys.append(
                    (
                        span.document_id,
                        span_key(span.start, span.end, span.label),
                        origin.origin if origin else "",
                    )
                )
                removed.append(self.store.delete_span(span.id, versions.get(span.id)))
            self.table.add_rejections(keys)
        for item in removed:
            self.service._announce(events.SpanRemoved(item.span))
        return Rejected(
            tuple(removed),
            tuple(origins.values()),
            tuple(proposals.values()),
            tuple((d, k) for d, k, _ in keys),
        )

    def undo_reject(self, rejected: Rejected) -> None:
        with self.store.transaction():
            for item in rejected.removed:
                self.store.restore_span(item, self.service.text_of(item.span.document_id))
            self.table.set_origins(rejected.origins)
            for proposal in rejected.proposals:
                self.table.insert_relation(proposal)
            self.table.remove_rejections(rejected.keys)
        for item in rejected.removed:
            self.service._announce(events.SpanAdded(item.span))
            for relation in item.relations:
                self.service._announce(events.RelationAdded(relation))

    def reject_relation(self, proposal_id: int) -> SuggestedRelation:
        """Drop one proposed relation and remember it as rejected in its article."""
        proposal = self._relation(proposal_id)
        ends = self.store.spans_by_ids([proposal.head_id, proposal.child_id])
        head, child = ends[proposal.head_id], ends[proposal.child_id]
        key = relation_key(
            (head.start, head.end, head.label),
            (child.start, child.end, child.label),
            proposal.label,
        )
        with self.store.transaction():
            self.table.delete_relation(proposal_id)
            self.table.add_rejections([(proposal.document_id, key, proposal.origin)])
        return proposal

    def undo_reject_relation(self, proposal: SuggestedRelation) -> None:
        ends = self.store.spans_by_ids([proposal.head_id, proposal.child_id])
        head, child = ends[proposal.head_id], ends[proposal.child_id]
        key = relation_key(
            (head.start, head.end, head.label),
            (child.start, child.end, child.label),
            proposal.label,
        )
        with self.store.transaction():
            self.table.insert_relation(proposal)
            self.table.remove_rejections([(proposal.document_id, key)])
