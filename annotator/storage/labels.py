"""The label schema as stored (table `labels`): reading it, saving it, renaming, merging and deleting labels."""

from __future__ import annotations

import json

from annotator.domain.errors import AnnotatorError
from annotator.domain.labels import AttributeSpec, Label, LabelSchema
from annotator.storage.base import StoreBase
from annotator.storage.rows import (
    to_json,
)


class LabelInUse(AnnotatorError):
    """A label still carried by a span, relation or link cannot be deleted."""


class Labels(StoreBase):
    """The project's labels, each in one transaction."""

    def load_schema(self) -> LabelSchema:
        rows = self._execute(
            "SELECT name, kind, hotkey, color, description, attributes, head_labels,"
            " child_labels, retired FROM labels ORDER BY position, " + self.dialect.insertion_order
        ).fetchall()
        return LabelSchema(
            tuple(
                Label(
                    name=row[0],
                    kind=row[1],
                    hotkey=row[2],
                    color=row[3],
                    description=row[4],
                    attributes=tuple(AttributeSpec.from_json(a) for a in json.loads(row[5])),
                    head_labels=tuple(json.loads(row[6])),
                    child_labels=tuple(json.loads(row[7])),
                    retired=bool(row[8]),
                )
                for row in rows
            )
        )

    def save_schema(self, schema: LabelSchema) -> None:
        """Store every label of `schema` (insert or update by name), in the schema's order.

        Labels of the project that `schema` leaves out are kept: removing a label is `delete_label`.
        """
        with self.transaction():
            for position, label in enumerate(schema.labels):
                self._execute(
                    "INSERT INTO labels (name, kind, hotkey, color, description, position,"
                    " attributes, head_labels, child_labels, retired)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
                    " hotkey = excluded.hotkey, color = excluded.color,"
                    " description = excluded.description, position = excluded.position,"
                    " attributes = excluded.attributes, head_labels = excluded.head_labels,"
                    " child_labels = excluded.child_labels, retired = excluded.retired",
                    [
                        label.name,
                        label.kind,
                        label.hotkey,
                        label.color,
                        label.description,
                        position,
                        to_json([spec.to_json() for spec in label.attributes]),
                        to_json(list(label.head_labels)),
                        to_json(list(label.child_labels)),
                        int(label.retired),
                    ],
                )

    def rename_label(self, old: str, new: str) -> None:
        """Rename a label; spans, relations and links follow (ON UPDATE CASCADE)."""
        with self.transaction():
            self._execute("UPDATE labels SET name = ? WHERE name = ?", [new, old])

    def label_uses(self) -> dict[str, tuple[int, int, int]]:
        """For every label in use: how many (spans, relations, links) carry it."""
        uses: dict[str, list[int]] = {}
        for column, table in enumerate(("spans", "relations", "links")):
            for name, count in self._execute(f"SELECT label, count(*) FROM {table} GROUP BY label"):
                uses.setdefault(name, [0, 0, 0])[column] = count
        return {name: (a, b, c) for name, (a, b, c) in uses.items()}

    def merge_label(self, old: str, into: str) -> int:
        """Move every use of `old` to `into` and delete `old`; returns how many uses moved."""
        with self.transaction():
            moved = 0
            for table in ("spans", "relations", "links"):
                moved += self._execute(
                    f"UPDATE {table} SET label = ? WHERE label = ?", [into, old]
                ).rowcount
            self._execute("DELETE FROM labels WHERE name = ?", [old])
        return moved

    def delete_label(self, name: str) -> None:
        """Delete an unused label (a used one is refused by the foreign keys: `LabelInUse`)."""
        try:
            with self.transaction():
                self._execute("DELETE FROM labels WHERE name = ?", [name])
        except self.integrity_errors:
            raise LabelInUse(f"label {name} is in use") from None
