"""Services: the one façade (`ProjectService`) over storage and formats, for the CLI and the GUI."""

from annotator.service.project import ProjectService, load_preset

__all__ = ["ProjectService", "load_preset"]
