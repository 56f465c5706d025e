"""Validation: the checks (``checks.py``, ``crosswalks.py``), their registry, and the run
of ``lode validate`` with its cache (``run.py``, ``cache.py``).

Importing this package registers every check and the codes it defines, so any part of
Lode that reads findings (reports, the codes page) sees the whole registry.
"""

from . import checks, crosswalks  # noqa: F401  (registration)
