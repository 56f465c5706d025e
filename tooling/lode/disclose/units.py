"""Units of disclosed values: ``lode.core.units`` (in ``core`` so the crosswalk check
``crosswalk-unit`` in ``validate`` can judge a mapping's two units with the same grammar
the disclosure checks convert with)."""

from ..core.units import (EXAMPLES, MAX_FACTORS, MAX_LENGTH, Converted, Unit, UnitError,  # noqa: F401
                          accepted, convert, factor, parse, registry)
