"""Cross-cutting analyses over the emissions table (IPCC 2006 Vol.1 Chs. 3-5, 2019 Refinement;
ETF reporting rules, decision 18/CMA.1 annex; CRT, decision 5/CMA.3).

Every analysis works on the combined emissions table of all sectors, never per sector:

* :mod:`.kca`          key category analysis, Approach 1 and 2 (Vol.1 Ch.4)
* :mod:`.uncertainty`  Approach 1 error propagation, the Table 3.3 layout (Vol.1 Ch.3)
* :mod:`.montecarlo`   Approach 2 Monte Carlo simulation (Vol.1 Ch.3 Sect. 3.2.3.2)
* :mod:`.timeseries`   gap filling and splicing, recorded as provenance (Vol.1 Ch.5)
* :mod:`.completeness` CRT Table9 and the ETF notation-key rules (NE, IE, C)
* :mod:`.trends`       CRT Table10 and Summary2 series
* :mod:`.recalculations` comparison with an archived submission (CRT Table8)
* :mod:`.stage`        the pipeline stage writing all of the above into the run folder

See docs/analyses.md.
"""

from __future__ import annotations

__all__: list[str] = []
