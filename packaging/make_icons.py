"""Render resources/icons/annotator.svg to the PNG sizes desktops and PyInstaller ask for.

Run after changing the SVG (the PNGs are committed, so builds need no SVG renderer):
`QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICONS / "annotator.svg")).render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication([])
    for size in SIZES:
        render(size).save(str(ICONS / f"annotator-{size}.png"))
    # Windows wants an .ico holding several sizes; Qt writes one size per .ico, which Windows scales.
    render(256).save(str(ICONS / "annotator.ico"))


if __name__ == "__main__":
    main()
