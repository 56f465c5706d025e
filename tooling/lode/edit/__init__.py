"""Rewriting YAML files: round-trip load and dump, the canonical layout, new editions, Lode's translation fingerprints."""
