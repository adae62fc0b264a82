"""CRT sheets of sector 1: Table1, Table1.A(a)s1-s4, Table1.A(b)-(d), Table1.B.1, Table1.B.2,
Table1.C and Table1.D (registered on import)."""

from sectors.energy.crt import fugitive, memo_items, reference, tables  # noqa: F401
