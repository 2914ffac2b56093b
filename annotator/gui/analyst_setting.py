"""The analyst's name in the workbench: asked once on first start, remembered in the settings.

`--analyst` and `$ANNOTATOR_ANALYST` win over the setting (see `service.team.resolve_analyst`);
the first start without either asks, offering the login name, and remembers the answer in the
user's data folder, where the command line finds it too.

Work can be stored before that question: `annotator import` run first (or the default project's
seeds) records the login name. When the first-start name is another, and the login name's layer
is the only analyst's, the analyst is one person with two names: they are offered to take that
layer over (renamed to the new name), not left facing an empty layer while the corpus counts spans.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from annotator.domain.analysts import login_name
from annotator.domain.errors import AnnotatorError
from annotator.gui.plain import ask_yes_no
from annotator.service import ProjectService
from annotator.service.team import remember_analyst, remembered_analyst

SETTING = "analyst"


def name_dialog(parent: QWidget | None, current: str) -> QInputDialog:
    """The question, as a dialog a caller (or a test) can drive."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Your name")
    dialog.setLabelText(
        "Your name as an analyst: every span you make records it, and your annotations\n"
        "are your layer, apart from other analysts'."
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(current)
    return dialog


def remembered() -> str | None:
    """The name kept for every command (`service.team.remembered_analyst`), else the one an
    earlier version kept in Qt's settings only."""
    kept = remembered_analyst()
    if kept is not None:
        return kept
    value = QSettings().value(SETTING)
    if not isinstance(value, str) or not value.strip():
        return None
    with contextlib.suppress(OSError, AnnotatorError):
        remember_analyst(value)  # moved where the command line finds it
    return value


def remember(name: str) -> str:
    """Check and keep the analyst's name, for the workbench and the command line alike;
    returns it, stripped."""
    name = remember_analyst(name)
    QSettings().setValue(SETTING, name)
    return name


def settle_analyst(service: ProjectService, *, given: bool, parent: QWidget | None = None) -> None:
    """Make the window's edits the analyst's: the name given on the command line, else the
    remembered one, else asked now (once) with the login name offered."""
    if given or service.team.fixed_analyst is not None:
        return  # named on the command line, or a server project's login role (ADR 0035)
    name = remembered()
    if name is None:
        dialog = name_dialog(parent, login_name())
        answer = dialog.textValue() if dialog.exec() else login_name()
        try:
            name = remember(answer)
        except AnnotatorError:
            name = remember(login_name())
        offer_login_layer(service, name, parent)
        if parent is not None:
            # Asked over the window as it opened: the keys go back to it (Ctrl+Z, the menus),
            # where no window manager does so (and before the first click where one does).
            parent.activateWindow()
    service.team.act_as(name)


def offer_login_layer(service: ProjectService, name: str, parent: QWidget | None) -> bool:
    """After the first start's answer: offer `name` the work stored under the login name when
    that is the project's only analyst; True when the layer was taken over."""
    login = login_name()
    if name == login or service.store.read_only:
        return False
    layers = {layer.name: layer for layer in service.team.layers()}
    if service.team.analysts() != [login]:
        return False  # no work by the login name, or other analysts' too: not one person's
    found = layers[login]
    if not ask_yes_no(
        parent,
        "Your earlier work",
        f"This project holds work recorded under your login name {login!r}"
        f" ({counted(found.spans, 'span')} in {counted(found.articles, 'article')}), e.g. by"
        " `annotator import` before this first start.\n\n"
        f"Take it over as {name!r}? (No keeps it apart, as another analyst's layer.)",
    ):
        return False
    service.team.rename(login, name)
    return True


def counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
