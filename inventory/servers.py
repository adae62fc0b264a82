"""The foreground server processes (`ghgi lab`, `ghgi review`): wait for the child until the
user stops it (Ctrl-C or SIGTERM), then stop the child, politely first."""

from __future__ import annotations

import signal
import subprocess

__all__ = ["serve_until_stopped", "stop_process"]


def serve_until_stopped(proc: subprocess.Popen) -> int:
    """Wait for ``proc``; Ctrl-C or SIGTERM to this process ends the wait with 0 (the caller
    then stops the child), so neither leaves a traceback or an orphaned server."""

    def on_term(signum, _frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread
        previous = None
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def stop_process(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM, ``grace`` seconds to shut down (a Jupyter server stops its kernels), then
    SIGKILL."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
