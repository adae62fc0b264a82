"""Provincial inventories the Chinese way (an extension package, entry-point group
``ghgi.extensions``): China's default factors as the factor set ``national_cn``
(:mod:`provincial.factors`), the provincial guideline's categories and their crosswalk to IPCC
2006 and the CRT (:mod:`provincial.categories`), bilingual labels (:mod:`provincial.labels`),
the report tables (:mod:`provincial.report`), the national-provincial reconciliation
(:mod:`provincial.reconcile`, ``ghgi reconcile``) and the synthetic demo "Demoland provinces"
(:mod:`provincial.demo`, ``ghgi demo-provinces``). The energy balance table input is the energy
sector's (``sectors/energy/balance.py``). See docs/provincial.md."""

from provincial import demo, factors, reconcile, report, scale  # noqa: F401  (register their parts)
