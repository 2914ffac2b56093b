"""annotator: a workbench for labelling claims, sources and entities in news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    # One source for the version: the package metadata, written from pyproject.toml by the build
    # (and copied into the bundle by the PyInstaller spec).
    __version__ = version("annotator")
except PackageNotFoundError:  # a source tree on sys.path without an install
    __version__ = "0+unknown"
