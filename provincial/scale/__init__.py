"""County scale on one machine, out of core (issue 18): ``ghgi scale generate`` writes a
synthetic China-sized county inventory as Parquet (:mod:`provincial.scale.generate`), ``ghgi
scale compile`` computes its emissions with DuckDB and the in-memory methods' factors
(:mod:`provincial.scale.engine`). DuckDB is imported only when a command runs. docs/scale.md."""

from __future__ import annotations

from pathlib import Path

from inventory.commands import Command, register_command

__all__ = ["COMMAND"]


def _add_arguments(p) -> None:
    sub = p.add_subparsers(dest="scale_cmd", required=True)
    g = sub.add_parser("generate", help="write a synthetic county inventory (Parquet)")
    g.add_argument("folder", type=Path)
    g.add_argument("--counties", type=int, default=2844)
    g.add_argument("--years", default="1990-2024", help="first-last, e.g. 1990-2024")
    g.add_argument("--seed", type=int, default=7)
    g.add_argument("--memory-limit", default="2GB", help="DuckDB memory_limit")
    g.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: cores)")
    c = sub.add_parser("compile", help="compile a scale project out of core with DuckDB")
    c.add_argument("folder", type=Path)
    c.add_argument("--out", type=Path, default=Path("outputs"))
    c.add_argument("--memory-limit", default="4GB", help="DuckDB memory_limit (default 4GB)")
    c.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: cores)")
    c.add_argument("--temp-dir", type=Path, default=None,
                   help="where DuckDB spills (default: inside the temporary run folder)")
    c.add_argument("--rows", action="store_true",
                   help="also write every emission row (emissions/, large)")


def _run(args) -> int:
    if args.scale_cmd == "generate":
        from provincial.scale.generate import generate

        info = generate(args.folder, args.counties, args.years, args.seed, args.threads,
                        args.memory_limit)
        print(f"{info['folder']}: {info['activity_rows']:,} activity rows "
              f"({info['counties']:,} counties x {info['years']} years x "
              f"{info['category_fuel_pairs']} category/fuel pairs) in {info['seconds']:.1f} s")
        return 0
    import json

    from provincial.scale.engine import compile_scale

    run = compile_scale(args.folder, args.out, args.memory_limit, args.threads, args.temp_dir,
                        args.rows)
    m = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    for st in m["stages"]:
        print(f"  {st['stage']:<36} wall {st['wall_s']:8.1f} s  CPU {st['cpu_s']:8.1f} s")
    print(f"{m['activity_rows']:,} activity rows -> {m['emission_rows']:,} emission rows in "
          f"{m['wall_s']:.1f} s (CPU {m['cpu_s']:.1f} s, max RSS {m['max_rss_mb']:,.0f} MB, "
          f"load {m['load_average'][0]:.1f})")
    print(run)
    return 0


COMMAND = register_command(Command(
    "scale", "county scale out of core: generate a synthetic county inventory, compile one "
    "with DuckDB (docs/scale.md)", _add_arguments, _run))
