"""Every key sequence in the window does one thing: menus added by different parts never collide."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut


def test_no_two_actions_or_shortcuts_share_a_key(window) -> None:  # type: ignore[no-untyped-def]
    owners: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            continue  # bound to one widget only (a dialog's field), not the window
        for key in action.shortcuts():
            if not key.isEmpty():
                owners[key.toString()].append(action.text().replace("&", ""))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.context() == Qt.ShortcutContext.WidgetShortcut:
            continue
        if not shortcut.key().isEmpty():
            owners[shortcut.key().toString()].append(f"shortcut {shortcut.objectName()}")
    clashes = {key: names for key, names in owners.items() if len(set(names)) > 1}
    assert not clashes, clashes
    assert "Ctrl+Shift+S" in owners and "Ctrl+Shift+G" in owners
