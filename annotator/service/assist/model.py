"""A span model that learns from the project: spaCy's NER trained from scratch on this CPU.

Why NER and not the span categorizer: attribution spans in news do not overlap (PolNeAR gives each
token at most one of Source, Cue, Content) and a claim runs to thirty words or more, past what a
span categorizer's n-gram suggester proposes. The transition-based NER reads spans of any length
in one pass, which also keeps suggesting on a 5 KB article far under 100 ms.

Training takes the project's accepted spans of the chosen labels, in the articles that have any,
keeps a held-out part (every fifth article, by a hash of its text, so the split is the same on
every run) and scores it exact and overlap per label. The model folder holds spaCy's pipeline and
`annotator-model.json`: version, labels, metrics, articles, when. Suggestions carry the origin
`model:NAME@VERSION` and, as score, the label's held-out exact precision.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.proposals import Proposal, ProposedRelation, ProposedSpan
from annotator.service.assist.scoring import Score, score_spans
from annotator.storage import analysis_reads as reads
from annotator.storage.repository import ProjectStore

META_FILE = "annotator-model.json"
DEFAULT_LABELS = ("CUE", "SOURCE", "CLAIM")
Progress = Callable[[str, float], bool]  # (what, fraction done) -> go on?


@dataclass
class TrainReport:
    path: Path
    version: int
    labels: list[str]
    train_articles: int
    held_out_articles: int
    seconds: float
    scores: list[Score] = field(default_factory=list)
    overlapping_dropped: int = 0
    cancelled: bool = False


class Cancelled(AnnotatorError):
    """Training stopped by the user (Cancel in the GUI)."""


def _held_out(text: str) -> bool:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[0] % 5 == 0


def training_articles(
    store: ProjectStore, labels: Sequence[str]
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, accepted spans of `labels`) of every article with at least one such span."""
    rows = reads.accepted_spans_of_labels(store, labels)
    by_document: dict[int, list[tuple[int, int, str]]] = {}
    for document_id, start, end, label in rows:
        by_document.setdefault(document_id, []).append((start, end, label))
    return [(store.document(d).text, spans) for d, spans in by_document.items()]


def _example(nlp: Any, text: str, spans: list[tuple[int, int, str]]) -> tuple[Any, int]:
    """A spaCy `Example` for one article; overlapping spans after the first are dropped."""
    from spacy.training import Example

    doc = nlp.make_doc(text)
    entities, dropped, last_end = [], 0, -1
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or span.start < last_end:
            dropped += 1
            continue
        entities.append(span)
        last_end = span.end
    predicted = nlp.make_doc(text)
    reference = nlp.make_doc(text)
    reference.ents = entities
    return Example(predicted, reference), dropped


def train(
    store: ProjectStore,
    output: Path,
    *,
    labels: Sequence[str] = DEFAULT_LABELS,
    epochs: int = 8,
    seed: int = 0,
    progress: Progress | None = None,
) -> TrainReport:
    """Train, score on the held-out articles, store the model; see the module's docstring."""
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    began = time.monotonic()
    articles = training_articles(store, labels)
    if len(articles) < 2:
        raise AnnotatorError(
            f"nothing to learn from: {len(articles)} articles have accepted spans of"
            f" {', '.join(labels)} (accept some suggestions or label a few articles first)"
        )
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    ner: Any = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)
    train_set: list[Any] = []
    held_out: list[Any] = []
    dropped = 0
    for text, spans in articles:
        example, lost = _example(nlp, text, spans)
        dropped += lost
        (held_out if _held_out(text) else train_set).append(example)
    if not train_set or not held_out:  # a tiny project: still keep one article apart
        pool = train_set + held_out
        train_set, held_out = pool[1:], pool[:1]
    optimizer = nlp.initialize(lambda: train_set)
    shuffler = random.Random(seed)
    cancelled = False
    for epoch in range(epochs):
        shuffler.shuffle(train_set)
        batches = list(minibatch(train_set, size=compounding(4.0, 16.0, 1.001)))
        for number, batch in enumerate(batches, 1):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses={})
            if progress is not None and not progress(
                f"epoch {epoch + 1} of {epochs}", (epoch + number / len(batches)) / epochs
            ):
                cancelled = True
                break
        if cancelled:
            break
    if cancelled:
        raise Cancelled("training cancelled; no model was stored")
    scores = _score(nlp, held_out)
    version = int(store.setting("assist.model_version", 0)) + 1
    report = TrainReport(
        output,
        version,
        list(labels),
        len(train_set),
        len(held_out),
        time.monotonic() - began,
        scores,
        dropped,
    )
    _save(nlp, output, report)
    store.set_setting("assist.model_version", version)
    return report


def _score(nlp: Any, held_out: list[Any]) -> list[Score]:
    proposed, gold = [], []
    texts = [example.reference.text for example in held_out]
    for index, (example, doc) in enumerate(zip(held_out, nlp.pipe(texts), strict=True)):
        gold += [(index, e.start_char, e.end_char, e.label_) for e in example.reference.ents]
        proposed += [(index, e.start_char, e.end_char, e.label_) for e in doc.ents]
    return score_spans(proposed, gold)


def _save(nlp: Any, output: Path, report: TrainReport) -> None:
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output / "pipeline")
    meta = {
        "name": output.name,
        "version": report.version,
        "labels": report.labels,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_articles": report.train_articles,
        "held_out_articles": report.held_out_articles,
        "seconds": round(report.seconds, 1),
        "metrics": [
            {
                "label": s.label,
                "measure": s.measure,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "proposed": s.proposed,
                "gold": s.gold,
            }
            for s in report.scores
        ],
    }
    temporary = output / (META_FILE + ".tmp")
    temporary.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    temporary.replace(output / META_FILE)


class Model:
    """A trained model, loaded once: `propose(text)` gives its spans and SAID_BY relations."""

    def __init__(self, nlp: Any, meta: dict[str, Any]) -> None:
        self.nlp = nlp
        self.meta = meta
        self.origin = f"model:{meta['name']}@{meta['version']}"
        self._scores = {
            m["label"]: float(m["precision"]) for m in meta["metrics"] if m["measure"] == "exact"
        }

    def propose(self, text: str) -> Proposal:
        doc = self.nlp(text)
        spans = tuple(
            ProposedSpan(e.start_char, e.end_char, e.label_, self._scores.get(e.label_, 0.5))
            for e in doc.ents
        )
        return Proposal(self.origin, spans, _said_by(spans))


def _said_by(spans: tuple[ProposedSpan, ...]) -> tuple[ProposedRelation, ...]:
    """Each CLAIM SAID_BY the nearest SOURCE within 200 characters (models give no relations)."""
    sources = [(i, s) for i, s in enumerate(spans) if s.label == "SOURCE"]
    relations = []
    for index, claim in enumerate(spans):
        if claim.label != "CLAIM" or not sources:
            continue

        def distance(item: tuple[int, ProposedSpan], claim: ProposedSpan = claim) -> int:
            source = item[1]
            return max(source.start - claim.end, claim.start - source.end, 0)

        nearest, source = min(sources, key=distance)
        if distance((nearest, source)) <= 200:
            relations.append(ProposedRelation(index, nearest, "SAID_BY", 0.5))
    return tuple(relations)


def load_model(path: Path) -> Model:
    """Load a model folder made by `train`; a clear error for anything else."""
    meta_path = path / META_FILE
    if not meta_path.is_file():
        raise AnnotatorError(f"{path}: not a model made by `annotator train` (no {META_FILE})")
    import spacy

    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return Model(spacy.load(path / "pipeline"), meta)
