"""Putting an export where the user said, without destroying anything on the way.

A regular file (or folder) is written beside the destination under a temporary name and moved over
it only when complete. What `-o` names decides how:

- a symlink: its target is written (the link stays a link);
- a named pipe, a device, a socket, or anything under `/dev` and `/proc` (`/dev/stdout`,
  `/dev/null`): written into, never replaced;
- a folder export swaps the new folder with the old in one step (Linux `renameat2` exchange), so
  the folder is never missing; where that is not possible, files are moved into it one by one.

A temporary file is held under an advisory lock while it is written. An export killed outright
(kill -9, power loss) leaves its temporary behind unlocked; the next export to the same place
removes such leftovers, so none stays for ever.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import AnnotatorError

try:
    import fcntl
except ImportError:  # Windows: leftovers are recognised by age alone
    fcntl = None  # type: ignore[assignment]

#: Every temporary an export makes is named `.NAME` + this + something random.
TEMP_MARK = ".annotator-tmp-"
#: A leftover younger than this may be a temporary another export has only just made.
_GRACE_SECONDS = 5.0
#: Without advisory locks, a leftover is one older than this.
_UNLOCKED_AGE_SECONDS = 24 * 3600.0


def written_in_place(destination: Path) -> bool:
    """True for what must be written into, never replaced: pipes, devices, `/dev/…`, `/proc/…`."""
    if str(destination).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(destination).st_mode  # follows symlinks: `-o link-to-a-fifo` too
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def real_destination(destination: Path) -> Path:
    """Where the bytes go: the file a symlink (or a chain of them) points to."""
    if destination.is_symlink():
        return Path(os.path.realpath(destination))
    return destination


def _usual_mode(target: Path, folder: bool) -> int:
    """The mode the file would have had if written in place: the old one's, else the umask's."""
    if target.exists():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def _lock(fd: int) -> bool:
    """Take the advisory lock on an open temporary; False if another process holds it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove temporaries of earlier exports to `target` that nobody is writing any more."""
    removed: list[Path] = []
    try:
        candidates = list(target.parent.glob(f".{target.name}{TEMP_MARK}*"))
    except OSError:
        return removed
    now = time.time()
    for candidate in candidates:
        try:
            age = now - candidate.lstat().st_mtime
        except OSError:
            continue
        if age < _GRACE_SECONDS or (fcntl is None and age < _UNLOCKED_AGE_SECONDS):
            continue
        try:
            fd = os.open(candidate, os.O_RDONLY)
        except OSError:
            continue
        try:
            if not _lock(fd):
                continue  # an export running now
            if candidate.is_dir():
                shutil.rmtree(candidate, ignore_errors=True)
            else:
                candidate.unlink(missing_ok=True)
            removed.append(candidate)
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDONLY)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)


def write_file(
    destination: Path, binary: bool, write: Callable[[IO[Any]], None], finish: Callable[[], None]
) -> None:
    """Write a file export: into a pipe or device as is, else through a temporary and a rename."""
    if written_in_place(destination):
        try:
            with open(  # a device or pipe: written into, never replaced
                destination,
                "wb" if binary else "w",
                encoding=None if binary else "utf-8",
                newline=None if binary else "\n",
            ) as handle:
                write(handle)
                finish()
        except OSError as error:
            raise AnnotatorError(f"cannot write: {error.strerror}", path=str(destination)) from None
        return
    target = real_destination(destination)
    if target.is_dir():
        raise AnnotatorError("is a folder; name a file to write", path=str(destination))
    if not target.parent.is_dir():
        raise AnnotatorError("the folder to write into does not exist", path=str(destination))
    remove_leftovers(target)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept past `with` for os.replace
            "wb" if binary else "w",
            encoding=None if binary else "utf-8",
            newline=None if binary else "\n",
            dir=target.parent,
            prefix=f".{target.name}{TEMP_MARK}",
            delete=False,
        )
    except OSError as error:
        raise AnnotatorError(
            f"cannot write beside it: {error.strerror}", path=str(destination)
        ) from None
    try:
        with handle:
            _lock(handle.fileno())
            write(handle)
            finish()
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _usual_mode(target, folder=False))  # temp files are 0600
        os.replace(handle.name, target)
    except OSError as error:  # a full disk, a quota: the earlier file is as it was
        Path(handle.name).unlink(missing_ok=True)
        kept = "; the earlier file is as it was" if target.exists() else ""
        raise AnnotatorError(
            f"cannot write: {error.strerror or error}{kept}", path=str(destination)
        ) from None
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_folder(
    destination: Path, write: Callable[[Path], None], finish: Callable[[], None]
) -> None:
    """Write a folder export into a fresh folder beside the old, then put it in the old one's place."""
    if written_in_place(destination):
        raise AnnotatorError("is not a folder; this format writes a folder", path=str(destination))
    target = real_destination(destination)
    if not target.parent.is_dir():
        raise AnnotatorError("the folder to write into does not exist", path=str(destination))
    remove_leftovers(target)
    try:
        fresh = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}{TEMP_MARK}"))
    except OSError as error:  # a read-only folder: name what the user named, not our temporary
        raise AnnotatorError(
            f"cannot write beside it: {error.strerror}", path=str(destination)
        ) from None
    try:
        with _locked(fresh):
            write(fresh)
            finish()
            os.chmod(fresh, _usual_mode(target, folder=True))
            if not target.exists():
                os.replace(fresh, target)
            elif exchange(fresh, target):
                shutil.rmtree(fresh, ignore_errors=True)  # now holding the earlier export
            else:
                _move_into(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _move_into(fresh: Path, target: Path) -> None:
    """Where folders cannot be exchanged: replace the files one by one, then drop the old ones."""
    written = set()
    for entry in sorted(fresh.iterdir()):
        os.replace(entry, target / entry.name)
        written.add(entry.name)
    for entry in target.iterdir():
        if entry.name not in written and entry.is_file():
            entry.unlink()
    shutil.rmtree(fresh, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux `renameat2`); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
