"""When a value is "exactly at" a limit: limits travel through unit conversions (2.4 mbar is
240.00000000000003 Pa), so "exactly" must forgive float noise but nothing a test can measure."""

import math

RELATIVE_TOLERANCE = 1e-9
ABSOLUTE_TOLERANCE = 1e-12


def at_limit(value: float, limit: float) -> bool:
    return math.isclose(value, limit, rel_tol=RELATIVE_TOLERANCE, abs_tol=ABSOLUTE_TOLERANCE)
