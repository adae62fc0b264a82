"""The review app's views (ipywidgets), one module per tab; :mod:`.app` assembles them."""
