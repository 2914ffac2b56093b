"""annotator: a workbench for labelling claims, sources and entities in news articles."""

__version__ = "0.1.0"
