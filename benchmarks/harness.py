"""The shared harness: timing, the BENCH line, the corpus generator.

Every benchmark prints one line
`BENCH name=<name> value=<v> unit=<u> baseline=<b> ratio=<r> goal=<g>`, where `ratio` is always
"how many times worse than the baseline" (value/baseline for times, baseline/value for rates), so
>1 is worse and the goal is a bound on the ratio (or on the value, when the goal has a unit).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    goal: str

    def line(self) -> str:
        def fmt(x: float | None) -> str:
            return "none" if x is None else f"{x:.4g}"

        return (
            f"BENCH name={self.name} value={fmt(self.value)} unit={self.unit}"
            f" baseline={fmt(self.baseline)} ratio={fmt(self.ratio)} goal={self.goal}"
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


WORDS = [
    "the",
    "minister",
    "said",
    "that",
    "talks",
    "with",
    "Washington",
    "would",
    "continue",
    "despite",
    "sanctions",
    "and",
    "the",
    "agency",
    "quoted",
    "officials",
    "as",
    "saying",
    "opposition",
    "forces",
    "had",
    "agreed",
    "to",
    "a",
    "ceasefire",
    "in",
    "Aleppo",
    "while",
    "reporters",
    "in",
    "Moscow",
    "heard",
    "the",
    "spokesman",
    "deny",
    "claims",
    "about",
    "troops",
    "near",
    "the",
    "border",
]


def article_text(rng: random.Random, size: int = 3000) -> str:
    """A made-up article of about `size` characters: a title line, then paragraphs."""
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)
    title = " ".join(words[:8]).capitalize()
    paragraphs = [text[i : i + 600] for i in range(0, len(text), 600)]
    return title + "\n\n" + "\n\n".join(paragraphs)


def corpus(count: int, size: int = 3000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [article_text(rng, size) for _ in range(count)]
