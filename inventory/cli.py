"""``ghgi``: the command line of the GHG Inventory Workbench.

    ghgi run <project>        execute the notebooks with papermill -> outputs/<name>/<run id>/
    ghgi compile <project>    the same computation in-process, without notebooks
    ghgi check <project>      read and check the inputs only (nothing is written)
    ghgi template <project>   write the Excel data-entry template for the project
    ghgi demo [folder]        regenerate the synthetic Demoland project
    ghgi review [run folder]  start the Voila review app on 127.0.0.1 (--team: for many reviewers)
    ghgi review-account add <user> --role reviewer   accounts of the team review server
    ghgi lab [project]        JupyterLab on 127.0.0.1 with the project's notebooks
    ghgi submit <run folder>  archive the run in the submission store (SQLite)
    ghgi compare <run folder> --against <id>   Table8 recalculation drafts vs a submission
    ghgi submissions          list the submission store
    ghgi clean                list (--remove: delete) temporary run folders left by killed runs
    ghgi etf export <run>     the CRT Data Exchange JSON of a run (ETF reporting tool import)
    ghgi etf check <json>     the ETF tool's import rules, violations by node and variable
    ghgi nid <run>            the National Inventory Document draft (Markdown and Word)
    ghgi <command>            commands of sectors and extensions (e.g. reconcile, demo-provinces)

Exit codes: 0 done, 2 bad input or an expected failure (one message naming the file, sheet,
row and column where a cell is at fault), 3 an unexpected error (a short message and the path
of a log file with the full traceback, under <outputs>/.logs/), 130 interrupted (Ctrl-C or
SIGTERM: the temporary run folder is removed, CRT workers are stopped).
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from inventory.errors import InputError

__all__ = ["main", "EXIT_OK", "EXIT_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "LOG_DIR"]

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 2, 3, 130
LOG_DIR = ".logs"


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that every ``with`` block cleans up."""


def _progress(quiet: bool = False):
    """Rich progress bars on a terminal, plain lines otherwise (inventory.progress)."""
    from inventory.progress import make_progress

    return make_progress(quiet)


