"""``ghgi report annual|quick|outlook <project>`` and ``ghgi review-outlook <run folder>``,
registered through the core's subcommand registry (:mod:`inventory.commands`)."""

from __future__ import annotations

import time
from pathlib import Path

from inventory.commands import Command, register_command

__all__ = ["run_report"]


def _add_arguments(p) -> None:
    p.add_argument("kind", choices=("annual", "quick", "outlook"))
    p.add_argument("project", type=Path, help="a timely-accounts project folder (timely.yml)")
    p.add_argument("--out", type=Path, default=Path("outputs"))
    p.add_argument("--run-id")
    p.add_argument("--recompile", action="store_true",
                   help="compile the inventories even if a run with the same inputs exists")
    p.add_argument("--against", type=Path,
                   help="quick: an earlier quick report run folder for the revision table")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes for the CRT workbooks of the inventories it "
                        "compiles (as ghgi compile --jobs: default the cores; 1 = in process)")


def run_report(args) -> int:
    from inventory.jobs import check_jobs
    from timely.report import REPORTS

    t = time.perf_counter()
    kw = {"run_id": args.run_id, "recompile": args.recompile,
          "progress": lambda m: print(f"  {m}", flush=True)}
    if check_jobs(getattr(args, "jobs", None)) is not None:
        kw["jobs"] = args.jobs
    if args.kind == "quick" and args.against is not None:
        kw["against"] = args.against
    folder = REPORTS[args.kind](args.project, args.out, **kw)
    print(f"{folder}  ({time.perf_counter() - t:.1f} s)")
    return 0


def _add_review_arguments(p) -> None:
    p.add_argument("run", type=Path, help="an outlook report run folder")
    p.add_argument("--port", type=int, default=8867)


def _review(args) -> int:
    from timely.review import serve

    return serve(args.run, port=args.port)


register_command(Command("report", "timely carbon-emission accounts: annual report, quick "
                         "report (proxies, electricity-carbon model), outlook (projection "
                         "and early warning)", _add_arguments, run_report))
register_command(Command("review-outlook", "the early-warning view of an outlook report "
                         "(Voila, 127.0.0.1)", _add_review_arguments, _review))
