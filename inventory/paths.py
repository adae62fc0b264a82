"""Names that become paths, and paths that must stay where they belong.

* :func:`slugify`: a project name, party or id as one safe file-name part. Unicode letters
  and digits are kept (a Chinese party name keeps its characters in the CRT file names: file
  systems allow them); everything else becomes ``_``; the result is capped in characters and
  in UTF-8 bytes (255 bytes is the usual file-name limit).
* :func:`check_path_part`: an id given by the user that becomes one folder name (``--run-id``,
  the project ``name``): refused when it could leave its parent (``..``, a separator, an
  absolute path), rather than silently rewritten.
* :func:`confined`: a path that must stay under a root (inputs under the project folder,
  run folders under the outputs root), symlinks resolved.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from inventory.errors import InputError

__all__ = ["slugify", "check_path_part", "confined", "is_inside", "MAX_SLUG_CHARS"]

MAX_SLUG_CHARS = 80
_MAX_SLUG_BYTES = 160            # leaves room for prefixes and suffixes within 255 bytes
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)
_RUNS = re.compile(r"_+")


def slugify(text: str, fallback: str = "x", max_chars: int = MAX_SLUG_CHARS) -> str:
    """``text`` as one safe file-name part: Unicode letters, digits, ``_``, ``-`` and ``.``
    kept (NFC), every other run of characters ``_``; no leading/trailing ``._-``; at most
    ``max_chars`` characters and 160 UTF-8 bytes; ``fallback`` when nothing is left."""
    t = unicodedata.normalize("NFC", str(text))
    t = _RUNS.sub("_", _UNSAFE.sub("_", t)).strip("._-")
    t = t[:max_chars]
    while len(t.encode("utf-8")) > _MAX_SLUG_BYTES:
        t = t[:-1]
    t = t.strip("._-")
    return t or fallback


def check_path_part(value: str, what: str, where: str) -> str:
    """``value`` if it is usable as one folder name inside its parent; else an InputError
    saying why (a separator, ``..``, a leading dot, control characters) and suggesting the
    slug."""
    v = str(value)
    problem = None
    if not v.strip():
        problem = "is empty"
    elif "/" in v or "\\" in v or v.startswith("~"):
        problem = "contains a path separator (it would leave the outputs folder)"
    elif v in (".", "..") or v.startswith("."):
        problem = "starts with '.' (a hidden folder or a way out of the outputs folder)"
    elif any(unicodedata.category(ch).startswith("C") for ch in v):
        problem = "contains control characters"
    elif len(v) > MAX_SLUG_CHARS or len(v.encode("utf-8")) > _MAX_SLUG_BYTES:
        problem = f"is longer than {MAX_SLUG_CHARS} characters"
    if problem:
        raise InputError(f"{what} {v[:60]!r}{'...' if len(v) > 60 else ''} {problem}", where,
                         f"letters, digits, '-', '_' or '.', e.g. '{slugify(v)}'")
    return v


def is_inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (symlinks resolved) lies under ``root`` (resolved)."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


def confined(path: Path | str, root: Path | str, what: str, where: str,
             hint: str = "") -> Path:
    """``path`` when it stays under ``root`` once symlinks and ``..`` are resolved; else an
    InputError naming both."""
    path, root = Path(path), Path(root)
    if not is_inside(path, root):
        raise InputError(f"{what} {str(path)!r} leaves {root}: it resolves to "
                         f"{path.resolve()}", where, hint or f"a path inside {root}")
    return path
