"""Several analysts on one project: who is acting, which layers there are, and choosing one.

`Team` is reached from `ProjectService.team`; agreement, merging and curation live in their own
modules beside this one and are reached from here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import paths
from annotator.domain.analysts import ANALYST_ENV, CURATED, check_analyst, check_layer, login_name
from annotator.domain.errors import AnnotatorError
from annotator.formats.registry import writer_named
from annotator.storage import layers as layer_sql

if TYPE_CHECKING:
    from annotator.service.project import ProjectService


def resolve_analyst(explicit: str | None = None, settings: str | None = None) -> str:
    """Who is working: `--analyst`, else `$ANNOTATOR_ANALYST`, else the app's setting (the name
    the workbench asked, `remembered_analyst`), else the login name."""
    remembered = settings if settings is not None else remembered_analyst()
    for candidate in (explicit, os.environ.get(ANALYST_ENV), remembered):
        if candidate is not None and candidate.strip():
            return check_analyst(candidate)
    return login_name()


def remembered_analyst() -> str | None:
    """The name the workbench asked on its first start (None before it, or when unreadable):
    kept in a file of the user's data folder, not Qt's settings, so that `annotator import`
    after that start records the same analyst as the window, not the login name."""
    try:
        name = paths.analyst_name_file().read_text(encoding="utf-8").strip()
        return check_analyst(name) if name else None
    except (OSError, UnicodeError, AnnotatorError):
        return None


def remember_analyst(name: str) -> str:
    """Keep `name` (checked, stripped) as the analyst for every later start and command."""
    name = check_analyst(name)
    target = paths.analyst_name_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".analyst-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(name + "\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def fixed_analyst(login: str, explicit: str | None = None) -> str:
    """The analyst on a server project with roles: the login role. A name given otherwise
    (`--analyst`, `$ANNOTATOR_ANALYST`) is refused, not silently replaced: the server holds
    the role to its own layer whatever name the app would record (ADR 0035)."""
    for candidate in (explicit, os.environ.get(ANALYST_ENV)):
        if candidate is not None and candidate.strip() and candidate.strip() != login:
            raise AnnotatorError(
                f"you are connected as {login}, and on this server project your analyst name is"
                f" your login role: working as {candidate.strip()!r} is refused (connect as"
                f" {candidate.strip()} for that, or leave out --analyst)"
            )
    return login


class Team:
    """The analysts and layers of one open project."""

    def __init__(self, service: ProjectService) -> None:
        self.service = service
        self.store = service.store

    def act_as(self, analyst: str) -> None:
        """From now on, edits are `analyst`'s, in their layer (the workbench's chosen name)."""
        name = check_analyst(analyst)
        login = self.fixed_analyst
        if login is not None and name != login:
            raise AnnotatorError(
                f"you are connected as {login}: on this server project your analyst name is your"
                f" login role, not {name!r}"
            )
        if (self.store.analyst, self.store.layer) != (name, name):
            self.store.analyst = self.store.layer = name
            self.service._reload_schema()  # views reread what they show, now of this layer

    @property
    def fixed_analyst(self) -> str | None:
        """The analyst this project holds the connection to (its login role on a server
        project with roles), None where the analyst is the user's to choose."""
        return getattr(self.store, "login_analyst", None)

    def layers(self) -> list[layer_sql.LayerSummary]:
        """Every layer of the project: analysts by name, `curated` last."""
        return layer_sql.layer_summaries(self.store)

    def analysts(self) -> list[str]:
        """The analysts who have a layer (not `curated`)."""
        return [s.name for s in self.layers() if s.name != CURATED]

    def layers_of(self, document_id: int) -> list[layer_sql.LayerRow]:
        return layer_sql.layers_of(self.store, document_id)

    def export_layer(
        self, analyst: str | None, layer: str | None, *, format_name: str | None = None
    ) -> str | None:
        """The layer an export takes: `--analyst NAME` or `--layer NAME`; with neither, the
        project's only layer (None: read as stored, exactly as before layers), every layer for
        the lossless bundle, or a refusal."""
        if analyst is not None and layer is not None and analyst != layer:
            raise AnnotatorError("give --analyst or --layer, not both")
        chosen = analyst if analyst is not None else layer
        names = [s.name for s in self.layers()]
        if chosen is not None:
            chosen = check_layer(chosen)
            if chosen not in names:
                known = ", ".join(names) or "none"
                raise AnnotatorError(f"the project has no layer {chosen!r} (layers: {known})")
            return chosen if len(names) > 1 else None
        lossless = format_name is not None and writer_named(format_name).lossless
        if len(names) > 1 and not lossless:
            raise AnnotatorError(
                f"the project holds the layers of several analysts ({', '.join(names)}):"
                " choose one with --analyst NAME, or --layer curated"
            )
        return None

    def rename(self, old: str, new: str) -> int:
        """Give `old`'s layers to `new` (e.g. `original`, after migration, to yourself)."""
        old, new = check_analyst(old), check_analyst(new)
        if self.fixed_analyst is not None:  # the server would move none of another's rows
            raise AnnotatorError(
                "on this server project layers are renamed by its owner (an analyst's layer is"
                " named by their login role)"
            )
        if old not in self.analysts():
            raise AnnotatorError(f"no analyst {old!r} in the project")
        moved = layer_sql.rename_layer(self.store, old, new)
        self.service._reload_schema()  # views reread what they show
        return moved

    def merge(self, other: Any) -> Any:
        """Bring in the layers of another project file (see `annotator.service.merge`)."""
        from annotator.service.merge import merge_project

        return merge_project(self.service, other)

    @property
    def curation(self) -> Any:
        """Adjudication into the `curated` layer (`annotator.service.curation.Curation`)."""
        from annotator.service.curation import Curation

        return Curation(self.service)

    def agreement(self, **options: Any) -> Any:
        from annotator.service.agreement import compute_agreement

        return compute_agreement(self.store, **options)
