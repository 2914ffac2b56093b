"""Storage: the project's SQLite file, its migrations, and all SQL."""

from annotator.storage.repository import DocumentRow, ProjectStore

__all__ = ["DocumentRow", "ProjectStore"]
