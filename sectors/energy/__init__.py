"""Energy sector (IPCC 2006 Vol.2; CRT sector 1)."""

from sectors.energy import fuel_combustion  # noqa: F401  (registers the method)
