"""The campaign core's importable kinds (the engine is ``core.imports``, whose package
docstring describes the kind interface): ``regions`` (participation and pilot status),
``plans`` (industry technical plans, published on import) and ``activities``; ``common`` holds
what these and the other apps' kinds (``companies.import_kinds``, ``standards.import_kinds``,
``thirdparty.import_kinds``) share. Registered by dotted path from ``BenchmarkingConfig.ready``."""
