"""Settings of the cross-cutting analyses: ``inventory.yml`` ``options: {analysis: {...}}``.

```yaml
options:
  analysis:
    kca_threshold: 0.95            # Approach 1 cumulative threshold (0.85 under flexibility)
    kca_approach2_threshold: 0.90  # Approach 2 cumulative threshold
    qualitative_key_categories:    # added by the compiler (Vol.1 Ch.4 Sect. 4.3.3)
      - {category: 1.A.3.b, gas: CO2, reason: "mitigation target of the NDC"}
    approach2: true                # Monte Carlo on/off
    mc_iterations: 100000
    mc_seed: 20240601
    statistics: less_developed     # well_developed | less_developed (Vol.2 Table 2.15)
    ad_collection: survey          # survey | extrapolation (Vol.2 Table 2.15)
    compare_against: latest        # latest | none | a submission id (CRT Table8 at compile)
    store_url: sqlite:///outputs/submissions.sqlite   # default: <output root>/submissions.sqlite
    timeseries: []                 # gap-filling and splicing rules, see inventory.analysis.timeseries
```
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from inventory.errors import InputError

__all__ = ["AnalysisOptions", "analysis_options"]


@dataclass(frozen=True)
class AnalysisOptions:
    kca_threshold: float = 0.95
    kca_approach2_threshold: float = 0.90
    qualitative_key_categories: tuple = ()
    approach2: bool = True
    mc_iterations: int = 100_000
    mc_seed: int = 20240601
    statistics: str = "less_developed"
    ad_collection: str = "survey"
    compare_against: str = "latest"
    store_url: str | None = None
    timeseries: tuple = ()
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, raw: dict | None, where: str = "inventory.yml, options.analysis"
                  ) -> AnalysisOptions:
        raw = dict(raw or {})
        known = {f.name for f in fields(cls)} - {"extra"}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise InputError(f"unknown analysis option(s) {unknown}", where,
                             ", ".join(sorted(known)))
        kw = {}
        for name in ("kca_threshold", "kca_approach2_threshold"):
            if name in raw:
                v = float(raw[name])
                if not 0.5 <= v < 1.0:
                    raise InputError(f"{name} is {v}", f"{where}.{name}",
                                     "a cumulative share between 0.5 and 1 (0.95; 0.85 under "
                                     "the flexibility provisions)")
                kw[name] = v
        if "approach2" in raw:
            kw["approach2"] = bool(raw["approach2"])
        if "mc_iterations" in raw:
            n = int(raw["mc_iterations"])
            if n < 100:
                raise InputError(f"mc_iterations is {n}", f"{where}.mc_iterations",
                                 "at least 100 (IPCC suggests enough for stable 95 % bounds; "
                                 "10,000-100,000)")
            kw["mc_iterations"] = n
        if "mc_seed" in raw:
            kw["mc_seed"] = int(raw["mc_seed"])
        for name, allowed in (("statistics", ("well_developed", "less_developed")),
                              ("ad_collection", ("survey", "extrapolation"))):
            if name in raw:
                if raw[name] not in allowed:
                    raise InputError(f"{name} is {raw[name]!r}", f"{where}.{name}",
                                     " or ".join(allowed))
                kw[name] = raw[name]
        if "compare_against" in raw:
            kw["compare_against"] = str(raw["compare_against"])
        if raw.get("store_url"):
            kw["store_url"] = str(raw["store_url"])
        quals = []
        for i, q in enumerate(raw.get("qualitative_key_categories") or ()):
            if not isinstance(q, dict) or not q.get("category") or not q.get("reason"):
                raise InputError(f"item {i + 1} is {q!r}",
                                 f"{where}.qualitative_key_categories",
                                 "{category, gas, reason} (gas optional: all gases)")
            quals.append({"category": str(q["category"]), "gas": q.get("gas"),
                          "reason": str(q["reason"])})
        kw["qualitative_key_categories"] = tuple(quals)
        rules = raw.get("timeseries") or ()
        if not isinstance(rules, (list, tuple)):
            raise InputError("timeseries is not a list", f"{where}.timeseries",
                             "a list of gap-filling rules (docs/analyses.md)")
        kw["timeseries"] = tuple(dict(r) for r in rules)
        return cls(**kw)


def analysis_options(project) -> AnalysisOptions:
    """The analysis settings of a :class:`~inventory.project.Project`."""
    return AnalysisOptions.from_dict(project.options.get("analysis"),
                                     f"{project.config_path}, options.analysis")
