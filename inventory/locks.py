"""One writer per run folder, and finding what interrupted runs left behind.

:func:`run_lock` holds an exclusive lock on ``<project outputs>/.<run id>.lock`` while a run
folder is built: a second compile with the same run id fails at once with a message, instead
of losing its work at the final rename minutes later. The lock is an ``flock`` on POSIX, so a
process that dies (even by SIGKILL) releases it; the file itself may stay and is removed by the
next run of that id or by ``ghgi clean``.

:func:`stale_temporaries` lists the hidden temporary run folders (``.<run id>.*.tmp``, made by
:func:`inventory.atomic.atomic_dir`) and lock files under an outputs root that no running
process holds: what a SIGKILL or a power cut leaves.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from inventory.errors import InputError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows: exclusive creation only
    fcntl = None

__all__ = ["run_lock", "lock_path", "is_locked", "stale_temporaries", "Stale", "remove_stale"]


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def run_lock(target: Path | str) -> Iterator[Path]:
    """Hold the lock of run folder ``target`` (see the module docstring)."""
    target = Path(target)
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if fcntl is None else 0)
        try:
            fd = os.open(path, flags, 0o644)
        except FileExistsError:
            raise InputError(f"run '{target.name}' is being written by another process "
                             f"(lock {path})", str(target),
                             "another --run-id, or 'ghgi clean' if no run is going on") from None
        if not _try_lock(fd):
            holder = os.read(fd, 64).decode(errors="ignore").strip() or "?"
            os.close(fd)
            raise InputError(f"run '{target.name}' is being written by another process "
                             f"(pid {holder})", str(target),
                             "another --run-id, or wait until that run has finished")
        try:  # the file we locked must still be the one at the path (no unlink race)
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield path
    finally:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        os.close(fd)


def is_locked(path: Path) -> bool:
    """Whether a live process holds the lock file ``path``."""
    if fcntl is None:
        return path.exists()
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        if _try_lock(fd):
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        return True
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Stale:
    path: Path
    kind: str          # "run folder" (temporary) | "lock" | "file" (temporary)
    bytes: int


def _size(p: Path) -> int:
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def stale_temporaries(out_root: Path | str) -> list[Stale]:
    """Temporary run folders, temporary files and lock files under ``out_root/<project>/``
    that no running process holds (a run in progress holds its lock)."""
    root = Path(out_root)
    found: list[Stale] = []
    if not root.is_dir():
        return found
    for project in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        hidden = [p for p in sorted(project.iterdir()) if p.name.startswith(".")]
        held = [p.name[1:-len(".lock")] for p in hidden
                if p.name.endswith(".lock") and is_locked(p)]
        for p in hidden:
            if p.name.endswith(".lock"):
                if p.name[1:-len(".lock")] not in held:
                    found.append(Stale(p, "lock", 0))
            elif p.name.endswith(".tmp") and not _held(p, held):
                found.append(Stale(p, "run folder" if p.is_dir() else "file", _size(p)))
    return found


def _held(tmp: Path, held: list[str]) -> bool:
    return any(tmp.name.startswith(f".{run_id}.") for run_id in held)


def remove_stale(items: list[Stale]) -> int:
    """Delete what :func:`stale_temporaries` found (rechecking each lock); returns bytes freed."""
    freed = 0
    for s in items:
        if s.kind == "lock":
            if not is_locked(s.path):
                s.path.unlink(missing_ok=True)
            continue
        held = [p.name[1:-len(".lock")] for p in s.path.parent.glob(".*.lock") if is_locked(p)]
        if _held(s.path, held):
            continue
        freed += s.bytes
        if s.path.is_dir():
            shutil.rmtree(s.path, ignore_errors=True)
        else:
            s.path.unlink(missing_ok=True)
    return freed
