"""A span model that learns from the project: CRFs over spaCy's blank tokens.

Why a CRF and not spaCy's NER or span categorizer (ADR 0033, replacing the NER of ADR 0019):
trained from scratch on this 2-core machine, spaCy's NER took about ten minutes a pass over
PolNeAR's 670 training articles, while the CRFs (CRFsuite, through `python-crfsuite`) learn
from the same articles in a few minutes and read attribution as well or better with features
made for it (`tagger`). Attribution nests (a claim holds the cue and source of the claim it
reports), so each label gets its own B/I/O tagger and nested spans are all learnt. When the
labels never share a token (PolNeAR marks the inner attribution's words apart from the outer
content), one *joint* tagger reads them all in one sequence instead (ADR 0043): its transitions
learn that a cue follows its source and precedes its content, which found more sources and
contents on PolNeAR, in less time than three taggers.

Training takes the project's accepted spans of the chosen labels, one sequence per layer (each
analyst's reading) of the articles that have any, keeps a held-out part (every fifth article, by
a hash of its text, so the split is the same on every run) and scores it exact and overlap per
label; then the model is learnt again from every article, held-out ones included, and that one
is stored (a fifth more to learn from: the scores describe how the method does on articles it
never saw, a little below the stored model). The model folder holds `joint.crfsuite` or one
`LABEL.crfsuite` per label, and `annotator-model.json`: version, labels, joint or not, metrics,
articles, when.
Suggestions carry the origin `model:NAME@VERSION` and, as score, the tagger's mean marginal
probability of the span's tags.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.proposals import Proposal, ProposedRelation, ProposedSpan
from annotator.service.assist.scoring import Score, score_spans
from annotator.service.assist.tagger import (
    bio_tags,
    joint_tags,
    label_tags,
    spans_from_tags,
    token_features,
)
from annotator.storage import analysis_reads as reads
from annotator.storage.repository import ProjectStore

META_FILE = "annotator-model.json"
DEFAULT_LABELS = ("CUE", "SOURCE", "CLAIM")
Progress = Callable[[str, float], bool]  # (what, fraction done) -> go on?
KIND = "crf"
DEFAULT_ITERATIONS = 60
JOINT_FILE = "joint.crfsuite"
#: Labels are tagged in one sequence when at most this share of their spans overlap a span of
#: another of the labels (those are left out and counted); otherwise one sequence per label.
JOINT_OVERLAP_SHARE = 0.01
Article = tuple[Any, list[list[str]], list[tuple[int, int, str]]]  # doc, features, spans


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
    joint: bool = False  # all labels in one sequence (see JOINT_OVERLAP_SHARE)
    cancelled: bool = False


class Cancelled(AnnotatorError):
    """Training stopped by the user (Cancel in the GUI)."""


def _held_out(text: str) -> bool:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[0] % 5 == 0


def training_articles(
    store: ProjectStore, labels: Sequence[str]
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, accepted spans of `labels`) of every layer of an article with at least one such
    span: each analyst's reading of an article is learnt as it was made, not merged with the
    others' into spans that overlap (PolNeAR has articles read by six annotators)."""
    rows = reads.accepted_spans_of_labels(store, labels)
    by_layer: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for document_id, layer, start, end, label in rows:
        by_layer.setdefault((document_id, layer), []).append((start, end, label))
    texts: dict[int, str] = {}
    articles = []
    for (document_id, _layer), spans in by_layer.items():
        if document_id not in texts:
            texts[document_id] = store.document(document_id).text
        articles.append((texts[document_id], spans))
    return articles


