"""Schema edits made undoable, and the questions the schema editor asks before one.

Reached as `ProjectService.schema_edits`. An edit that changes only the schema (add, recolour,
re-key, retire, delete an unused label, a preset, an attribute added, the labels a relation may
join) is undone by putting the whole schema back (`replace_schema`). Edits that reach into the
annotations have an exact inverse here: a merge remembers which rows it moved, an attribute renamed
or removed remembers the spans' values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.labels import AttributeSpec, Label, LabelSchema
from annotator.storage import schema_edits
from annotator.storage.labels import LabelInUse

if TYPE_CHECKING:
    from annotator.service.project import ProjectService


@dataclass(frozen=True)
class MergeUndo:
    """What a merge of `name` moved, to move it back."""

    name: str
    schema: LabelSchema
    ids: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class RemovedAttribute:
    label: str
    spec: AttributeSpec
    position: int
    values: list[tuple[int, Any]]


class SchemaEdits:
    def __init__(self, service: ProjectService) -> None:
        self._service = service

    def replace_schema(self, schema: LabelSchema) -> LabelSchema:
        """Make `schema` the project's schema, labels it lacks deleted (they must be unused);
        returns the schema as it was."""
        service = self._service
        before = service.schema
        gone = [label.name for label in before if label.name not in schema]
        try:
            with service.store.transaction():
                for name in gone:
                    service.store.delete_label(name)
                service.store.save_schema(schema)
        except LabelInUse:
            raise AnnotatorError(f"labels in use cannot be removed: {', '.join(gone)}") from None
        service._reload_schema()
        return before

    def merge_label(self, name: str, into: str) -> MergeUndo:
        """`ProjectService.merge_label`, remembering which spans, relations and links moved."""
        service = self._service
        before = service.schema
        ids = schema_edits.uses_of(service.store, name)
        service.merge_label(name, into)
        return MergeUndo(name, before, ids)

    def unmerge(self, undo: MergeUndo) -> None:
        """Bring a merged label back with exactly the rows that carried it."""
        service = self._service
        with service.store.transaction():
            service.store.save_schema(undo.schema)
            schema_edits.relabel_rows(service.store, undo.name, undo.ids)
        service._reload_schema()

    # -- attributes ----------------------------------------------------------------------------

    def add_attribute(self, label_name: str, spec: AttributeSpec) -> None:
        label = self._label(label_name)
        if label.attribute(spec.name) is not None:
            raise AnnotatorError(f"{label.name} already has an attribute {spec.name!r}")
        self._service.save_label(replace(label, attributes=(*label.attributes, spec)))

    def rename_attribute(self, label_name: str, old: str, new: str) -> None:
        """Rename an attribute; the spans' values follow it."""
        label = self._label(label_name)
        spec = label.attribute(old)
        if spec is None:
            raise AnnotatorError(f"{label.name} has no attribute {old!r}")
        if new != old and label.attribute(new) is not None:
            raise AnnotatorError(f"{label.name} already has an attribute {new!r}")
        renamed = replace(spec, name=new)  # refuses an empty name
        attributes = tuple(renamed if s.name == old else s for s in label.attributes)
        service = self._service
        with service.store.transaction():
            service.store.save_schema(
                service.schema.with_label(replace(label, attributes=attributes))
            )
            schema_edits.move_attribute(service.store, label.name, old, new)
        service._reload_schema()

    def remove_attribute(self, label_name: str, name: str) -> RemovedAttribute:
        """Remove an attribute and the spans' values of it; the result brings both back."""
        label = self._label(label_name)
        spec = label.attribute(name)
        if spec is None:
            raise AnnotatorError(f"{label.name} has no attribute {name!r}")
        position = label.attributes.index(spec)
        attributes = tuple(s for s in label.attributes if s.name != name)
        service = self._service
        with service.store.transaction():
            service.store.save_schema(
                service.schema.with_label(replace(label, attributes=attributes))
            )
            values = schema_edits.move_attribute(service.store, label.name, name, None)
        service._reload_schema()
        return RemovedAttribute(label.name, spec, position, values)

    def restore_attribute(self, removed: RemovedAttribute) -> None:
        label = self._label(removed.label)
        attributes = list(label.attributes)
        attributes.insert(removed.position, removed.spec)
        service = self._service
        with service.store.transaction():
            service.store.save_schema(
                service.schema.with_label(replace(label, attributes=tuple(attributes)))
            )
            schema_edits.put_attribute_values(service.store, removed.spec.name, removed.values)
        service._reload_schema()

    def attribute_value_count(self, label_name: str, name: str) -> int:
        """How many spans hold a value of this attribute (what removing it would take away)."""
        return len(schema_edits.attribute_values(self._service.store, label_name, name))

    # -- which labels a relation or link label joins -------------------------------------------

    def set_joins(
        self, label_name: str, heads: Sequence[str], children: Sequence[str] = ()
    ) -> None:
        """The span labels a relation label goes from (`heads`) and to (`children`), or that a
        link label joins (`heads`, either end); empty: any."""
        label = self._label(label_name)
        if label.kind == "span":
            raise AnnotatorError(f"{label.name} is a span label: it joins nothing")
        schema = self._service.schema
        for name in (*heads, *children):
            schema.require(name, "span")
        self._service.save_label(
            replace(
                label,
                head_labels=tuple(heads),
                child_labels=tuple(children) if label.kind == "relation" else (),
            )
        )

    # -- presets -------------------------------------------------------------------------------

    def preset_hotkey_moves(self, name: str) -> list[str]:
        """What loading preset `name` would do to hotkeys already in use, one line each."""
        from annotator.service.project import load_preset

        preset = load_preset(name)
        schema = self._service.schema
        taken = {(label.kind, label.hotkey): label.name for label in preset if label.hotkey}
        moves = []
        for label in schema:
            if label.hotkey is None or label.retired:
                continue
            override = preset.get(label.name)
            if override is not None:
                if override.hotkey != label.hotkey:
                    now = override.hotkey or "no key"
                    moves.append(f"{label.name}: key {label.hotkey} → {now}")
                continue
            holder = taken.get((label.kind, label.hotkey))
            if holder is not None:
                moves.append(
                    f"{label.name} loses key {label.hotkey} (the preset gives it to {holder})"
                )
        return moves

    def _label(self, name: str) -> Label:
        label = self._service.schema.get(name)
        if label is None:
            raise AnnotatorError(f"label {name!r} is not in the project's schema")
        return label
