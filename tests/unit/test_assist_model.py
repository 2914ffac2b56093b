"""The model trained on the project: one CRF for all labels when they never share a token, one
per label when they nest, so nested attribution is all learnt; a planted multi-word cue is
learnt exactly; each annotator's layer is a sequence of its own; a tiny slice of PolNeAR trains and suggests end to end; Cancel stores nothing; an older model
folder is refused with a message."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import DraftDocument, DraftSpan
from annotator.service.assist.model import (
    Cancelled,
    _held_out,
    load_model,
    train,
    training_articles,
)
from annotator.service.assist.rules import tokenize
from annotator.service.assist.scoring import score_spans
from annotator.service.assist.tagger import bio_tags, spans_from_tags

NESTED = "Smith said that Jones claimed the vote had failed."


def at(text: str, words: str, label: str) -> tuple[int, int, str]:
    start = text.index(words)
    return start, start + len(words), label


def test_a_cue_inside_a_claim_is_tagged_in_the_cue_sequence() -> None:
    doc = tokenize(NESTED)
    spans = [
        at(NESTED, "said", "CUE"),
        at(NESTED, "Jones claimed the vote had failed", "CLAIM"),
        at(NESTED, "claimed", "CUE"),
    ]
    cues, dropped = bio_tags(doc, spans, "CUE")
    claims, _ = bio_tags(doc, spans, "CLAIM")
    assert dropped == 0
    found = {NESTED[s:e] for s, e, _, _ in spans_from_tags(doc, cues)}
    assert found == {"said", "claimed"}
    assert [NESTED[s:e] for s, e, _, _ in spans_from_tags(doc, claims)] == [
        "Jones claimed the vote had failed"
    ]


def test_nested_spans_of_one_label_keep_the_outer_one_and_count_the_other() -> None:
    doc = tokenize(NESTED)
    spans = [
        at(NESTED, "Jones claimed the vote had failed", "CLAIM"),
        at(NESTED, "the vote", "CLAIM"),
    ]
    tags, dropped = bio_tags(doc, spans, "CLAIM")
    assert dropped == 1
    assert [NESTED[s:e] for s, e, _, _ in spans_from_tags(doc, tags)] == [
        "Jones claimed the vote had failed"
    ]


def polnear_slice(cases_dir: Path, folder: Path, count: int) -> tuple[Path, list[Path]]:
    """The first `count` PolNeAR train articles as a brat folder of links, and the next three."""
    train = cases_dir / "polnear" / "train"
    names = sorted(p.stem for p in (train / "text").glob("*.txt"))
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name in names[:count]:
        os.symlink(train / "text" / f"{name}.txt", folder / "text" / f"{name}.txt")
        for ann in (train / "attributions").glob(f"{name}_*.ann"):
            if ann.stem.rsplit("_", 1)[0] == name:
                os.symlink(ann, folder / "attributions" / ann.name)
    unseen = [train / "text" / f"{name}.txt" for name in names[count : count + 3]]
    return folder, unseen


def test_a_model_trained_on_a_polnear_slice_finds_cues_in_articles_it_never_saw(
    service, cases_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder, unseen = polnear_slice(cases_dir, tmp_path / "slice", 25)
    service.import_paths([folder])
    report = train(
        service.store, tmp_path / "model", labels=["Cue", "Source", "Content"], epochs=25
    )
    assert report.train_articles + report.held_out_articles == 25
    model = load_model(tmp_path / "model")
    assert model.origin == "model:model@1"
    gold_folder = cases_dir / "polnear" / "train" / "attributions"
    proposed, gold = [], []
    for number, path in enumerate(unseen):
        text = path.read_text(encoding="utf-8")
        proposal = model.propose(text)
        assert all(0 < span.score <= 1 for span in proposal.spans)
        proposed += [(number, s.start, s.end, s.label) for s in proposal.spans]
        [ann, *_] = sorted(gold_folder.glob(f"{path.stem}_*.ann"))
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            kind, *offsets = fields[1].replace(";", " ").split()
            if kind == "Cue":
                numbers = [int(x) for x in offsets]
                gold.append((number, min(numbers), max(numbers), "Cue"))
    [exact, overlap] = [s for s in score_spans(proposed, gold) if s.label == "Cue"]
    assert overlap.f1 >= 0.4, overlap  # 25 articles teach "said", "told", "according to"
    assert exact.right > 0


def test_cancel_stops_training_and_stores_no_model(
    service, cases_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder, _ = polnear_slice(cases_dir, tmp_path / "slice", 6)
    service.import_paths([folder])
    asked = []

    def progress(what: str, fraction: float) -> bool:
        asked.append(what)
        return not what.startswith("learning")

    with pytest.raises(Cancelled):
        train(service.store, tmp_path / "model", labels=["Cue"], epochs=20, progress=progress)
    assert not list((tmp_path / "model").glob("*.crfsuite"))
    assert not (tmp_path / "model" / "annotator-model.json").exists()
    assert service.store.setting("assist.model_version", 0) == 0


def test_a_model_folder_of_an_earlier_annotator_is_refused_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "pipeline").mkdir()
    meta = {"name": "old", "version": 1, "labels": ["CUE"], "metrics": []}
    (tmp_path / "annotator-model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(AnnotatorError, match="train it again"):
        load_model(tmp_path)


SPEAKERS = ["Ivanov", "Smith", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski"]
MATTERS = ["the bridge", "the budget", "the treaty", "the vote", "the harbour", "the pipeline"]
OUTCOMES = ["was finished", "had failed", "would pass", "was delayed", "was signed"]
PHRASE = "went on record to say"  # a cue of five words no rule knows


def planted_phrase(number: int, nested: bool = False, phrase: str = PHRASE) -> DraftDocument:
    """An article of attributions whose cue is `PHRASE`, with its SOURCE and CLAIM; `nested`
    makes the claim hold the cue of a second attribution ("that Smith claimed ...")."""
    rng = random.Random(number)
    text, spans = "", []
    for _ in range(3):
        text += f"{rng.choice(MATTERS).capitalize()} {rng.choice(OUTCOMES)} on Monday. "
        name, matter, outcome = rng.choice(SPEAKERS), rng.choice(MATTERS), rng.choice(OUTCOMES)
        inner = f"{rng.choice(SPEAKERS)} claimed " if nested else ""
        claim = f"that {inner}{matter} {outcome}"
        sentence = f"{name} {phrase} {claim}. "
        for words, label in ((name, "SOURCE"), (phrase, "CUE"), (claim, "CLAIM")):
            start = len(text) + sentence.index(words)
            spans.append(DraftSpan(start, start + len(words), label))
        if nested:
            start = len(text) + sentence.index("claimed")
            spans.append(DraftSpan(start, start + len("claimed"), "CUE"))
        text += sentence
    return DraftDocument(text=text.strip(), title=f"a{number}", spans=tuple(spans))


def test_a_tiny_model_learns_a_planted_multi_word_cue_with_its_source_in_one_sequence(
    service, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    service.store.insert_documents([planted_phrase(n) for n in range(30)])
    report = train(service.store, tmp_path / "model", labels=["CUE", "SOURCE", "CLAIM"], epochs=30)
    assert report.joint  # the labels never share a token: one tagger for all three
    meta = json.loads((tmp_path / "model" / "annotator-model.json").read_text(encoding="utf-8"))
    assert meta["joint"] is True and meta["version"] == 1
    assert {m["label"] for m in meta["metrics"]} == {"CUE", "SOURCE", "CLAIM"}
    assert [p.name for p in (tmp_path / "model").glob("*.crfsuite")] == ["joint.crfsuite"]
    text = "The dam was closed on Monday. Tanaka went on record to say that the vote had failed."
    spans = load_model(tmp_path / "model").propose(text).spans
    found = {(s.label, text[s.start : s.end]) for s in spans}
    assert ("CUE", PHRASE) in found
    assert ("SOURCE", "Tanaka") in found
    assert ("CLAIM", "that the vote had failed") in found


def test_labels_that_nest_are_learnt_by_one_tagger_each(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service.store.insert_documents([planted_phrase(n, nested=True) for n in range(30)])
    report = train(service.store, tmp_path / "model", labels=["CUE", "CLAIM"], epochs=30)
    assert not report.joint  # a joint sequence would lose every cue inside a claim
    assert report.overlapping_dropped == 0
    assert sorted(p.name for p in (tmp_path / "model").glob("*.crfsuite")) == [
        "CLAIM.crfsuite",
        "CUE.crfsuite",
    ]
    text = "The dam was closed on Monday. Tanaka went on record to say that Smith claimed the vote."
    found = {
        (s.label, text[s.start : s.end]) for s in load_model(tmp_path / "model").propose(text).spans
    }
    assert ("CUE", "claimed") in found  # the cue inside the claim
    assert ("CLAIM", "that Smith claimed the vote") in found


def test_each_annotators_reading_of_an_article_is_learnt_as_its_own_sequence(
    service, cases_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    service.import_paths([cases_dir / "polnear" / "multi"])  # 4 articles, 6 annotators each
    articles = training_articles(service.store, ["Cue", "Source", "Content"])
    assert len(articles) == 24
    assert len({text for text, _ in articles}) == 4


def test_the_stored_model_learns_from_the_held_out_articles_too(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    articles = []
    for number in range(40):  # the made-up cue in, and only in, the articles held out
        rare, usual = planted_phrase(number, phrase="zorbled"), planted_phrase(number)
        if _held_out(rare.text):
            articles.append(rare)
        elif not _held_out(usual.text):
            articles.append(usual)
    service.store.insert_documents(articles)
    report = train(service.store, tmp_path / "model", labels=["CUE", "SOURCE", "CLAIM"], epochs=30)
    [scored] = [s for s in report.scores if s.label == "CUE" and s.measure == "exact"]
    assert scored.gold > 0 and scored.found == 0  # the scoring model never saw "zorbled"
    text = "The dam was closed on Monday. Tanaka zorbled that the vote had failed."
    spans = load_model(tmp_path / "model").propose(text).spans
    assert ("CUE", "zorbled") in {(s.label, text[s.start : s.end]) for s in spans}
