"""The SQL of stories (tables `stories` and `story_articles`, made by m111), on the store's connection."""

from __future__ import annotations

from collections.abc import Sequence
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
        """Delete the stories `delete`, then store `stories` as given (ids kept); all or nothing."""
        conn = self.store.conn
        with self.store.transaction():
            for story_id in delete:
                conn.execute("DELETE FROM stories WHERE id = ?", [story_id])
            for story in stories:
                clash = conn.execute(
                    "SELECT id FROM stories WHERE lower(name) = lower(?) AND id != ?",
                    [story.name, story.id],
                ).fetchone()
                if clash is not None:
                    raise AnnotatorError(f"there is already a story named {story.name!r}")
                conn.execute(
                    "INSERT INTO stories (id, name, suggested, created_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                    " suggested = excluded.suggested",
                    [story.id, story.name, int(story.suggested), now_iso()],
                )
                conn.execute("DELETE FROM story_articles WHERE story_id = ?", [story.id])
                conn.executemany(
                    "INSERT INTO story_articles (story_id, document_id) VALUES (?, ?)",
                    [(story.id, d) for d in story.document_ids],
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
    ) -> list[tuple[int, str, str | None]]:
        """(id, title and text, date) of the articles to group: those given, or all."""
        conn = self.store.conn
        sql = "SELECT id, title || char(10) || text, published FROM documents"
        if document_ids is None:
            return list(conn.execute(f"{sql} ORDER BY id"))
        found: list[tuple[int, str, str | None]] = []
        ids = list(document_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.extend(conn.execute(f"{sql} WHERE id IN ({marks}) ORDER BY id", chunk))
        return found
