"""Factories shared by tests and benchmarks (test-only code: not part of the package)."""
