"""The sector stage on an existing distributed engine: Dask distributed, regions as partitions.

``ghgi compile <project> --cluster local[:N]`` (a :class:`distributed.LocalCluster` of N
worker processes on this machine) or ``--cluster tcp://scheduler:8786`` (a running Dask
scheduler and its workers, started with ``dask scheduler`` / ``dask worker``; see
docs/distributed.md) runs the sectors of the compile on the cluster, one task per region.

What runs where:

* **client** (the ``ghgi`` process): intake and validation, the time-series rules, the
  factor database and tier plan (built once), then, after the gather, everything that needs
  all regions at once: staging each sector's rows, the sector products (the energy
  reference approach and QA tables, IPPU double counting, ...), combine (CRT code, CO2-eq),
  the checks, the analyses (key categories, uncertainty, trends, recalculations) and the
  report (CRT workbooks, aggregates, manifest). The run folder is written only here, as in the
  single-machine path, and it is still atomic: a failure leaves nothing half-written.
* **workers**: :func:`region_task`, i.e. :func:`inventory.pipeline.compute_sector` for every
  sector over one region's activity rows -> that region's emission rows with provenance and
  background tables. It is the function the single-machine path calls with all regions.

The factor database, the tier plan, the sector options and the list of sectors go to every
worker once (``Client.scatter(..., broadcast=True)``); each task carries one region's
activity rows only. Workers find the sectors the way the client does, through the
``ghgi.sectors`` entry points of the installed packages (a sector registered explicitly in the
client with :func:`inventory.plugins.register_sector` travels with the broadcast); before any
task runs, every worker is asked for its workbench version and sectors, and a worker that
differs from the client stops the compile with one message.

Scheduling, retries, data movement and worker management are Dask's; this module only
partitions, submits, gathers and turns cluster failures (a bad address, a scheduler or all
workers gone) into the project's one-line :class:`~inventory.errors.InputError`.

Results equal the single-machine compile row for row (the same function on the same rows);
a few values differ in the last bits (about 1e-15 relative) because numpy sums a region's
array in a different order than the all-regions array, and the rows of a sector come
region by region (the run folder's tables are compared sorted, as
``/work/tools/compare_runs.py`` does).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from inventory import schema
from inventory.errors import InputError

__all__ = ["ClusterSpec", "parse_cluster", "connect", "region_task", "run_sector_stage",
           "worker_info", "CONNECT_TIMEOUT", "NO_WORKER_TIMEOUT", "CLUSTER_EXPECTED"]

CONNECT_TIMEOUT = 10.0     # s to reach a scheduler
NO_WORKER_TIMEOUT = 30.0   # s a scheduler may have no worker (at the start or while running)
CLUSTER_EXPECTED = ("local, local:N (N worker processes on this machine) or the address of a "
                    "running Dask scheduler, e.g. tcp://scheduler:8786 (docs/distributed.md)")
_SCHEMES = ("tcp", "tls", "ws", "wss", "inproc", "ucx")


@dataclass(frozen=True)
class ClusterSpec:
    """``--cluster``: a local cluster of ``workers`` processes, or a scheduler ``address``."""

    text: str
    address: str | None = None
    workers: int | None = None

    @property
    def local(self) -> bool:
        return self.address is None


def parse_cluster(text: str) -> ClusterSpec:
    """``local``, ``local:N`` or a scheduler address (``tcp://host:port``; ``host:port`` is
    taken as tcp); anything else is an :class:`InputError` naming what is expected."""
    t = str(text).strip()
    m = re.fullmatch(r"local(?::(\d+))?", t)
    if m:
        n = int(m.group(1)) if m.group(1) else None
        if n is not None and n < 1:
            raise InputError(f"{text}: no workers", "--cluster", CLUSTER_EXPECTED)
        return ClusterSpec(t, None, n)
    if "://" in t:
        scheme, _, rest = t.partition("://")
        ok = scheme in _SCHEMES and bool(re.fullmatch(r"[A-Za-z0-9_.\-\[\]:]+/?", rest))
        address = t.rstrip("/")
    else:   # host:port, as dask takes it: tcp
        ok = bool(re.fullmatch(r"[A-Za-z0-9_.\-]+:\d{1,5}", t))
        address = f"tcp://{t}"
    if not ok:
        raise InputError(f"{text!r} is not a cluster", "--cluster", CLUSTER_EXPECTED)
    return ClusterSpec(t, address, None)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


@contextmanager
def connect(spec: ClusterSpec, progress=None):
    """A :class:`distributed.Client` on the cluster (a local cluster is started here and
    closed afterwards); yields ``(client, description)``."""
    import logging

    from distributed import Client, LocalCluster

    say = progress or (lambda _m: None)
    if spec.local:
        n = spec.workers or os.cpu_count() or 1
        say(f"starting a local Dask cluster of {n} worker process(es)")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        try:
            with Client(cluster) as client:
                yield client, {"cluster": spec.text, "scheduler": "local"}
        finally:
            cluster.close()
        return
    say(f"connecting to the Dask scheduler at {spec.address}")
    try:
        client = Client(spec.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach a Dask scheduler at {spec.address}: {_first_line(exc)}",
                         "--cluster", CLUSTER_EXPECTED) from None
    try:
        yield client, {"cluster": spec.address, "scheduler": spec.address}
    finally:
        client.close()


# ------------------------------------------------------------------ on the workers
def worker_info(explicit: tuple = ()) -> dict:
    """What a worker has installed (runs on each worker before any task)."""
    from inventory import __version__
    from inventory.plugins import register_sector, sector_names

    have = set(sector_names())
    for s in explicit:
        if s.name not in have:
            register_sector(s)
    return {"version": __version__, "sectors": list(sector_names())}


def region_task(activity: pd.DataFrame, shared: dict) -> dict[str, tuple]:
    """One task: one region's activity rows -> ``{sector: (emission rows, background tables)}``
    through :func:`inventory.pipeline.compute_sector`, the function of the single-machine
    path. ``shared`` (broadcast once): factors, plan, options, sectors, explicit plug-ins."""
    from inventory.pipeline import compute_sector

    worker_info(shared["explicit"])
    return {s: compute_sector(activity, s, shared["factors"], shared["plan"],
                              shared["options"])
            for s in shared["sectors"]}


# ------------------------------------------------------------------ on the client
def _gone(spec: ClusterSpec, exc: BaseException | str) -> InputError:
    what = exc if isinstance(exc, str) else _first_line(exc)
    return InputError(f"the Dask cluster {spec.text} went away during the sector stage "
                      f"({what}); nothing was written", "--cluster",
                      "a scheduler and workers that stay up for the compile, or no --cluster")


def _check_workers(client, spec: ClusterSpec, sectors: tuple[str, ...], explicit: tuple
                   ) -> dict:
    """Every worker runs the same workbench version and finds the same sectors."""
    from inventory import __version__

    try:
        client.wait_for_workers(1, timeout=NO_WORKER_TIMEOUT)
    except (TimeoutError, OSError) as exc:
        raise InputError(f"the Dask scheduler at {spec.text} has no workers "
                         f"({_first_line(exc)})", "--cluster",
                         "workers started with 'dask worker <scheduler address>'") from None
    try:
        info = client.run(worker_info, explicit)
    except (ImportError, AttributeError) as exc:
        raise InputError(f"the Dask workers cannot import the workbench: {_first_line(exc)}",
                         "--cluster", "the workbench installed on every worker from the same "
                         "requirements.lock (docs/distributed.md)") from None
    for worker, got in sorted(info.items()):
        missing = sorted(set(sectors) - set(got["sectors"]))
        if got["version"] != __version__ or missing:
            problem = (f"sectors {', '.join(missing)} missing" if missing else
                       f"workbench {got['version']}, this process {__version__}")
            raise InputError(f"Dask worker {worker} differs from this process: {problem}",
                             "--cluster", "the same workbench and sector packages on every "
                             "worker (the same requirements.lock, docs/distributed.md)")
    return info


def _gather(client, futures: list, spec: ClusterSpec) -> list:
    """Wait for the tasks; a cluster with no workers left for NO_WORKER_TIMEOUT, a closed
    scheduler or a task lost with its workers becomes one :class:`InputError`. An error
    raised inside a task (bad input, a missing parameter) comes back as itself."""
    from distributed import wait
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    lost = (OSError, TimeoutError, CommClosedError, KilledWorker, asyncio.CancelledError,
            concurrent.futures.CancelledError)
    alone_since = None
    try:
        while True:
            try:
                wait(futures, timeout=2.0)
                break
            except TimeoutError:
                if client.status != "running":
                    raise _gone(spec, "the client lost its scheduler") from None
                workers = client.scheduler_info(n_workers=-1).get("workers", {})
                if workers:
                    alone_since = None
                elif alone_since is None:
                    alone_since = time.monotonic()
                elif time.monotonic() - alone_since > NO_WORKER_TIMEOUT:
                    raise _gone(spec, f"no workers for {NO_WORKER_TIMEOUT:.0f} s") from None
    except InputError:
        raise
    except lost as exc:
        raise _lost(spec, exc) from None
    # an exception raised by a task itself (an OSError reading a file included) is the
    # task's own error, never "the cluster went away"
    failed = [f for f in futures if f.status == "error"]
    if failed:
        failed[0].result()
    try:
        return client.gather(futures)
    except lost as exc:
        raise _lost(spec, exc) from None


def _lost(spec: ClusterSpec, exc: BaseException) -> InputError:
    reason = re.search(r"reason: ([\w-]+)", str(exc))   # futures cancelled: why
    return _gone(spec, f"tasks cancelled: {reason.group(1)}" if reason else exc)


def run_sector_stage(run, cluster: str | ClusterSpec) -> dict[str, tuple]:
    """The sectors of ``run`` on the cluster, one task per region; returns
    ``{sector: (emissions, tables)}`` for :meth:`inventory.pipeline.Run.sector` and records
    the engine on ``run.engine`` (it goes into the manifest)."""
    import distributed

    from inventory.pipeline import sectors_in_order
    from inventory.plugins import _EXPLICIT

    spec = cluster if isinstance(cluster, ClusterSpec) else parse_cluster(cluster)
    sectors = sectors_in_order()
    explicit = tuple(_EXPLICIT.values())
    act = run.activity
    regions = [r for r in run.project.region_codes if (act["region"] == r).any()]
    regions += sorted(set(act["region"].astype(str)) - set(regions))
    shared = {"factors": run.factors, "plan": run.plan, "options": run.project.options,
              "sectors": sectors, "explicit": explicit}
    with connect(spec, run.progress) as (client, where):
        info = _check_workers(client, spec, sectors, explicit)
        try:
            [shared_f] = client.scatter([shared], broadcast=True, hash=False)
            parts = client.scatter([act[(act["region"] == r).to_numpy()] for r in regions],
                                   hash=False)
            futures = [client.submit(region_task, part, shared_f, pure=False,
                                     key=f"ghgi-sectors-{run.run_id}-{r}")
                       for r, part in zip(regions, parts, strict=True)]
        except (OSError, TimeoutError) as exc:
            raise _gone(spec, exc) from None
        run.progress(f"computing {', '.join(sectors)}: {len(regions)} region(s) on "
                     f"{len(info)} Dask worker(s)")
        results = _gather(client, futures, spec)
    run.engine = {"sectors": "dask.distributed", **where, "workers": len(info),
                  "partitions": "region", "tasks": len(regions),
                  "distributed": distributed.__version__}
    out = {}
    for s in sectors:
        frames = [res[s][0] for res in results]
        em = schema.concat_emissions(frames)
        if len(em):
            em = schema.ensure_valid(em, "emissions")
        tables: dict[str, list] = {}
        for res in results:
            for name, parts_ in res[s][1].items():
                tables.setdefault(name, []).extend(parts_)
        out[s] = (em, tables)
    return out
