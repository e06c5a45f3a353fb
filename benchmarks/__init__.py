"""Benchmarks that print what they measured as JSON; each runs as a module from the repository's
root, e.g. `python -m benchmarks.engine`. docs/benchmarks.md has today's figures."""
