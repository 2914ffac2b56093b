"""A span model that learns from the project: one CRF per label over spaCy's blank tokens.

Why a CRF and not spaCy's NER or span categorizer (ADR 0033, replacing the NER of ADR 0019):
trained from scratch on this 2-core machine, spaCy's NER took about ten minutes a pass over
PolNeAR's 670 training articles, while the CRFs (CRFsuite, through `python-crfsuite`) learn
from the same articles in a few minutes and read attribution as well or better with features
made for it (`tagger`). Attribution nests (a claim holds the cue and source of the claim it
reports), so each label gets its own B/I/O tagger and nested spans are all learnt.

Training takes the project's accepted spans of the chosen labels, in the articles that have any,
keeps a held-out part (every fifth article, by a hash of its text, so the split is the same on
every run) and scores it exact and overlap per label. The model folder holds one
`LABEL.crfsuite` per label and `annotator-model.json`: version, labels, metrics, articles, when.
Suggestions carry the origin `model:NAME@VERSION` and, as score, the tagger's mean marginal
probability of the span's tags.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.proposals import Proposal, ProposedRelation, ProposedSpan
from annotator.service.assist.scoring import Score, score_spans
from annotator.service.assist.tagger import bio_tags, spans_from_tags, token_features
from annotator.storage import analysis_reads as reads
from annotator.storage.repository import ProjectStore

META_FILE = "annotator-model.json"
DEFAULT_LABELS = ("CUE", "SOURCE", "CLAIM")
Progress = Callable[[str, float], bool]  # (what, fraction done) -> go on?
KIND = "crf"
DEFAULT_ITERATIONS = 60


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


def _tokens(text: str) -> Any:
    """spaCy's blank English tokens with sentences: the rules' pipeline, loaded once."""
    from annotator.service.assist.rules import tokenize

    return tokenize(text)


def train(
    store: ProjectStore,
    output: Path,
    *,
    labels: Sequence[str] = DEFAULT_LABELS,
    epochs: int = DEFAULT_ITERATIONS,
    progress: Progress | None = None,
) -> TrainReport:
    """Train, score on the held-out articles, store the model; see the module's docstring.
    `epochs` is the CRF's L-BFGS iterations, each one pass over the training articles."""
    began = time.monotonic()
    articles = training_articles(store, labels)
    if len(articles) < 2:
        raise AnnotatorError(
            f"nothing to learn from: {len(articles)} articles have accepted spans of"
            f" {', '.join(labels)} (accept some suggestions or label a few articles first)"
        )
    train_set: list[tuple[Any, list[list[str]], list[tuple[int, int, str]]]] = []
    held_out: list[tuple[Any, list[list[str]], list[tuple[int, int, str]]]] = []
    for number, (text, spans) in enumerate(articles, 1):
        doc = _tokens(text)
        (held_out if _held_out(text) else train_set).append((doc, token_features(doc), spans))
        _tell(progress, "reading the articles", 0.1 * number / len(articles))
    if not train_set or not held_out:  # a tiny project: still keep one article apart
        pool = train_set + held_out
        train_set, held_out = pool[1:], pool[:1]
    output.mkdir(parents=True, exist_ok=True)
    dropped = 0
    for index, label in enumerate(labels):
        dropped += _train_one(output, label, train_set, epochs, progress, index, len(labels))
    model = Model(output, {"name": output.name, "version": 0, "labels": list(labels)})
    proposed, gold = [], []
    for number, (doc, features, spans) in enumerate(held_out):
        gold += [(number, start, end, label) for start, end, label in spans]
        proposed += [
            (number, s.start, s.end, s.label) for s in model.spans(doc, features) if s.label
        ]
    model.close()
    scores = score_spans(proposed, gold)
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
    _save(output, report)
    store.set_setting("assist.model_version", version)
    return report


def _tell(progress: Progress | None, what: str, fraction: float) -> None:
    if progress is not None and not progress(what, fraction):
        raise Cancelled("training cancelled; no model was stored")


def _train_one(
    output: Path,
    label: str,
    articles: list[tuple[Any, list[list[str]], list[tuple[int, int, str]]]],
    iterations: int,
    progress: Progress | None,
    index: int,
    count: int,
) -> int:
    """Train and write `LABEL.crfsuite`; returns how many of the label's spans were left out."""
    import pycrfsuite

    what = f"learning {label} ({index + 1} of {count})"
    cancelled: list[bool] = []

    class Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
        """Tells `progress` after each iteration; raising stops CRFsuite's training."""

        def message(self, message: str) -> None:
            if self.logparser.feed(message) != "iteration":
                return
            number = self.logparser.last_iteration.get("num", 0)
            done = (index + min(number / iterations, 1.0)) / count
            if progress is not None and not progress(what, 0.1 + 0.9 * done):
                cancelled.append(True)
                raise Cancelled("training cancelled")

    trainer = Trainer(verbose=False)
    dropped = 0
    for doc, features, spans in articles:
        tags, lost = bio_tags(doc, spans, label)
        dropped += lost
        trainer.append(features, tags)
    trainer.set_params(
        {
            "c1": 0.05,
            "c2": 0.01,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    temporary = output / f"{_file_name(label)}.tmp"
    try:
        trainer.train(str(temporary))
    except Exception:
        temporary.unlink(missing_ok=True)
        if cancelled:
            raise Cancelled("training cancelled; no model was stored") from None
        raise
    if cancelled:
        temporary.unlink(missing_ok=True)
        raise Cancelled("training cancelled; no model was stored")
    temporary.replace(output / _file_name(label))
    return dropped


def _file_name(label: str) -> str:
    """A label as a file name that any label can have (percent-encoded, as brat's are)."""
    from urllib.parse import quote

    return quote(label, safe="") + ".crfsuite"


def _save(output: Path, report: TrainReport) -> None:
    meta = {
        "name": output.name,
        "kind": KIND,
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

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        import pycrfsuite

        self.meta = meta
        self.origin = f"model:{meta['name']}@{meta['version']}"
        self.taggers = {}
        for label in meta["labels"]:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path / _file_name(label)))
            self.taggers[label] = tagger

    def spans(self, doc: Any, features: list[list[str]]) -> list[ProposedSpan]:
        """Each tagger's spans, scored by the mean marginal probability of their tags."""
        import pycrfsuite

        items = pycrfsuite.ItemSequence(features)  # converted once for every tagger
        found = []
        for label, tagger in self.taggers.items():
            tags = tagger.tag(items)
            for start, end, first, stop in spans_from_tags(doc, tags):
                sure = sum(tagger.marginal(tags[i], i) for i in range(first, stop))
                found.append(ProposedSpan(start, end, label, round(sure / (stop - first), 3)))
        found.sort(key=lambda s: (s.start, -s.end, s.label))
        return found

    def propose(self, text: str) -> Proposal:
        doc = _tokens(text)
        spans = tuple(self.spans(doc, token_features(doc)))
        return Proposal(self.origin, spans, _said_by(spans))

    def close(self) -> None:
        for tagger in self.taggers.values():
            tagger.close()


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
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("kind") != KIND:
        raise AnnotatorError(
            f"{path}: a model of an earlier annotator (spaCy NER); train it again with"
            " `annotator train`"
        )
    missing = [label for label in meta["labels"] if not (path / _file_name(label)).is_file()]
    if missing:
        raise AnnotatorError(f"{path}: no tagger for {', '.join(missing)} in the model folder")
    return Model(path, meta)
