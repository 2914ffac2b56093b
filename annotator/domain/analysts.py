"""Analysts and layers: whose annotations are whose.

Each analyst's annotations of an article are that analyst's *layer*, named by the analyst; the
curator's settled version is the layer `curated`. A name is plain text, shown as such.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from annotator.domain.errors import AnnotatorError

#: The layer a curator settles the analysts' disagreements into.
CURATED = "curated"

#: The analyst that everything stored before analysts were recorded belongs to (migration m100).
ORIGINAL = "original"

ANALYST_ENV = "ANNOTATOR_ANALYST"


@dataclass(frozen=True, slots=True)
class LayerState:
    """One layer of one article: its status (for `curated`, the curation status), who set it when."""

    document_id: int
    name: str
    status: str
    analyst: str
    created_at: str
    changed_at: str


MAX_NAME = 64


def check_analyst(name: object) -> str:
    """The analyst's name, stripped; refused when empty, too long, `curated` or not printable."""
    if not isinstance(name, str):
        raise AnnotatorError(f"an analyst's name is text, not {name!r}")
    name = name.strip()
    if not name:
        raise AnnotatorError("an analyst's name is empty")
    if len(name) > MAX_NAME:
        raise AnnotatorError(f"an analyst's name is at most {MAX_NAME} characters")
    if not name.isprintable():
        raise AnnotatorError(f"an analyst's name holds control characters: {name!r}")
    if name == CURATED:
        raise AnnotatorError(f"{CURATED!r} is the curated layer, not an analyst's name")
    return name


def check_layer(name: object) -> str:
    """A layer's name: an analyst's, or `curated`."""
    if name == CURATED:
        return CURATED
    return check_analyst(name)


def login_name() -> str:
    """The user's login name, the default analyst (or `analyst` where there is none)."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):
        name = ""
    return name if name and name != CURATED else "analyst"
