"""Reading and writing the project's input files (Excel templates and CSV)."""
