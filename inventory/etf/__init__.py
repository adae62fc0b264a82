"""CRT Data Exchange JSON of the UNFCCC ETF reporting tool: writer, reader, import rules.

* :mod:`~inventory.etf.writer` -- ``ghgi etf export``: every CRT cell we fill, by ETF variable
  UID, per inventory year;
* :mod:`~inventory.etf.reader` -- the JSON back into our CRT cells (round trip, tool exports);
* :mod:`~inventory.etf.rules` -- ``ghgi etf check``: the import rules etf-cli enforces;
* :mod:`~inventory.etf.mapping` / :mod:`~inventory.etf.names` -- the cell -> name mapping data
  and the common-variables UIDs; :mod:`~inventory.etf.metadata` -- the tool's metadata file;
* :mod:`~inventory.etf.encoding` -- numbers, notation keys and codes as the format writes them.

See docs/etf.md.
"""
