"""The content rules `annotator check` reads on a server project, in portable SQL: a sound
project breaks none, on either store; each broken rule is named with its rows."""

from __future__ import annotations

from annotator.service import ProjectService
from annotator.storage.consistency import consistency_problems


def test_a_sound_project_breaks_no_rule_and_a_broken_one_is_named(
    seeded: ProjectService,
) -> None:
    first, second = seeded.document_ids()
    text = seeded.document(first).text
    start = text.index("Moscow")
    here = seeded.add_span(first, start, start + 6, "GPE")
    lavrov = text.index("Sergey Lavrov")
    there = seeded.add_span(first, lavrov, lavrov + 13, "PERSON")
    seeded.add_span(second, 0, 2, "GPE")
    assert consistency_problems(seeded.store) == []

    with seeded.store.transaction():  # what another client could leave behind
        seeded.store._execute("UPDATE spans SET char_end = 10000000 WHERE id = ?", [here.id])
        seeded.store._execute(
            "INSERT INTO links (span_a_id, span_b_id, label, layer, analyst, created_at,"
            " changed_at) VALUES (?, ?, 'SAME_ENTITY', 'x', 'x', 'now', 'now')",
            [here.id, there.id],
        )
    problems = consistency_problems(seeded.store)
    assert f"span {here.id} of article {first} lies outside its text" in problems[0]
    assert problems[1].startswith("link ") and f"one article ({first})" in problems[1]
    assert len(problems) == 2
