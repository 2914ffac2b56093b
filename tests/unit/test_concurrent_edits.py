"""Two windows (or two analysts' curators) changing the same span at once: the later change, made
from what the window showed before the other one's, is refused with a message, never written
over it (a version a span, m150). Runs on a project file and on a server project."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService
from tests.conftest import SEEDS


def test_a_stale_change_of_a_span_is_refused_and_the_other_change_is_kept(
    service: ProjectService, project_target: Any
) -> None:
    (document_id,) = service.import_paths([SEEDS / "000_7f3ecc1138e4dd58.txt"]).document_ids
    span = service.add_span(document_id, 0, 6, "CLAIM")
    other = ProjectService.open(project_target, create=False, analyst=service.analyst)
    try:
        shown_here = service.span(span.id)  # type: ignore[arg-type]
        shown_there = other.span(span.id)  # type: ignore[arg-type]
        other.update_span(replace(shown_there, note="checked by the desk"))
        with pytest.raises(AnnotatorError, match=r"changed elsewhere .* since it was shown"):
            service.update_span(replace(shown_here, label="SOURCE"))
        stored = service.span(span.id)  # type: ignore[arg-type]
        assert (stored.label, stored.note) == ("CLAIM", "checked by the desk")
        # Made again from the span as it is now, the change goes through.
        service.update_span(replace(stored, label="SOURCE"))
        assert other.span(span.id).label == "SOURCE"  # type: ignore[arg-type]
    finally:
        other.close()


def test_undo_and_redo_of_a_change_are_not_refused_as_stale(service: ProjectService) -> None:
    (document_id,) = service.import_paths([SEEDS / "000_7f3ecc1138e4dd58.txt"]).document_ids
    span = service.add_span(document_id, 0, 6, "CLAIM")
    after = replace(service.span(span.id), note="a note")  # type: ignore[arg-type]
    before = service.update_span(after)
    service.update_span(before)  # undo
    service.update_span(replace(after, version=None))  # redo, as the undo command does
    assert service.span(span.id).note == "a note"  # type: ignore[arg-type]
    service.relabel_span(span.id, "SOURCE")  # type: ignore[arg-type]
    service.relabel_span(span.id, "CLAIM")  # type: ignore[arg-type]
    assert service.span(span.id).label == "CLAIM"  # type: ignore[arg-type]
