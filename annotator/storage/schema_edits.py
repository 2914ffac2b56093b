"""SQL for undoing schema edits that reach into the annotations: which rows a merge moved (to move
them back), and span attribute values renamed or removed with their attribute."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from annotator.storage.repository import ProjectStore

TABLES = ("spans", "relations", "links")


def uses_of(store: ProjectStore, label: str) -> dict[str, list[int]]:
    """The ids of the spans, relations and links carrying `label`, by table."""
    return {
        table: [
            row[0] for row in store.conn.execute(f"SELECT id FROM {table} WHERE label = ?", [label])
        ]
        for table in TABLES
    }


def relabel_rows(store: ProjectStore, label: str, ids: Mapping[str, Sequence[int]]) -> None:
    """Give these rows `label` again (the undo of a merge), inside the caller's transaction."""
    for table in TABLES:
        store.conn.executemany(
            f"UPDATE {table} SET label = ? WHERE id = ?", [(label, i) for i in ids.get(table, ())]
        )


def attribute_values(store: ProjectStore, label: str, name: str) -> list[tuple[int, Any]]:
    """(span id, value) of every span of `label` holding a value for attribute `name`."""
    rows = store.conn.execute(
        "SELECT id, attributes FROM spans WHERE label = ? AND attributes LIKE ?",
        [label, f"%{json.dumps(name)}%"],
    )
    found = []
    for span_id, attributes in rows:
        data = json.loads(attributes or "{}")
        if name in data:
            found.append((span_id, data[name]))
    return found


def move_attribute(
    store: ProjectStore, label: str, old: str, new: str | None
) -> list[tuple[int, Any]]:
    """Rename attribute `old` to `new` in every span of `label` (None: remove it); returns the
    (span id, value) pairs it had, for undo."""
    values = attribute_values(store, label, old)
    for span_id, value in values:
        row = store.conn.execute("SELECT attributes FROM spans WHERE id = ?", [span_id]).fetchone()
        data = json.loads(row[0] or "{}")
        data.pop(old, None)
        if new is not None:
            data[new] = value
        store.conn.execute(
            "UPDATE spans SET attributes = ? WHERE id = ?",
            [json.dumps(data, ensure_ascii=False, sort_keys=True), span_id],
        )
    return values


def put_attribute_values(store: ProjectStore, name: str, values: Sequence[tuple[int, Any]]) -> None:
    """Give these spans their values of attribute `name` back."""
    for span_id, value in values:
        row = store.conn.execute("SELECT attributes FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            continue
        data = json.loads(row[0] or "{}")
        data[name] = value
        store.conn.execute(
            "UPDATE spans SET attributes = ? WHERE id = ?",
            [json.dumps(data, ensure_ascii=False, sort_keys=True), span_id],
        )
