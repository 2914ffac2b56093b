"""Undo commands for schema edits: every change the schema editor makes is on the undo stack.

A change of the schema alone is undone by putting back the schema as it was before
(`SchemaCommand`); renames, merges and attribute renames and removals, which reach into the
annotations, have exact inverses (see `annotator.service.schema_editing`).
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.domain.labels import LabelSchema
from annotator.gui.commands import EditCommand
from annotator.service import ProjectService
from annotator.service.schema_editing import MergeUndo, RemovedAttribute


class SchemaCommand(EditCommand):
    """Any edit that changes only the schema: `action` makes it the first time."""

    def __init__(self, service: ProjectService, text: str, action: Callable[[], object]) -> None:
        super().__init__(service, text)
        self._action = action
        self._before: LabelSchema | None = None
        self._after: LabelSchema | None = None

    def do(self) -> None:
        self._before = self.service.schema
        self._action()
        self._after = self.service.schema

    def redo_again(self) -> None:
        assert self._after is not None
        self.service.schema_edits.replace_schema(self._after)

    def undo_edit(self) -> None:
        assert self._before is not None
        self.service.schema_edits.replace_schema(self._before)


class RenameLabelCommand(EditCommand):
    def __init__(self, service: ProjectService, old: str, new: str) -> None:
        super().__init__(service, f"Rename {old} to {new}")
        self._names = (old, new)

    def do(self) -> None:
        self.service.rename_label(*self._names)

    def undo_edit(self) -> None:
        old, new = self._names
        self.service.rename_label(new, old)


class MergeLabelCommand(EditCommand):
    def __init__(self, service: ProjectService, name: str, into: str) -> None:
        super().__init__(service, f"Merge {name} into {into}")
        self._names = (name, into)
        self._undo: MergeUndo | None = None

    def do(self) -> None:
        self._undo = self.service.schema_edits.merge_label(*self._names)

    def undo_edit(self) -> None:
        assert self._undo is not None
        self.service.schema_edits.unmerge(self._undo)


class RenameAttributeCommand(EditCommand):
    def __init__(self, service: ProjectService, label: str, old: str, new: str) -> None:
        super().__init__(service, f"Rename {label}'s {old} to {new}")
        self._request = (label, old, new)

    def do(self) -> None:
        self.service.schema_edits.rename_attribute(*self._request)

    def undo_edit(self) -> None:
        label, old, new = self._request
        self.service.schema_edits.rename_attribute(label, new, old)


class RemoveAttributeCommand(EditCommand):
    def __init__(self, service: ProjectService, label: str, name: str) -> None:
        super().__init__(service, f"Remove {label}'s {name}")
        self._request = (label, name)
        self._removed: RemovedAttribute | None = None

    def do(self) -> None:
        self._removed = self.service.schema_edits.remove_attribute(*self._request)

    def undo_edit(self) -> None:
        assert self._removed is not None
        self.service.schema_edits.restore_attribute(self._removed)
