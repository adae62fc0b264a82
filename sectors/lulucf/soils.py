"""Soil carbon and the soil N2O that follows it: pure equations of IPCC 2006 Vol.4 Ch.2
(mineral and organic soils) and Ch.11 (N mineralised with soil C loss), with the 2013 Wetlands
Supplement factors for drained and rewetted organic soils. One function per equation; units in
brackets."""

from __future__ import annotations

import numpy as np

from .common import N2O_N_TO_N2O

__all__ = ["soc_stock", "mineral_soil_change", "organic_soil_loss",
           "n_mineralised", "direct_n2o", "leached_n2o", "area_emission"]


def _a(x):
    return np.asarray(x, dtype=float)


def soc_stock(area, soc_ref, f_lu, f_mg, f_i):
    """Soil organic carbon stock of mineral soils.

    Parameters
    ----------
    area : array-like [ha] A
    soc_ref : array-like [t C ha-1] SOC_REF, reference stock 0-30 cm (Table 2.3)
    f_lu, f_mg, f_i : array-like [-] stock change factors for land use, management and input
        (Tables 5.5, 6.2; 1 for forest, settlements, other land and nominal grassland)

    Returns
    -------
    array-like [t C] SOC

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.25: SOC = sum(SOC_REF x F_LU x F_MG x F_I x A).
    """
    return _a(soc_ref) * _a(f_lu) * _a(f_mg) * _a(f_i) * _a(area)


def mineral_soil_change(soc_0, soc_0_minus_t, d=20.0):
    """Annual change in organic carbon stocks in mineral soils.

    Parameters
    ----------
    soc_0 : array-like [t C] SOC stock in the inventory year
    soc_0_minus_t : array-like [t C] SOC stock T years before
    d : array-like [yr] D, time dependence of the stock change factors (default 20)

    Returns
    -------
    array-like [t C yr-1] Delta C_Mineral

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.25: Delta C_Mineral = (SOC_0 - SOC_(0-T)) / D.
    """
    return (_a(soc_0) - _a(soc_0_minus_t)) / _a(d)


def organic_soil_loss(area, emission_factor):
    """Annual carbon loss from drained organic soils.

    Parameters
    ----------
    area : array-like [ha] A, drained organic soils
    emission_factor : array-like [t C ha-1 yr-1] EF (2013 Wetlands Supplement Table 2.1,
        or national)

    Returns
    -------
    array-like [t C yr-1] L_Organic (a loss: subtract from the stock)

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.26: L_Organic = sum(A x EF).
    """
    return _a(area) * _a(emission_factor)


def n_mineralised(carbon_loss, cn_ratio):
    """N mineralised in mineral soils with the loss of soil carbon.

    Parameters
    ----------
    carbon_loss : array-like [t C yr-1] soil carbon lost (>= 0; gains mineralise nothing)
    cn_ratio : array-like [-] R, C:N ratio of soil organic matter (15 for land-use change)

    Returns
    -------
    array-like [t N yr-1] F_SOM

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.8: F_SOM = sum(Delta C_Mineral,LU x 1/R) x 1000 [kg N];
    here in tonnes.
    """
    return np.clip(_a(carbon_loss), 0.0, None) / _a(cn_ratio)


def direct_n2o(n_amount, ef1):
    """Direct N2O from N added to or mineralised in managed soils.

    Parameters
    ----------
    n_amount : array-like [t N yr-1] F_SOM or F_SN (N inputs)
    ef1 : array-like [kg N2O-N (kg N)-1] EF1 (Table 11.1)

    Returns
    -------
    array-like [kt N2O yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.1: N2O-N = F x EF1; N2O = N2O-N x 44/28.
    """
    return _a(n_amount) * _a(ef1) * N2O_N_TO_N2O * 1e-3


def leached_n2o(n_amount, frac_leach, ef5):
    """Indirect N2O from N leached and run off.

    Parameters
    ----------
    n_amount : array-like [t N yr-1] F_SOM or F_SN
    frac_leach : array-like [-] Frac_LEACH-(H) (Table 11.3)
    ef5 : array-like [kg N2O-N (kg N)-1] EF5 (Table 11.3)

    Returns
    -------
    array-like [kt N2O yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.10: N2O(L)-N = F x Frac_LEACH x EF5; x 44/28.
    """
    return _a(n_amount) * _a(frac_leach) * _a(ef5) * N2O_N_TO_N2O * 1e-3


def area_emission(area, emission_factor):
    """Emissions of a gas from an area at a per-area factor.

    Parameters
    ----------
    area : array-like [ha] drained or rewetted organic soils
    emission_factor : array-like [kg gas ha-1 yr-1]

    Returns
    -------
    array-like [kt gas yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.11 Eq. 11.1 (F_OS x EF2, N2O-N of drained organic soils) and 2013
    Wetlands Supplement Ch.2 Eq. 2.6 / Ch.3 Eq. 3.8 (CH4 of drained / rewetted organic soils):
    E = A x EF.
    """
    return _a(area) * _a(emission_factor) * 1e-6
