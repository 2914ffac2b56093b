"""The SQL of stories (tables `stories` and `story_articles`, made by m111), on the store's connection."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from annotator.domain.errors import AnnotatorError, NotFound
from annotator.domain.stories import Story
from annotator.storage.repository import ProjectStore, now_iso


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a story, as `stories list` and the Stories dock show it."""

    id: int
    title: str
    outlet: str | None
    published: str | None
    source_path: str | None


class StoryStore:
    """Reads and writes stories through a `ProjectStore`'s connection and transactions."""

    def __init__(self, store: ProjectStore) -> None:
        self.store = store

    def stories(self) -> list[Story]:
        """Every story, accepted ones first, then by name."""
        members: dict[int, list[int]] = {}
        for story_id, document_id in self.store.conn.execute(
            "SELECT story_id, document_id FROM story_articles ORDER BY story_id, document_id"
        ):
            members.setdefault(story_id, []).append(document_id)
        rows = self.store.conn.execute(
            "SELECT id, name, suggested FROM stories ORDER BY suggested, lower(name), id"
        ).fetchall()
        return [Story(i, name, tuple(members.get(i, ())), bool(s)) for i, name, s in rows]

    def story(self, story_id: int) -> Story:
        row = self.store.conn.execute(
            "SELECT id, name, suggested FROM stories WHERE id = ?", [story_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no story {story_id}")
        ids = tuple(
            r[0]
            for r in self.store.conn.execute(
                "SELECT document_id FROM story_articles WHERE story_id = ? ORDER BY document_id",
                [story_id],
            )
        )
        return Story(row[0], row[1], ids, bool(row[2]))

    def story_named(self, name: str) -> Story | None:
        row = self.store.conn.execute(
            "SELECT id FROM stories WHERE lower(name) = lower(?)", [name]
        ).fetchone()
        return self.story(row[0]) if row else None

    def next_id(self) -> int:
        return int(
            self.store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM stories").fetchone()[0]
        )

    def write(self, delete: Sequence[int], stories: Sequence[Story]) -> None:
        """Delete the stories `delete`, then store `stories` as given (ids kept); all or nothing.

        Names are checked against the stories' names read once (a query per story scanned the
        table for each: minutes for the 10,000 stories of a 100,000-article suggestion).
        """
        conn = self.store.conn
        with self.store.transaction():
            conn.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in delete])
            holders: dict[str, set[int]] = {}
            name_of: dict[int, str] = {}
            for story_id, name in conn.execute("SELECT id, name FROM stories"):
                holders.setdefault(_nocase(name), set()).add(story_id)
                name_of[story_id] = _nocase(name)
            for story in stories:
                key = _nocase(story.name)
                if holders.get(key, set()) - {story.id}:
                    raise AnnotatorError(f"there is already a story named {story.name!r}")
                if story.id in name_of:
                    holders[name_of[story.id]].discard(story.id)
                holders.setdefault(key, set()).add(story.id)
                name_of[story.id] = key
            created = now_iso()
            conn.executemany(
                "INSERT INTO stories (id, name, suggested, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " suggested = excluded.suggested",
                [(s.id, s.name, int(s.suggested), created) for s in stories],
            )
            conn.executemany(
                "DELETE FROM story_articles WHERE story_id = ?", [(s.id,) for s in stories]
            )
            conn.executemany(
                "INSERT INTO story_articles (story_id, document_id) VALUES (?, ?)",
                [(s.id, d) for s in stories for d in s.document_ids],
            )

    def articles(self, story_id: int) -> list[StoryArticle]:
        """A story's articles by date (undated last), then id."""
        return [
            StoryArticle(*row)
            for row in self.store.conn.execute(
                "SELECT d.id, d.title, d.outlet, d.published, d.source_path FROM story_articles s"
                " JOIN documents d ON d.id = s.document_id WHERE s.story_id = ?"
                " ORDER BY d.published IS NULL, d.published, d.id",
                [story_id],
            )
        ]

    def stories_of(self, document_id: int) -> list[int]:
        return [
            row[0]
            for row in self.store.conn.execute(
                "SELECT story_id FROM story_articles WHERE document_id = ?", [document_id]
            )
        ]

    def accepted_document_ids(self) -> set[int]:
        return {
            row[0]
            for row in self.store.conn.execute(
                "SELECT DISTINCT a.document_id FROM story_articles a JOIN stories s"
                " ON s.id = a.story_id WHERE s.suggested = 0"
            )
        }

    def grouping_inputs(
        self, document_ids: Sequence[int] | None
    ) -> Iterator[tuple[int, str, str | None]]:
        """(id, title and text, date) of the articles to group: those given, or all, read a few
        hundred at a time (100,000 texts are 100 MB and more: grouping keeps only vectors)."""
        conn = self.store.conn
        sql = "SELECT id, title || char(10) || text, published FROM documents"
        if document_ids is None:
            cursor = conn.execute(f"{sql} ORDER BY id")
            while rows := cursor.fetchmany(500):
                yield from rows
            return
        ids = list(document_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            yield from conn.execute(f"{sql} WHERE id IN ({marks}) ORDER BY id", chunk)


def _nocase(name: str) -> str:
    """A name as SQLite's NOCASE compares it: ASCII letters folded, nothing else."""
    return name.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
