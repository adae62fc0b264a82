"""Sector methods (IPCC 2006 Vols. 2-5). Importing this package registers them."""

from sectors import energy  # noqa: F401
