"""A server project's keys and id sequences read from its catalog (what opening an up-to-date
project uses, instead of deriving the schema from the steps) are the derived ones."""

from __future__ import annotations

import pytest

from annotator.storage import pg_schema


def test_keys_and_id_tables_read_from_the_server_are_the_derived_ones(
    pg_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    derived_keys = {t.name: t.primary_key for t in pg_schema.sqlite_tables() if t.primary_key}
    derived_ids = frozenset(t.name for t in pg_schema.sqlite_tables() if t.has_id_sequence)
    monkeypatch.setattr(pg_schema, "_KNOWN", {})
    with psycopg.connect(pg_target) as conn:
        pg_schema.learn_from_server(conn)
    read = pg_schema.primary_keys()
    assert {name: read[name] for name in derived_keys} == derived_keys
    assert pg_schema.id_tables() == derived_ids
