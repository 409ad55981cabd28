"""Project-level config helpers (bundled, upstream-compatible)."""
