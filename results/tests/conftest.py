from results.tests.portal_values import draft_a, draft_a_with_report, prefixes  # noqa: F401  (fixtures)
