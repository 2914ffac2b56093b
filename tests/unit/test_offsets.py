"""Code points and UTF-16 code units, converted in one place, checked against Python's own codec."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.offsets import Utf16Map

TRICKY = ["🇷🇺", "👨‍👩‍👧", "𝐁", "e\u0301", "\u00a0", "\r\n", "\u2029", "שלום", "a", " ", "\n"]
texts = st.lists(st.sampled_from(TRICKY) | st.text(max_size=3), max_size=30).map("".join)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_code_point_offsets_round_trip_through_utf16(text: str, data: st.DataObject) -> None:
    mapping = Utf16Map(text)
    assert mapping.utf16_length == utf16_length(text)
    offset = data.draw(st.integers(0, len(text)))
    u16 = mapping.to_utf16(offset)
    assert u16 == utf16_length(text[:offset])
    assert mapping.from_utf16(u16) == offset
    assert not mapping.is_inside_pair(u16)


def test_an_offset_inside_a_surrogate_pair_falls_back_to_the_pair_start() -> None:
    text = "a𝐁b"
    mapping = Utf16Map(text)
    assert mapping.to_utf16(2) == 3  # b sits after the two code units of 𝐁
    assert mapping.is_inside_pair(2)
    assert mapping.from_utf16(2) == 1
    assert text[mapping.from_utf16(3)] == "b"
