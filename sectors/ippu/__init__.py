"""Industrial processes and product use (IPCC 2006 Vol.3; CRT sector 2).

Importing the package registers the IPPU methods (one per category group), the 'IPPU' data
sheet of the Excel template, the background table ``ippu.fgas_bank`` (sectors/ippu/fgas.py),
the checks and report products (sectors/ippu/qa.py, double_counting.py) and, through
sectors/ippu/crt.py, the CRT sheets Table2(I), Table2(I).A-H, Table2(II), Table2(II)B-Hs1 and
Table2(II)B-Hs2. See docs/ippu.md.
"""

from inventory.io.sheets import DataSheet, register_data_sheet
from inventory.plugins import Sector
from sectors.ippu import (  # noqa: F401  (methods and CRT sheets register on import)
    chemical,
    crt,
    double_counting,
    fgas,
    metal,
    mineral,
    other,
    product_use,
    qa,
)
from sectors.ippu.common import catalogue

SECTOR = Sector(name="ippu", title="2. Industrial processes and product use", crt_code="2",
                order=200, package=__name__, demo=f"{__name__}.demo")

register_data_sheet(DataSheet(
    name="IPPU", sector="ippu", order=200, category_prefixes=("2",),
    activity_label="activity id (sectors/ippu/data/activities.csv; F-gases "
                   "'<application>:<chemical>')",
    activity_choices=lambda: sorted(catalogue()["activity"].unique()),
    instructions="Industrial processes and product use 2.A-2.H: production or consumption per "
                 "region, IPCC 2006 category and activity id (sectors/ippu/data/activities.csv). "
                 "Units: t, kt, Mt (products, raw materials, chemicals), TJ/GJ (ammonia "
                 "feedstock fuels at Tier 2, lubricants and paraffin waxes), m2/ha (electronics "
                 "substrate design capacity). The tier set in inventory.yml decides which rows a "
                 "category needs: cement 'cement' (Tier 1), 'clinker' (Tier 2) or "
                 "'carbonate:<mineral>' (Tier 3). F-gas product uses: activity "
                 "'<application>:<chemical>' (applications in fgas_applications.csv, e.g. "
                 "'commercial_refrigeration:R404A') = chemical charged into new products in the "
                 "year (bank applications) or sold (aerosols, solvents, open-cell foam); a "
                 "bank's opening stock is the parameter 'opening_bank'. Categories without an "
                 "IPCC default method (2.B.10, 2.C.7, 2.E.4, 2.E.5, 2.F.6, 2.G.2.b-c, 2.G.4, 2.H) "
                 "take 'other:<name>' (e.g. other:hydrogen) at Tier 2 or 3 with a country factor "
                 "per gas (parameters EF_mass or EF_unit); counts (AWACS planes, accelerators) "
                 "in 'item'. Fuels used as feedstock "
                 "or reducing agent belong here, not on the Energy sheet (see docs/ippu.md)."))
