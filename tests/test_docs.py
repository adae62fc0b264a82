"""Generated documentation tables are in sync with the code and the factor CSVs."""

from inventory.docs import main


def test_docs_are_generated_from_code_and_data():
    assert main(["--check"]) == 0, "run: python -m inventory.docs"
