"""Reference data for the campaign: GB/T 2260 regions and GB/T 4754-2017 industries.

Pure Python (the standard library and python-stdnum only, no Django), so that management
commands, migrations and scripts can all read the same records:

- :mod:`benchmarking.reference.regions` — provinces, prefectures and counties, with the
  campaign's treatment of the four municipalities, short names and a tile-grid map layout.
- :mod:`benchmarking.reference.industries` — the 20 sections and 97 divisions of
  GB/T 4754-2017 with the three-sector (三次产业) mapping.

Both raise :class:`ReferenceDataError` when their source does not look the way they expect.
"""


class ReferenceDataError(ValueError):
    """The source of some reference data is malformed or contradicts itself."""