def overlapping_across(articles: Sequence[Article], labels: Sequence[str]) -> int:
    """How many spans of `labels` overlap a span of another of the labels."""
    count = 0
    for _doc, _features, spans in articles:
        ordered = sorted((s, e, lab) for s, e, lab in spans if lab in labels)
        active: list[tuple[int, int, str, int]] = []  # spans not ended yet, with their index
        overlapping: set[int] = set()
        for index, (start, end, label) in enumerate(ordered):
            active = [item for item in active if item[1] > start]
            for _s, _e, other, other_index in active:
                if other != label:
                    overlapping.update((index, other_index))
            active.append((start, end, label, index))
        count += len(overlapping)
    return count


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
    train_set: list[Article] = []
    held_out: list[Article] = []
    read: dict[str, tuple[Any, list[list[str]]]] = {}  # an article's layers share its tokens
    for number, (text, spans) in enumerate(articles, 1):
        if text not in read:
            doc = _tokens(text)
            read[text] = doc, token_features(doc)
        (held_out if _held_out(text) else train_set).append((*read[text], spans))
        _tell(progress, "reading the articles", 0.1 * number / len(articles))
    if not train_set or not held_out:  # a tiny project: still keep one article apart
        pool = train_set + held_out
        train_set, held_out = pool[1:], pool[:1]
    output.mkdir(parents=True, exist_ok=True)
    spans_count = sum(len(spans) for *_, spans in train_set)
    joint = len(labels) > 1 and overlapping_across(train_set, labels) <= JOINT_OVERLAP_SHARE * max(
        spans_count, 1
    )
    fit = functools.partial(_fit, labels=labels, joint=joint, epochs=epochs, progress=progress)
    with tempfile.TemporaryDirectory(dir=output, prefix=".scoring-") as scratch:
        dropped = fit(Path(scratch), train_set, first=True)
        model = Model(
            Path(scratch),
            {"name": output.name, "version": 0, "labels": list(labels), "joint": joint},
        )
        proposed, gold = [], []
        for number, (doc, features, spans) in enumerate(held_out):
            gold += [(number, start, end, label) for start, end, label in spans]
            proposed += [
                (number, s.start, s.end, s.label) for s in model.spans(doc, features) if s.label
            ]
        model.close()
    fit(output, train_set + held_out, first=False)  # what is stored learns from every article
    for stale in (JOINT_FILE,) if not joint else [_file_name(label) for label in labels]:
        (output / stale).unlink(missing_ok=True)  # from an earlier training into this folder
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
        joint,
    )
    _save(output, report)
    store.set_setting("assist.model_version", version)
    return report


def _fit(
    output: Path,
    articles: list[Article],
    *,
    labels: Sequence[str],
    joint: bool,
    epochs: int,
    progress: Progress | None,
    first: bool,
) -> int:
    """The tagger files of `labels` learnt from `articles`, written into `output`: the first fit
    (without the held-out articles, to score them) or the second (with them, to be stored).
    Returns how many spans were left out."""
    if joint:
        return _train_one(
            output, labels, JOINT_FILE, articles, epochs, progress, 0 if first else 1, 2
        )
    dropped = 0
    for index, label in enumerate(labels):
        at = index if first else len(labels) + index
        dropped += _train_one(
            output, [label], _file_name(label), articles, epochs, progress, at, 2 * len(labels)
        )
    return dropped


def _tell(progress: Progress | None, what: str, fraction: float) -> None:
    if progress is not None and not progress(what, fraction):
        raise Cancelled("training cancelled; no model was stored")


def _train_one(
    output: Path,
    labels: Sequence[str],
    file_name: str,
    articles: list[Article],
    iterations: int,
    progress: Progress | None,
    index: int,
    count: int,
) -> int:
    """Train one tagger of `labels` (one label's B/I/O, or several in one sequence) and write
    it as `file_name`; returns how many of the labels' spans were left out."""
    import pycrfsuite

    what = f"learning {' + '.join(labels)} ({index + 1} of {count})"
    what += " to score the held-out articles" if index < count // 2 else " from every article"
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
        tags, lost = (
            bio_tags(doc, spans, labels[0]) if len(labels) == 1 else joint_tags(doc, spans, labels)
        )
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
    temporary = output / f"{file_name}.tmp"
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
    temporary.replace(output / file_name)
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
        "joint": report.joint,
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
        self.labels = list(meta["labels"])
        self.taggers = {}  # file name -> tagger: the joint one, or one per label
        for file_name in _tagger_files(meta):
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path / file_name))
            self.taggers[file_name] = tagger

    def spans(self, doc: Any, features: list[list[str]]) -> list[ProposedSpan]:
        """Each label's spans, scored by the mean marginal probability of their tags."""
        import pycrfsuite

        items = pycrfsuite.ItemSequence(features)  # converted once for every tagger
        found = []
        for file_name, tagger in self.taggers.items():
            tags = tagger.tag(items)
            joint = file_name == JOINT_FILE
            for label in self.labels if joint else [_label_of(file_name, self.labels)]:
                own = label_tags(tags, label) if joint else tags
                for start, end, first, stop in spans_from_tags(doc, own):
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


def _tagger_files(meta: dict[str, Any]) -> list[str]:
    """The tagger files a model's metadata names: the joint one, or one per label."""
    return [JOINT_FILE] if meta.get("joint") else [_file_name(label) for label in meta["labels"]]


def _label_of(file_name: str, labels: Sequence[str]) -> str:
    return next(label for label in labels if _file_name(label) == file_name)


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
    missing = [name for name in _tagger_files(meta) if not (path / name).is_file()]
    if missing:
        raise AnnotatorError(f"{path}: no {', '.join(missing)} in the model folder")
    return Model(path, meta)
