"""The closed vocabularies are written once, in the schemas: every table in the code
keyed by one of them covers exactly its values, so a value added to a schema can never
reach code that does not know it (and a stale key never lingers)."""

from __future__ import annotations

import pytest

from lode.crosswalk import io, views
from lode.diff import classify
from lode.model import crosswalk, vocab
from lode.site import i18n

TABLES = [
    ("crosswalk.INVERSE", crosswalk.INVERSE, vocab.RELATIONS),
    ("crosswalk.INVERSE values", set(crosswalk.INVERSE.values()), vocab.RELATIONS),
    ("views.SYMBOL", views.SYMBOL, vocab.RELATIONS),
    ("views.CLOSENESS + no-relationship", (*views.CLOSENESS, "no-relationship"), vocab.RELATIONS),
    ("io.PREDICATES", io.PREDICATES, vocab.RELATIONS),
    ("io.CONFIDENCE_SCORE", io.CONFIDENCE_SCORE, vocab.CONFIDENCES),
    ("io.CHOICES relation", io.CHOICES["relation"], vocab.RELATIONS),
    ("classify obligation ranks", set(classify._OBLIGATION_RANK) - {None}, vocab.OBLIGATIONS),
    ("classify requirement ranks", set(classify._REQUIREMENT_RANK) - {None}, vocab.REQUIREMENTS),
    ("i18n obligation", i18n._ENUMS["obligation"], vocab.OBLIGATIONS),
    ("i18n requirement", i18n._ENUMS["requirement"], vocab.REQUIREMENTS),
    ("i18n fidelity", i18n._ENUMS["fidelity"], vocab.FIDELITIES),
    ("i18n fidelity-long", i18n._ENUMS["fidelity-long"], vocab.FIDELITIES),
    ("i18n status", i18n._ENUMS["status"], vocab.STATUSES),
    ("i18n relation", i18n._ENUMS["relation"], vocab.RELATIONS),
]


@pytest.mark.parametrize("name, table, vocabulary", TABLES, ids=[t[0] for t in TABLES])
def test_table_covers_exactly_the_schema_vocabulary(name, table, vocabulary) -> None:
    assert set(table) == set(vocabulary), name


def test_vocabularies_are_read_from_the_schemas() -> None:
    assert vocab.RELATIONS == ("equal", "subset-of", "superset-of", "intersects-with", "no-relationship")
    assert "illustrative" in vocab.FIDELITIES and "shall-not" in vocab.OBLIGATIONS
