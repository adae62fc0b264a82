"""The sector plug-ins shipped with the workbench (IPCC 2006 Vols. 2-5; CRT sectors 1-5).

Each sub-package is a complete sector: methods, default tables (``data/``), demo data, QA
checks and CRT sheets. The core finds them through the entry-point group ``ghgi.sectors``
(``pyproject.toml``); nothing here is imported by the core directly.
"""
