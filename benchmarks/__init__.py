"""Benchmark runners (see run.py); not part of the fundlens package."""
