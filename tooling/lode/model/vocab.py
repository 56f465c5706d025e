"""The closed vocabularies of the data model, read from the JSON Schemas (the one place
they are written), so a value the schema accepts is always one the code knows.
``tests/unit/test_vocab.py`` checks every table in the code keyed by one of them.
Their order is the schema's, and reports list them in it (a verdict's completeness lists
the requirements from the strongest, as ``common.schema.json`` writes them)."""

from __future__ import annotations

from ..read.schemas import enum

FIDELITIES = enum("common", "/$defs/fidelity")
OBLIGATIONS = enum("common", "/$defs/obligation")
REQUIREMENTS = enum("common", "/$defs/requirement")
STATUSES = enum("common", "/$defs/status")
RELATIONS = enum("crosswalk", "/$defs/mapping/properties/relation")
RATIONALE_TYPES = enum("crosswalk", "/$defs/mapping/properties/rationale/properties/type")
ALIGNMENTS = enum("crosswalk", "/$defs/mapping/properties/alignment")
CONFIDENCES = enum("crosswalk", "/$defs/mapping/properties/confidence")
