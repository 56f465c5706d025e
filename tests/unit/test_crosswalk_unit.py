"""crosswalk-unit: a metric-level equal row joins metrics whose values one fact can answer."""

from __future__ import annotations

import pytest

from lode.validate.crosswalks import _unit_problem


@pytest.mark.parametrize("a, b, problem", [
    (("number", "tCO2e"), ("number", "ktCO2e"), None),
    (("number", "t CO2e"), ("number", "万吨二氧化碳当量"), None),
    (("integer", "persons"), ("number", "persons"), None),
    (("number", "万吨标准煤"), ("number", "tce"), None),
    (("boolean", None), ("boolean", None), None),
    (("number", "tCO2e"), ("number", "m3"), "they are not of one dimension"),
    (("number", "persons"), ("number", "cases"), "they are not of one dimension"),
    (("number", "tCO2e"), ("number", None), "one side has a unit and the other none"),
    (("boolean", None), ("text", None), "a boolean cannot answer a text"),
    (("number", "bushels"), ("number", "tCO2e"), "Lode does not know the unit 'bushels'"),
])
def test_unit_problem(a, b, problem) -> None:
    got = _unit_problem(a, b)
    assert (got is None) if problem is None else (got is not None and got.startswith(problem))
