"""Units of disclosed values: ``lode.core.units`` (in ``core`` so the crosswalk check
``crosswalk-unit`` in ``validate`` can judge a mapping's two units with the same registry
the disclosure checks convert with)."""

from ..core.units import Converted, UnitError, convert, factor, parse, registry  # noqa: F401
