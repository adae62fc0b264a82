"""``ghgi``: the command line of the GHG Inventory Workbench.

    ghgi run <project>        execute the notebooks with papermill -> outputs/<name>/<run id>/
    ghgi compile <project>    the same computation in-process, without notebooks
    ghgi template <project>   write the Excel data-entry template for the project
    ghgi demo [folder]        regenerate the synthetic Demoland project
    ghgi review [run folder]  start the Voila review app on 127.0.0.1 (--team: for many reviewers)
    ghgi review-account add <user> --role reviewer   accounts of the team review server
    ghgi submit <run folder>  archive the run in the submission store (SQLite)
    ghgi compare <run folder> --against <id>   Table8 recalculation drafts vs a submission
    ghgi submissions          list the submission store
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from inventory.errors import InputError

__all__ = ["main"]


def _progress():
    from rich.console import Console

    console = Console(stderr=True)
    start = time.perf_counter()

    def report(msg: str) -> None:
        console.print(f"[dim]{time.perf_counter() - start:6.1f}s[/dim] {msg}")

    return report


def _latest_run(out_root: Path) -> Path | None:
    runs = sorted(p for p in out_root.glob("*/*") if (p / "manifest.json").exists())
    return max(runs, key=lambda p: p.name) if runs else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="ghgi", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("run", "compile"):
        p = sub.add_parser(name)
        p.add_argument("project", type=Path)
        p.add_argument("--out", type=Path, default=Path("outputs"))
        p.add_argument("--run-id")
        p.add_argument("--no-validate", action="store_true",
                       help="skip the great-expectations suites (not for submissions)")
    p = sub.add_parser("template")
    p.add_argument("project", type=Path)
    p.add_argument("-o", "--output", type=Path)
    p = sub.add_parser("demo", help="write the synthetic Demoland project (or a smaller one)")
    p.add_argument("folder", type=Path, nargs="?", default=Path("demo/demoland"))
    p.add_argument("--regions", type=int, help="first N of the five provinces (default all)")
    p.add_argument("--years", help="e.g. 2023 or 2020-2023 (default 2005-2023)")
    p.add_argument("--sectors", help="comma-separated sector names (default all)")
    p.add_argument("--name", help="project name (default demoland, or the folder name)")
    p = sub.add_parser("review")
    p.add_argument("run", type=Path, nargs="?")
    p.add_argument("--out", type=Path, default=Path("outputs"))
    p.add_argument("--port", type=int, default=8866)
    from inventory.review.cli import add_review_account_parser, add_review_arguments

    add_review_arguments(p)
    add_review_account_parser(sub)
    store_help = ("submission store: a SQLite file or sqlite:/// URL (default $GHGI_STORE_URL, "
                  "else submissions.sqlite in the run's output root)")
    p = sub.add_parser("submit", help="archive a run folder in the submission store")
    p.add_argument("run", type=Path)
    p.add_argument("--label", default="")
    p.add_argument("--db", help=store_help)
    p = sub.add_parser("compare", help="CRT Table8 drafts of a run against a submission")
    p.add_argument("run", type=Path)
    p.add_argument("--against", type=int, required=True, help="submission id (ghgi submissions)")
    p.add_argument("--db", help=store_help)
    p.add_argument("--reasons", type=Path,
                   help="CSV with node, gas_group, reason (the filled reasons.csv) to store")
    p.add_argument("--out", type=Path, help="default <run>/recalculations/against_<id>/")
    p = sub.add_parser("submissions", help="list the submissions of the store")
    p.add_argument("--db", help="store file or URL (default $GHGI_STORE_URL, else "
                                "outputs/submissions.sqlite)")
    args = ap.parse_args(argv)
    try:
        return _dispatch(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _dispatch(args) -> int:
    if args.cmd in ("run", "compile"):
        from inventory.runner import compile_project, run_notebooks

        fn = run_notebooks if args.cmd == "run" else compile_project
        t = time.perf_counter()
        run_dir = fn(args.project, args.out, run_id=args.run_id,
                     validate=not args.no_validate, progress=_progress())
        print(f"{run_dir}  ({time.perf_counter() - t:.1f} s)")
        return 0
    if args.cmd == "template":
        from inventory.io.template import write_template
        from inventory.project import load_config

        project = load_config(args.project)
        out = args.output or project.root / "templates" / f"{project.name}_template.xlsx"
        print(write_template(out, project))
        return 0
    if args.cmd == "demo":
        from inventory.demo import DEMO_REGIONS, write_demo

        kw = {}
        if args.regions:
            regions = DEMO_REGIONS[:max(1, args.regions)]
            total = sum(r[2] for r in regions)
            kw["regions"] = tuple((c, n, share / total) for c, n, share in regions)
        if args.years:
            first, _, last = args.years.partition("-")
            kw["years"] = range(int(first), int(last or first) + 1)
        if args.sectors:
            kw["sectors"] = tuple(s.strip() for s in args.sectors.split(",") if s.strip())
        if kw or args.name:
            kw["name"] = args.name or args.folder.name
        print(write_demo(args.folder, **kw))
        return 0
    if args.cmd == "review":
        from inventory.review import serve

        run = args.run or _latest_run(args.out)
        if run is None:
            print(f"error: no run under {args.out}; run 'ghgi compile <project>' first",
                  file=sys.stderr)
            return 2
        from inventory.review.cli import serve_options

        return serve(run, port=args.port, options=serve_options(args))
    if args.cmd == "review-account":
        from inventory.review.cli import review_account

        return review_account(args)
    if args.cmd == "submit":
        from inventory.store import SubmissionStore, resolve_store_url

        url = resolve_store_url(args.db, args.run)
        sid = SubmissionStore(url).submit(args.run, label=args.label)
        print(f"submission {sid} archived in {url}")
        return 0
    if args.cmd == "compare":
        from inventory.compare import compare_run

        out = compare_run(args.run, args.against, args.db, args.reasons, args.out)
        print(out)
        return 0
    if args.cmd == "submissions":
        from inventory.store import SubmissionStore, resolve_store_url, store_path

        url = resolve_store_url(args.db)
        if not store_path(url).exists():
            print(f"error: no submission store at {url}", file=sys.stderr)
            return 2
        print(SubmissionStore(url, create=False).list().to_string(index=False))
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
