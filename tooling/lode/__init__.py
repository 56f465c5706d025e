"""Lode: mining-sector ESG standards as schema-validated YAML in git.

The package is a library first: no module here prints or exits except ``cli``
(the command line) and ``mkdocs_plugin`` (the site adapter), which are thin
layers over it. Imports flow one way:
``codes/findings → loader → schemas → model → checks → corpus → validate → report``.
"""

__version__ = "0.1.0"
