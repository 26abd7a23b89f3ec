"""The import fixtures (tests/import_helpers.py) for every results test."""

from tests.import_helpers import import_plan, xlsx_file  # noqa: F401
