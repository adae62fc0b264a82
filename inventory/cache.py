"""A per-user cache folder for results that are pure functions of files and code.

``$GHGI_CACHE_DIR/<name>`` or ``<temp>/ghgi-<uid>/<name>``, created private to the user
(mode 0700) and used only if the user owns it; ``GHGI_CACHE_DIR=off`` turns every cache off.
Users: great-expectations reports of unchanged inputs (``validation``), the parsed default
factor tables (``factors``), the IPCC 2006 codes and titles (``categories``). Our entries
are keyed by a SHA-256 of everything they depend on, so a stale entry is never read, only
left behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["cache_dir"]


def cache_dir(name: str) -> Path | None:
    """The cache folder ``name`` (made if needed); None when caching is off or the folder
    cannot be made private to this user."""
    env = os.environ.get("GHGI_CACHE_DIR", "")
    if env.lower() in ("off", "0", "none", "false"):
        return None
    uid = os.getuid() if hasattr(os, "getuid") else 0
    root = Path(env) if env else Path(tempfile.gettempdir()) / f"ghgi-{uid}"
    folder = root / name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if hasattr(os, "getuid") and (root.stat().st_uid != uid or folder.stat().st_uid != uid):
            return None   # someone else's folder: never trust its entries
    except OSError:
        return None
    return folder
