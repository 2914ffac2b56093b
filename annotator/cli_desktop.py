"""`annotator install-desktop`: the menu entry, icon and project file type for this install."""

from __future__ import annotations

import click

from annotator.service import desktop_integration


@click.command("install-desktop")
@click.option("--uninstall", is_flag=True, help="Remove what install-desktop wrote.")
def install_desktop_command(uninstall: bool) -> None:
    """Add annotator to your application menu and open *.annotator.db files with it.

    Files go under $XDG_DATA_HOME (~/.local/share): applications/, icons/hicolor/, mime/packages/
    and metainfo/. The menu entry runs this install of annotator (the bundle or the environment it
    was installed into).
    """
    if uninstall:
        removed = desktop_integration.uninstall()
        click.echo(f"removed {len(removed)} files" if removed else "nothing to remove")
        return
    written = desktop_integration.install()
    click.echo(f"installed {len(written)} files under {desktop_integration.data_home()}")
    click.echo(f"menu entry runs: {desktop_integration.launcher()} gui")