def _latest_run(out_root: Path) -> Path | None:
    runs = sorted(p for p in out_root.glob("*/*") if (p / "manifest.json").exists())
    return max(runs, key=lambda p: p.name) if runs else None


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="ghgi", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    outside = ("read input files outside the project folder (absolute paths, '..', symbolic "
               "links); off by default")
    for name in ("run", "compile"):
        p = sub.add_parser(name)
        p.add_argument("project", type=Path)
        p.add_argument("--out", type=Path, default=Path("outputs"))
        p.add_argument("--run-id")
        p.add_argument("--no-validate", action="store_true",
                       help="skip the great-expectations suites (not for submissions)")
        p.add_argument("--allow-outside-inputs", action="store_true", help=outside)
        p.add_argument("--quiet", action="store_true", help="no progress lines")
        p.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="worker processes for the CRT workbooks (default: the cores, "
                            "or $GHGI_CRT_WORKERS; 1 = in this process) and threads of the "
                            "Monte Carlo (default 1; same numbers for any N)")
        if name == "compile":
            p.add_argument("--cluster", metavar="local[:N]|ADDRESS",
                           help="compute the sectors on a Dask cluster, one task per region: "
                                "'local:N' starts N worker processes here, an address such as "
                                "tcp://scheduler:8786 uses a running scheduler "
                                "(docs/distributed.md)")
            p.add_argument("--profile", action="store_true",
                           help="write the stage times to profile.json/profile.csv in the "
                                "run folder and print them")
    p = sub.add_parser("check", help="read and check a project's inputs; writes nothing")
    p.add_argument("project", type=Path)
    p.add_argument("--no-validate", action="store_true",
                   help="skip the great-expectations suites")
    p.add_argument("--allow-outside-inputs", action="store_true", help=outside)
    p.add_argument("--out", type=Path, default=Path("outputs"),
                   help="outputs root (for the log file of an unexpected error)")
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
    p = sub.add_parser("lab", help="JupyterLab on 127.0.0.1 with the project's notebooks")
    p.add_argument("project", type=Path, nargs="?", default=Path("."),
                   help="project folder (default: the current folder)")
    p.add_argument("--out", type=Path, default=Path("outputs"))
    p.add_argument("--port", type=int, default=8888,
                   help="first port to try (the next free one is used if it is taken)")
    p.add_argument("--workspace", type=Path,
                   help="notebook copies and working run (default <out>/<name>/lab)")
    p.add_argument("--allow-outside-inputs", action="store_true", help=outside)
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
    p = sub.add_parser("etf", help="CRT Data Exchange JSON (docs/etf.md)")
    etf = p.add_subparsers(dest="etf_cmd", required=True)
    q = etf.add_parser("export", help="write <run>/etf/CRT_<party>.json and etf_cells.csv")
    q.add_argument("run", type=Path)
    q.add_argument("--project", type=Path, help="project folder (etf settings, documentation/)")
    q.add_argument("-o", "--output", type=Path)
    q.add_argument("--number-type", choices=("numeric", "number"))
    q.add_argument("--year-as-string", action="store_true")
    q.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes capturing the years' cells (default: the cores from 4 "
                        "years on; 1 = in this process)")
    q = etf.add_parser("check", help="check a JSON against the import rules")
    q.add_argument("json", type=Path)
    q.add_argument("--metadata", type=Path, help="the ETF metadata file of the tool")
    p = sub.add_parser("nid", help="National Inventory Document draft (Markdown + Word)")
    p.add_argument("run", type=Path)
    p.add_argument("--project", type=Path, help="project folder (language setting)")
    p.add_argument("--language", choices=("en", "zh", "zh+en"))
    p.add_argument("-o", "--output", type=Path, help="folder (default <run>/nid)")
    p = sub.add_parser("clean", help="list temporary run folders and lock files left by "
                                     "interrupted runs (--remove deletes them)")
    p.add_argument("--out", type=Path, default=Path("outputs"))
    p.add_argument("--remove", action="store_true", help="delete what is listed")
    from inventory.commands import commands

    for cmd in commands().values():          # subcommands of sectors and extensions
        cmd.add_arguments(sub.add_parser(cmd.name, help=cmd.help))
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    old = None
    try:
        old = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (tests running main() in a thread)
        pass
    try:
        from inventory.commands import commands

        extra = commands()
        if args.cmd in extra:
            return int(extra[args.cmd].run(args) or 0)
        return _dispatch(args)
    except InputError as exc:
        _say(f"error: {exc}")
        return EXIT_INPUT
    except (KeyboardInterrupt, Terminated) as exc:
        what = "SIGTERM" if isinstance(exc, Terminated) else "Ctrl-C"
        _say(f"interrupted ({what}): stopped; no run folder was written (temporary files "
             "removed)")
        return EXIT_INTERRUPTED
    except OSError as exc:
        _say(f"error: {_os_message(exc)}")
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - the one place that turns anything into a message
        known = _notebook_error(exc)
        if known:
            _say(f"error: {known}")
            return EXIT_INPUT
        log = _write_log(args, exc)
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        _say(f"internal error: {type(exc).__name__}: {first}\n"
             f"the full traceback is in {log} (please attach it to a bug report)")
        return EXIT_INTERNAL
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


def _on_sigterm(signum, _frame):
    raise Terminated


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


_OS_PROBLEMS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder",
    errno.ENOTDIR: "not a folder",
}


def _os_message(exc: OSError) -> str:
    problem = _OS_PROBLEMS.get(exc.errno, exc.strerror or type(exc).__name__)
    target = exc.filename or ""
    writing = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM,
                            errno.EROFS)
    hint = (" (nothing was kept: the run is written to a temporary folder and moved into "
            "place only when complete; free space or choose a writable --out)") if writing \
        else ""
    return f"{target}: {problem}{hint}" if target else f"{problem}{hint}"


_EXPECTED_ERRORS = ("InputError", "MethodInputError", "CheckFailed", "SubmissionNotFound",
                    "DuplicateSubmission", "ValidationFailed")


