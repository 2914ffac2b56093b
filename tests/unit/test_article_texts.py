"""The article texts a project keeps in memory: read once while they fit, the least recently used
dropped first when they do not (texts never change after import)."""

from __future__ import annotations

from annotator.service.article_texts import ArticleTexts


def _counting(texts: dict[int, str]) -> tuple[ArticleTexts, list[int]]:
    reads: list[int] = []

    def read(document_id: int) -> str:
        reads.append(document_id)
        return texts[document_id]

    return ArticleTexts(read, budget_characters=100), reads


def test_labelling_articles_in_turn_reads_each_text_once() -> None:
    texts, reads = _counting({n: f"article {n:02d}" for n in range(8)})  # 10 characters each
    for _ in range(5):
        for n in range(8):
            assert texts(n) == f"article {n:02d}"
    assert reads == list(range(8))


def test_past_the_budget_the_text_used_longest_ago_is_read_again() -> None:
    texts, reads = _counting({n: str(n) * 40 for n in range(3)})
    texts(0)
    texts(1)
    texts(0)  # used again: 1 is now the oldest
    texts(2)  # 120 characters: 1 goes
    assert len(texts) == 2
    texts(0)
    texts(1)
    assert reads == [0, 1, 2, 1]


def test_a_text_longer_than_the_budget_is_still_kept_while_it_is_used() -> None:
    texts, reads = _counting({1: "x" * 500, 2: "y" * 10})
    texts(1)
    texts(1)
    texts(2)
    assert reads == [1, 2] and len(texts) == 1
