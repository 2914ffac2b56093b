"""Moving a span's edge by a visible character or a word, in code points."""

from __future__ import annotations

import pytest

from annotator.domain.extent import char_left, char_right, moved_extent, snapped_edge

TEXT = "Lavrov said the talks would go on."


@pytest.mark.parametrize(
    ("edge", "step", "by_word", "expected"),
    [
        ("end", 1, False, (0, 7)),  # "Lavrov "
        ("end", -1, False, (0, 5)),  # "Lavro"
        ("end", 1, True, (0, 11)),  # "Lavrov said"
        ("start", 1, False, (1, 6)),  # "avrov"
        ("start", 1, True, None),  # the next word starts after the span's end
    ],
)
def test_one_edge_moves_by_a_character_or_a_word(edge, step, by_word, expected) -> None:  # type: ignore[no-untyped-def]
    assert moved_extent(TEXT, 0, 6, edge, step, by_word=by_word) == expected


def test_word_steps_shrink_and_grow_from_inside_the_text() -> None:
    said_the = (7, 15)  # "said the"
    assert moved_extent(TEXT, *said_the, "end", -1, by_word=True) == (7, 11)  # "said"
    assert moved_extent(TEXT, *said_the, "start", -1, by_word=True) == (0, 15)  # "Lavrov said the"
    assert moved_extent(TEXT, *said_the, "start", 1, by_word=True) == (12, 15)  # "the"


def test_a_span_never_becomes_empty_or_leaves_the_text() -> None:
    assert moved_extent(TEXT, 0, 1, "end", -1) is None
    assert moved_extent(TEXT, 0, 1, "start", 1) is None
    assert moved_extent(TEXT, 0, 6, "start", -1) is None
    assert moved_extent(TEXT, 30, len(TEXT), "end", 1) is None


def test_a_step_keeps_marks_emoji_and_crlf_whole() -> None:
    text = "Cafe\u0301 👍🏽 x👨\u200d👩\u200d👧 ok\r\nnext 𝐀b"
    e_acute_end = text.index("\u0301") + 1
    assert char_right(text, 3) == e_acute_end  # e + combining acute
    assert char_left(text, e_acute_end) == 3
    thumb = text.index("👍")
    assert char_right(text, thumb) == thumb + 2  # with its skin tone
    family = text.index("👨")
    assert char_right(text, family) == family + 5  # man ZWJ woman ZWJ girl
    assert char_left(text, family + 5) == family
    crlf = text.index("\r\n")
    assert char_right(text, crlf) == crlf + 2
    assert char_left(text, crlf + 2) == crlf
    bold_a = text.index("𝐀")
    assert char_right(text, bold_a) == bold_a + 1  # one astral letter is one code point


def test_a_dragged_edge_takes_the_whole_word_it_falls_in() -> None:
    assert snapped_edge(TEXT, 9, "end") == 11  # inside "said"
    assert snapped_edge(TEXT, 9, "start") == 7
    assert snapped_edge(TEXT, 11, "end") == 11  # already between words
