"""Writing a file so that it is either the complete old version or the complete new one.

Every file the wizard writes (records, drafts, the config, exports) goes through `atomic_write_bytes`:
the data go to a hidden temporary file beside the target, are fsynced, and are renamed over it (or
hard-linked, when an existing file must not be replaced); the directory is fsynced after. What a
killed writer leaves behind is swept by the next write into that directory.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wizard.core.errors import RecordExistsError, WriteError, os_reason

#: A temporary file of `atomic_write_text`: `.wizard-<target name>.<pid of the writer>.<random>.wizard-tmp`,
#: hidden and next to its target (a rename is atomic only within one file system). The prefix and
#: suffix are the wizard's own, so the sweep never takes another program's `.something.123.x.tmp`.
TEMP_PREFIX, TEMP_SUFFIX = ".wizard-", ".wizard-tmp"
TEMP_FILE_RE = re.compile(r"\A\.wizard-(?P<target>.+)\.(?P<pid>[0-9]{1,10})\.[a-z0-9_]{6,}\.wizard-tmp\Z")
#: A temporary file whose writer still seems to run is stale after this long anyway (pids are reused).
STALE_TEMP_SECONDS = 3600.0
#: Directories this process already cleared of stale temporary files (see `remove_stale_temp_files`).
_swept: set[str] = set()


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False,
                      before_replace: Callable[[], None] | None = None) -> None:
    """Write a text file (UTF-8) so that it is either the complete old version or the complete new
    one; see `atomic_write_bytes`."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise WriteError(f"{path}: cannot write: the text holds a character that is not valid Unicode "
                         f"(at {exc.start}); nothing was changed") from None
    atomic_write_bytes(path, data, overwrite=overwrite, before_replace=before_replace)


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False,
                       before_replace: Callable[[], None] | None = None) -> None:
    """Write a file so that it is either the complete old version or the complete new one.

    The data go to a hidden temporary file in the same directory, are flushed and fsynced, then
    renamed over the target (or, when not overwriting, hard-linked to it, which fails if the
    target exists). The temporary file is removed whatever happens, short of the process being
    killed; the first write of a process into a directory removes what killed writers left there.
    `before_replace` runs once the new data are on disk, just before the rename; what it raises
    (such as `file_guard.ConflictError`) leaves the target untouched.
    """
    path = Path(path)
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{directory}: cannot create directory: {os_reason(exc)}") from None
    if not overwrite and path.exists():
        raise RecordExistsError(f"{path}: already exists (not replaced)")
    key = os.path.abspath(directory)
    if key not in _swept:
        _swept.add(key)
        remove_stale_temp_files(directory)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                          dir=directory)
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private (0600); a record is meant to be shared and committed, so
            # give it the mode of the file it replaces, or the one the umask gives a new file.
            os.fchmod(handle.fileno(), _mode_for(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        if overwrite:
            os.replace(tmp_name, path)
        else:
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                raise RecordExistsError(f"{path}: already exists (not replaced)") from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # A filesystem without hard links: fall back to a rename after the check above.
                os.replace(tmp_name, path)
                tmp_name = None
        _fsync_dir(directory)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {os_reason(exc)}; nothing was changed") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            except OSError:
                pass


def remove_file(path: Path) -> None:
    """Delete a file; one that is not there is fine, any other failure is a one-line `WriteError`."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise WriteError(f"{path}: cannot delete: {os_reason(exc)}") from None


def remove_stale_temp_files(directory: Path) -> list[Path]:
    """Remove the temporary files that writers killed mid-write (SIGKILL, power loss) left in
    `directory`: ours by name, of a process that no longer runs or older than an hour. Returns them."""
    removed: list[Path] = []
    try:
        with os.scandir(directory) as entries:
            candidates = [e for e in entries if e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return removed
    now = time.time()
    for entry in candidates:
        found = TEMP_FILE_RE.match(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if _pid_alive(int(found["pid"])) and now - info.st_mtime < STALE_TEMP_SECONDS:
            continue  # another process is writing it right now
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # no cheap check there: only the age counts
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError):
        return False
    except OSError:
        return True  # EPERM: it runs, as another user
    return True


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
