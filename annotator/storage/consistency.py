"""What `annotator check` asks of a server project: the rules the app keeps that the server's
keys and checks do not (ADR 0042). A project file is checked by SQLite's own integrity check
(`storage/recovery.py`); a server keeps its pages sound itself, so there the check is of the
content: counts kept in step, spans inside their article, relations and links joining the spans
they should. Portable SQL, read-only, on the store's connection."""

from __future__ import annotations

from annotator.storage.base import StoreBase

#: (what is wrong, as a sentence with the row's fields, the query yielding those fields)
_RULES: tuple[tuple[str, str], ...] = (
    (
        "article {0} counts {1} spans but has {2}",
        "SELECT d.id, d.span_count, count(s.id) FROM documents d"
        " LEFT JOIN spans s ON s.document_id = d.id"
        " GROUP BY d.id, d.span_count HAVING d.span_count <> count(s.id) ORDER BY d.id",
    ),
    (
        "span {0} of article {1} lies outside its text ({2}–{3} of {4} characters)",
        "SELECT s.id, s.document_id, s.char_start, s.char_end, length(d.text) FROM spans s"
        " JOIN documents d ON d.id = s.document_id"
        " WHERE s.char_start < 0 OR s.char_end <= s.char_start OR s.char_end > length(d.text)"
        " ORDER BY s.id",
    ),
    (
        "span {0} of article {1} keeps a copy of its text that differs from the article's",
        "SELECT s.id, s.document_id FROM spans s JOIN documents d ON d.id = s.document_id"
        " WHERE s.char_end <= length(d.text)"
        " AND substr(d.text, CAST(s.char_start + 1 AS INTEGER),"
        " CAST(s.char_end - s.char_start AS INTEGER)) <> s.text"
        " ORDER BY s.id",
    ),
    (
        "relation {0} of article {1} joins a span of another article",
        "SELECT r.id, r.document_id FROM relations r"
        " JOIN spans h ON h.id = r.head_span_id JOIN spans c ON c.id = r.child_span_id"
        " WHERE h.document_id <> r.document_id OR c.document_id <> r.document_id ORDER BY r.id",
    ),
    (
        "link {0} joins two spans of one article ({1})",
        "SELECT l.id, a.document_id FROM links l"
        " JOIN spans a ON a.id = l.span_a_id JOIN spans b ON b.id = l.span_b_id"
        " WHERE a.document_id = b.document_id ORDER BY l.id",
    ),
)

#: At most this many problems of one kind are listed (then how many more there are).
SHOWN = 20


def consistency_problems(store: StoreBase) -> list[str]:
    """Every rule broken, a sentence each (the first `SHOWN` of a kind, then a count)."""
    problems: list[str] = []
    for sentence, sql in _RULES:
        rows = store._execute(sql).fetchall()
        problems.extend(sentence.format(*row) for row in rows[:SHOWN])
        if len(rows) > SHOWN:
            problems.append(f"… and {len(rows) - SHOWN} more like the last")
    return problems
