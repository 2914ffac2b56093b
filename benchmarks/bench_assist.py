"""Suggesting on one 5 KB article once the proposers are loaded: the built-in rules, a model
trained on the project (a small one, trained here on generated articles: its size, not its
quality, sets the time), and both stored as suggestions through the service. The baseline is
spaCy's blank tokenizer alone on the same text, measured in the same run. Goal: ≤ 100 ms.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from benchmarks.harness import Result, article_text, best_of

GOAL_SECONDS = 0.100


def run() -> list[Result]:
    from annotator.domain.model import DraftDocument, DraftSpan
    from annotator.service import ProjectService
    from annotator.service.assist.model import load_model, train
    from annotator.service.assist.proposing import proposers, suggest
    from annotator.service.assist.rules import propose_attribution, tokenize

    rng = random.Random(12)
    text = article_text(rng, 5_000)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        service = ProjectService.open(Path(folder) / "bench.db")
        drafts = []
        for _ in range(30):
            body = article_text(rng, 2_000)
            spans = []
            for word in ("said", "told"):
                at = body.find(f" {word} ")
                if at >= 0:
                    spans.append(DraftSpan(at + 1, at + 1 + len(word), "CUE"))
            drafts.append(DraftDocument(text=body, spans=tuple(spans)))
        service.store.insert_documents(drafts)
        train(service.store, Path(folder) / "model", labels=["CUE", "SOURCE", "CLAIM"], epochs=30)
        model = load_model(Path(folder) / "model")
        propose_attribution(text)  # load once
        model.propose(text)
        baseline = best_of(5, lambda: tokenize(text))
        for name, action in (
            ("assist_rules_5kb", lambda: propose_attribution(text)),
            ("assist_model_5kb", lambda: model.propose(text)),
        ):
            value = best_of(5, action)
            results.append(
                Result(name, value, "s", baseline, value / baseline, f"<={GOAL_SECONDS}s")
            )
        [document_id] = service.store.insert_documents([DraftDocument(text=text)])
        chosen = proposers(service, rules=True, patterns=True, model=model)

        def stored() -> None:
            suggest(service, chosen, [document_id])

        value = best_of(1, stored)  # the first run stores; later runs would find them there
        results.append(
            Result(
                "assist_suggest_and_store_5kb",
                value,
                "s",
                baseline,
                value / baseline,
                f"<={GOAL_SECONDS}s",
            )
        )
        service.close()
    return results
