"""Biomass burning on land (IPCC 2006 Vol.4 Ch.2 Sect. 2.4): the pure equation."""

from __future__ import annotations

import numpy as np

__all__ = ["fire_emissions"]


def fire_emissions(area_burnt, fuel_mass, combustion_factor, emission_factor):
    """Emissions of one gas from fire.

    Parameters
    ----------
    area_burnt : array-like [ha] A
    fuel_mass : array-like [t dm ha-1] M_B, mass of fuel available for combustion
    combustion_factor : array-like [-] C_f (Table 2.6, or national)
    emission_factor : array-like [g (kg dm burnt)-1] G_ef (Table 2.5)

    Returns
    -------
    array-like [kt gas]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.27: L_fire = A x M_B x C_f x G_ef x 10^-3 [t]; here kt.
    """
    return (np.asarray(area_burnt, dtype=float) * np.asarray(fuel_mass, dtype=float)
            * np.asarray(combustion_factor, dtype=float)
            * np.asarray(emission_factor, dtype=float) * 1e-6)
