"""The platform's machinery, with no campaign nouns: review workflows and their event rows, the
audit trail, keyset pagination, the public cache, exports, uploads and file checks, the import
engine, admin and form bases. It imports no domain app; the domain apps build on it."""
