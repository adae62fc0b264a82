"""National Inventory Document draft (ghgi nid): see inventory.nid.document."""
