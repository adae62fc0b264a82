"""Living biomass and dead organic matter: the pure equations of IPCC 2006 Vol.4 Ch.2
(generic methods for all land categories) and Ch.4 (forest land), one function per equation.

All functions work elementwise on arrays; units in brackets; carbon in tonnes C. A carbon
*gain* is positive; emissions are derived from stock changes by :func:`co2_from_carbon_change`
(removals negative, the CRT sign convention).
"""

from __future__ import annotations

import numpy as np

from .common import C_TO_CO2

__all__ = ["total_biomass_growth", "growth_from_increment", "biomass_carbon_gain",
           "wood_removal_loss", "fuelwood_loss", "disturbance_loss",
           "biomass_change_gain_loss", "biomass_carbon_stock", "stock_difference",
           "conversion_biomass_change", "dom_stock_difference", "dom_conversion_change",
           "crown_cover_gain", "co2_from_carbon_change"]


def _a(x):
    return np.asarray(x, dtype=float)


def total_biomass_growth(above_ground_growth, root_shoot):
    """Average annual biomass growth above and below ground.

    Parameters
    ----------
    above_ground_growth : array-like [t dm ha-1 yr-1] G_W (Table 4.9/4.10, or national)
    root_shoot : array-like [t root dm (t shoot dm)-1] R (Table 4.4)

    Returns
    -------
    array-like [t dm ha-1 yr-1] G_TOTAL

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.10 (Tier 1): G_TOTAL = G_W x (1 + R).
    """
    return _a(above_ground_growth) * (1.0 + _a(root_shoot))


def growth_from_increment(increment, bcef_i):
    """Above-ground biomass growth from the net annual increment of merchantable volume.

    Parameters
    ----------
    increment : array-like [m3 ha-1 yr-1] I_V
    bcef_i : array-like [t dm m-3] BCEF_I (Table 4.5)

    Returns
    -------
    array-like [t dm ha-1 yr-1] G_W

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.10 (Tier 2): G_TOTAL = I_V x BCEF_I x (1 + R); this function
    gives the above-ground part I_V x BCEF_I.
    """
    return _a(increment) * _a(bcef_i)


def biomass_carbon_gain(area, total_growth, carbon_fraction):
    """Annual increase in biomass carbon due to growth.

    Parameters
    ----------
    area : array-like [ha] A
    total_growth : array-like [t dm ha-1 yr-1] G_TOTAL (or the above- or below-ground part)
    carbon_fraction : array-like [t C (t dm)-1] CF (Table 4.3)

    Returns
    -------
    array-like [t C yr-1] Delta C_G

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.9: Delta C_G = sum(A x G_TOTAL x CF).
    """
    return _a(area) * _a(total_growth) * _a(carbon_fraction)


def wood_removal_loss(harvest, bcef_r, root_shoot, carbon_fraction):
    """Annual carbon loss due to wood removals.

    Parameters
    ----------
    harvest : array-like [m3 yr-1] H, roundwood removals
    bcef_r : array-like [t dm m-3] BCEF_R (Table 4.5)
    root_shoot : array-like [-] R (Table 4.4); 0 for the above-ground part alone
    carbon_fraction : array-like [t C (t dm)-1] CF

    Returns
    -------
    array-like [t C yr-1] L_wood-removals

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.12: L = H x BCEF_R x (1 + R) x CF.
    """
    return _a(harvest) * _a(bcef_r) * (1.0 + _a(root_shoot)) * _a(carbon_fraction)


def fuelwood_loss(fuelwood_trees, bcef_r, root_shoot, carbon_fraction):
    """Annual carbon loss due to fuelwood removals of whole trees.

    Parameters
    ----------
    fuelwood_trees : array-like [m3 yr-1] FG_trees
    bcef_r : array-like [t dm m-3] BCEF_R
    root_shoot : array-like [-] R
    carbon_fraction : array-like [t C (t dm)-1] CF

    Returns
    -------
    array-like [t C yr-1] L_fuelwood (whole-tree part)

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.13: L = [FG_trees x BCEF_R x (1 + R) + FG_part x D] x CF;
    the tree-part term (FG_part x D) is not modelled (enter parts as whole-tree volume).
    """
    return _a(fuelwood_trees) * _a(bcef_r) * (1.0 + _a(root_shoot)) * _a(carbon_fraction)


def disturbance_loss(area, biomass, root_shoot, carbon_fraction, fraction_lost):
    """Annual carbon loss from disturbances.

    Parameters
    ----------
    area : array-like [ha yr-1] A_disturbance
    biomass : array-like [t dm ha-1] B_W, above-ground biomass of the disturbed area
    root_shoot : array-like [-] R
    carbon_fraction : array-like [t C (t dm)-1] CF
    fraction_lost : array-like [-] fd, fraction of biomass lost

    Returns
    -------
    array-like [t C yr-1] L_disturbances

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.14: L = A x B_W x (1 + R) x CF x fd.
    """
    return (_a(area) * _a(biomass) * (1.0 + _a(root_shoot)) * _a(carbon_fraction)
            * _a(fraction_lost))


