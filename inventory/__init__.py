"""GHG Inventory Workbench: IPCC 2006 inventory compilation with UNFCCC CRT reporting."""

__version__ = "0.1.0"