def _notebook_error(exc: Exception) -> str | None:
    """A notebook of ``ghgi run`` that stopped on bad input: its message, in one line."""
    ename = getattr(exc, "ename", None)
    if ename in _EXPECTED_ERRORS:
        nb = getattr(exc, "exec_count", None)
        return f"{getattr(exc, 'evalue', '')}" + (f" (notebook cell {nb})" if nb else "")
    return None


def _log_root(args) -> Path:
    for attr in ("out",):
        v = getattr(args, attr, None)
        if isinstance(v, Path):
            return v
    run = getattr(args, "run", None)
    if isinstance(run, Path) and run.parent.parent.is_dir():
        return run.parent.parent
    return Path("outputs")


def _write_log(args, exc: BaseException) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    text = (f"ghgi {getattr(args, 'cmd', '')} failed at {stamp}\nargv: {sys.argv!r}\n"
            f"cwd: {os.getcwd()}\n\n" + "".join(traceback.format_exception(exc)))
    for folder in (_log_root(args) / LOG_DIR, Path(tempfile.gettempdir()) / "ghgi-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"ghgi-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path("(no writable folder for the log)")


def _dispatch(args) -> int:
    if args.cmd in ("run", "compile"):
        from inventory.runner import compile_project, run_notebooks

        fn = run_notebooks if args.cmd == "run" else compile_project
        t = time.perf_counter()
        from inventory.jobs import check_jobs

        extra = {"jobs": args.jobs} if check_jobs(args.jobs) is not None else {}
        if args.cmd == "compile" and args.cluster:
            extra["cluster"] = args.cluster
        if args.cmd == "compile" and args.profile:
            extra.update(profile=True, on_profile=lambda text: print(text, flush=True))
        progress = _progress(args.quiet)
        try:
            run_dir = fn(args.project, args.out, run_id=args.run_id,
                         validate=not args.no_validate, progress=progress,
                         allow_outside_inputs=args.allow_outside_inputs, **extra)
        finally:
            progress.close()
        print(f"{run_dir}  ({time.perf_counter() - t:.1f} s)")
        return EXIT_OK
    if args.cmd == "check":
        return _check(args)
    if args.cmd == "template":
        from inventory.io.template import write_template
        from inventory.project import load_config

        project = load_config(args.project)
        out = args.output or project.root / "templates" / f"{project.folder}_template.xlsx"
        if out.is_dir():
            raise InputError("is a folder", str(out), "the path of the .xlsx file to write")
        print(write_template(out, project))
        return EXIT_OK
    if args.cmd == "demo":
        return _demo(args)
    if args.cmd == "review":
        from inventory.review import check_run_dir, serve

        run = args.run or _latest_run(args.out)
        if run is None:
            raise InputError(f"no run under {args.out}", str(args.out),
                             "a run folder: run 'ghgi compile <project>' first")
        try:
            check_run_dir(run)
        except FileNotFoundError as exc:
            raise InputError(str(exc), str(run), "a run folder written by 'ghgi compile'"
                             ) from None
        from inventory.review.cli import serve_options

        return serve(run, port=args.port, options=serve_options(args))
    if args.cmd == "review-account":
        from inventory.review.cli import review_account

        return review_account(args)
    if args.cmd == "lab":
        from inventory.lab import serve_lab

        return serve_lab(args.project, args.out, port=args.port, workspace=args.workspace,
                         allow_outside_inputs=args.allow_outside_inputs)
    if args.cmd == "submit":
        from inventory.store import SubmissionStore, resolve_store_url

        url = resolve_store_url(args.db, args.run)
        sid = SubmissionStore(url).submit(args.run, label=args.label)
        print(f"submission {sid} archived in {url}")
        return EXIT_OK
    if args.cmd == "compare":
        from inventory.compare import compare_run

        out = compare_run(args.run, args.against, args.db, args.reasons, args.out)
        print(out)
        return EXIT_OK
    if args.cmd == "etf":
        return _etf(args)
    if args.cmd == "nid":
        from inventory.nid.document import write_nid

        md, docx = write_nid(args.run, args.output, language=args.language,
                             project_dir=args.project)
        print(f"{md}\n{docx}")
        return EXIT_OK
    if args.cmd == "submissions":
        from inventory.store import SubmissionStore, resolve_store_url, store_path

        url = resolve_store_url(args.db)
        if not store_path(url).exists():
            raise InputError("no submission store", url, "a store made by 'ghgi submit'")
        print(SubmissionStore(url, create=False).list().to_string(index=False))
        return EXIT_OK
    if args.cmd == "clean":
        return _clean(args)
    return EXIT_INTERNAL


def _check(args) -> int:
    from inventory.runner import check_project

    summary = check_project(args.project, args.out, validate=not args.no_validate,
                            progress=_progress(quiet=True),
                            allow_outside_inputs=args.allow_outside_inputs)
    for w in summary["warnings"]:
        _say(f"warning: {w}")
    f = summary["findings"]
    counts = f["check"].value_counts().sort_index().to_dict() if len(f) else {}
    print(f"inputs read: {summary['activity_rows']} activity rows, "
          f"{summary['parameter_rows']} parameter rows; "
          + (f"findings: {counts}" if counts else "no findings"))
    return EXIT_OK


def _demo(args) -> int:
    from inventory.demo import DEMO_REGIONS, write_demo
    from inventory.plugins import sector_names

    kw = {}
    if args.regions is not None:
        if not 1 <= args.regions <= len(DEMO_REGIONS):
            raise InputError(f"--regions {args.regions}", "--regions",
                             f"1 to {len(DEMO_REGIONS)}")
        regions = DEMO_REGIONS[:args.regions]
        total = sum(r[2] for r in regions)
        kw["regions"] = tuple((c, n, share / total) for c, n, share in regions)
    if args.years:
        first, _, last = args.years.partition("-")
        if not (first.isdigit() and (not last or last.isdigit())):
            raise InputError(f"--years {args.years!r}", "--years", "2023 or 2020-2023")
        kw["years"] = range(int(first), int(last or first) + 1)
        if not kw["years"]:
            raise InputError(f"--years {args.years!r} is empty", "--years", "first <= last")
    if args.sectors:
        kw["sectors"] = tuple(s.strip() for s in args.sectors.split(",") if s.strip())
        unknown = [s for s in kw["sectors"] if s not in sector_names()]
        if unknown:
            raise InputError(f"unknown sector(s) {unknown}", "--sectors",
                             ", ".join(sector_names()))
    if kw or args.name:
        kw["name"] = args.name or args.folder.name
    print(write_demo(args.folder, **kw))
    return EXIT_OK


def _clean(args) -> int:
    from inventory.locks import remove_stale, stale_temporaries

    items = stale_temporaries(args.out)
    if not items:
        print(f"nothing to clean under {args.out}")
        return EXIT_OK
    for s in items:
        print(f"{s.kind:10s} {s.bytes / 1e6:9.1f} MB  {s.path}")
    if args.remove:
        freed = remove_stale(items)
        print(f"removed {len(items)} item(s), {freed / 1e6:.1f} MB")
    else:
        print(f"{len(items)} item(s) left by interrupted runs; 'ghgi clean --remove' deletes "
              "them")
    return EXIT_OK


def _etf(args) -> int:
    if args.etf_cmd == "export":
        from inventory.etf.encoding import EncodeOptions
        from inventory.etf.writer import export_run

        opts = None
        if args.number_type or args.year_as_string:
            opts = EncodeOptions(number_type=args.number_type or "numeric",
                                 year_as_string=bool(args.year_as_string))
        from inventory.jobs import check_jobs

        res = export_run(args.run, args.output, project_dir=args.project, options=opts,
                         jobs=check_jobs(args.jobs))
        print(res.counts().to_string())
        if len(res.conflicts):
            _say(f"warning: {len(res.conflicts)} cells disagree with another sheet on the same "
                 "variable (first sheet kept; see etf_cells.csv)")
        print(res.path)
        return EXIT_OK
    from inventory.etf.metadata import load_metadata, read_json
    from inventory.etf.names import common_variables
    from inventory.etf.rules import check_document

    meta = load_metadata(args.metadata) if args.metadata else None
    v = check_document(read_json(args.json), meta, common_variables())
    if v.empty:
        print("no violations")
        return EXIT_OK
    print(v.to_string(index=False))
    return EXIT_INPUT   # violations found: the tool would refuse the import


if __name__ == "__main__":
    sys.exit(main())
