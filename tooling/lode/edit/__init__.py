"""Round-trip YAML rewriting of standards and editions (comments and key order kept)."""