def biomass_change_gain_loss(gain, loss):
    """Annual change in biomass carbon stocks, gain-loss method.

    Parameters
    ----------
    gain : array-like [t C yr-1] Delta C_G
    loss : array-like [t C yr-1] Delta C_L

    Returns
    -------
    array-like [t C yr-1] Delta C_B

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.7: Delta C_B = Delta C_G - Delta C_L.
    """
    return _a(gain) - _a(loss)


def biomass_carbon_stock(volume, bcef_s, root_shoot, carbon_fraction):
    """Biomass carbon stock per ha from the growing stock volume.

    Parameters
    ----------
    volume : array-like [m3 ha-1] V, merchantable growing stock
    bcef_s : array-like [t dm m-3] BCEF_S (Table 4.5)
    root_shoot : array-like [-] R (0 for the above-ground stock)
    carbon_fraction : array-like [t C (t dm)-1] CF

    Returns
    -------
    array-like [t C ha-1] C

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.8 (stock-difference method): C = V x BCEF_S x (1 + R) x CF.
    """
    return _a(volume) * _a(bcef_s) * (1.0 + _a(root_shoot)) * _a(carbon_fraction)


def stock_difference(stock_2, stock_1, years=1.0):
    """Annual change of a carbon stock between two inventories.

    Parameters
    ----------
    stock_2, stock_1 : array-like [t C] carbon stocks at times t2 and t1
    years : array-like [yr] t2 - t1

    Returns
    -------
    array-like [t C yr-1]

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.8: Delta C_B = (C_t2 - C_t1) / (t2 - t1).
    """
    return (_a(stock_2) - _a(stock_1)) / _a(years)


def conversion_biomass_change(area_converted, biomass_after, biomass_before,
                              carbon_fraction):
    """Initial change in biomass carbon stocks on land converted to another category.

    Parameters
    ----------
    area_converted : array-like [ha yr-1] Delta A_TO_OTHERS, area converted in the year
    biomass_after : array-like [t dm ha-1] B_AFTER (Tier 1: 0)
    biomass_before : array-like [t dm ha-1] B_BEFORE (above + below ground)
    carbon_fraction : array-like [t C (t dm)-1] CF

    Returns
    -------
    array-like [t C yr-1] Delta C_CONVERSION (negative: a loss)

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.16: Delta C_CONVERSION = sum((B_AFTER - B_BEFORE) x
    Delta A_TO_OTHERS) x CF.
    """
    return (_a(biomass_after) - _a(biomass_before)) * _a(area_converted) * _a(carbon_fraction)


def dom_stock_difference(area, stock_2, stock_1, years=1.0):
    """Annual change in dead wood or litter carbon, stock-difference method (Tier 2).

    Parameters
    ----------
    area : array-like [ha] A
    stock_2, stock_1 : array-like [t C ha-1] dead wood / litter stock at t2 and t1
    years : array-like [yr] T = t2 - t1

    Returns
    -------
    array-like [t C yr-1] Delta C_DOM

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.19: Delta C_DOM = A x (DOM_t2 - DOM_t1) / T x CF, with the
    stocks entered in carbon (CF applied).
    """
    return _a(area) * (_a(stock_2) - _a(stock_1)) / _a(years)


def dom_conversion_change(area, stock_new, stock_old, transition_years):
    """Annual change in dead wood or litter carbon on converted land.

    Parameters
    ----------
    area : array-like [ha] A_on, area undergoing the conversion
    stock_new, stock_old : array-like [t C ha-1] C_n, C_o: stock under the new / old use
    transition_years : array-like [yr] T_on (1 for the loss of an old stock in the
        conversion year, 20 by default for the build-up of a new one)

    Returns
    -------
    array-like [t C yr-1] Delta C_DOM

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Eq. 2.23: Delta C_DOM = (C_n - C_o) x A_on / T_on.
    """
    return (_a(stock_new) - _a(stock_old)) * _a(area) / _a(transition_years)


def crown_cover_gain(crown_area, carbon_rate):
    """Annual carbon gain of trees in settlements, crown cover area method.

    Parameters
    ----------
    crown_area : array-like [ha] CRW, total crown cover area
    carbon_rate : array-like [t C (ha crown cover)-1 yr-1] C_RW (Table 8.1)

    Returns
    -------
    array-like [t C yr-1] Delta C_G

    Notes
    -----
    IPCC 2006 Vol.4 Ch.8 Eq. 8.2: Delta C_G = sum(CRW x C_RW).
    """
    return _a(crown_area) * _a(carbon_rate)


def co2_from_carbon_change(carbon_change):
    """CO2 emissions (+) or removals (-) from a carbon stock change.

    Parameters
    ----------
    carbon_change : array-like [t C yr-1] stock change (gain positive)

    Returns
    -------
    array-like [kt CO2 yr-1] emissions, removals negative

    Notes
    -----
    IPCC 2006 Vol.4 Ch.2 Sect. 2.2.1: CO2 = -Delta C x 44/12 (a stock gain is a removal,
    reported with a negative sign in the CRT).
    """
    return -_a(carbon_change) * C_TO_CO2 * 1e-3
