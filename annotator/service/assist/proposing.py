"""Running the proposers over articles: the rules, the user's patterns, a trained model.

Each proposer's spans go through `Suggestions.propose`, which skips what the analyst rejected
before; the per-article results add up to one report for `annotator suggest` and the GUI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.domain.errors import AnnotatorError
from annotator.domain.proposals import Proposal
from annotator.service.assist.patterns import list_patterns, patterns_origin
from annotator.service.assist.rules import propose_attribution, propose_patterns

if TYPE_CHECKING:
    from annotator.service.project import ProjectService

Proposer = Callable[[str], Proposal]


@dataclass
class SuggestReport:
    articles: int = 0
    spans: dict[str, int] = field(default_factory=dict)  # by label
    relations: int = 0
    rejected_before: int = 0
    already_there: int = 0
    not_in_schema: dict[str, int] = field(default_factory=dict)  # by label the project lacks


def proposers(
    service: ProjectService, *, rules: bool, patterns: bool, model: object | None = None
) -> list[Proposer]:
    """The proposers asked for: built-in rules, the user's patterns, a loaded model."""
    chosen: list[Proposer] = []
    if model is not None:
        chosen.append(model.propose)  # type: ignore[attr-defined]
    if rules:
        chosen.append(propose_attribution)
    if patterns:
        stored = list_patterns(service.store)
        if stored:
            pairs = [(p.label, p.pattern) for p in stored]
            origin = patterns_origin(stored)
            labels = [label.name for label in service.schema.of_kind("span")]
            chosen.append(lambda text: propose_patterns(text, pairs, origin, labels))
    if not chosen:
        raise AnnotatorError("nothing to suggest with: give --rules, --model MODEL or add patterns")
    return chosen


def suggest(
    service: ProjectService,
    chosen: Sequence[Proposer],
    document_ids: Sequence[int] | None = None,
    *,
    progress: Callable[[int, int], bool] | None = None,
) -> SuggestReport:
    """Propose on these articles (default: every article not marked done)."""
    if document_ids is None:
        document_ids = [row.id for row in service.document_rows(0, 10**9) if row.status != "done"]
    report = SuggestReport()
    for number, document_id in enumerate(document_ids, 1):
        text = service.text_of(document_id)
        for proposer in chosen:
            result = service.suggestions.propose(document_id, proposer(text))
            for span in result.spans:
                report.spans[span.label] = report.spans.get(span.label, 0) + 1
            report.relations += len(result.relations)
            report.rejected_before += result.rejected_before
            report.already_there += result.already_there
            for label, count in result.not_in_schema.items():
                report.not_in_schema[label] = report.not_in_schema.get(label, 0) + count
        report.articles += 1
        if progress is not None and not progress(number, len(document_ids)):
            break
    return report
