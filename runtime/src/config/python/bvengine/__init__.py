"""Big Vision Studio's config engine, running inside pyodide.

Evaluates big_vision config files with real CPython semantics, records where every key was set, applies
command-line overrides exactly as ml_collections' config_flags does, and keeps config code in a sandbox.
"""
