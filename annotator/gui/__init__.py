"""The Qt workbench: views over the project, talking to it only through `ProjectService`.

The only package of annotator that imports PySide6.
"""
