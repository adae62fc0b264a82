"""The foreground server helpers of `ghgi lab` and `ghgi review`: SIGTERM ends the wait with
exit 0, and the child is stopped (killed when it ignores SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from inventory.servers import serve_until_stopped, stop_process

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
STUBBORN = [sys.executable, "-c",
            "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "print('ready', flush=True); time.sleep(60)"]


def test_sigterm_ends_the_wait_with_0_and_the_child_is_stopped():
    before = signal.getsignal(signal.SIGTERM)
    proc = subprocess.Popen(SLEEPER)

    def term_once_the_wait_listens():
        # only once serve_until_stopped has its handler: a SIGTERM before would end pytest
        while signal.getsignal(signal.SIGTERM) == before:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=term_once_the_wait_listens, daemon=True).start()
    try:
        assert serve_until_stopped(proc) == 0
    finally:
        stop_process(proc)
    assert proc.returncode == -signal.SIGTERM
    # the previous SIGTERM handler is back
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_child_that_ignores_sigterm_is_killed():
    proc = subprocess.Popen(STUBBORN, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"     # its handler is installed
    stop_process(proc, grace=0.5)
    assert proc.returncode == -signal.SIGKILL


def test_a_finished_child_keeps_its_exit_code():
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    assert serve_until_stopped(proc) == 3
    stop_process(proc)
    assert proc.returncode == 3
