"""Assisted labelling: suggestions from rules, user patterns and a model trained on the project,
accepted or rejected by the analyst, and measured against gold (issue 12)."""

from annotator.service.assist.suggestions import Accepted, ProposeReport, Rejected, Suggestions

__all__ = ["Accepted", "ProposeReport", "Rejected", "Suggestions"]
