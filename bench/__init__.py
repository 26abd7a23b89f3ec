"""Benchmarks (scripts) and the settings/URLconf they serve under gunicorn."""
