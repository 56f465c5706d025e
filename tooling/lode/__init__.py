"""Lode: mining-sector ESG standards as schema-validated YAML in git.

The package is a library first: no module here prints or exits except ``cli``
(the command line) and ``mkdocs_plugin`` (the site adapter), which are thin
layers over it. Imports flow one way:
``codes/findings → loader → schemas → model → checks → corpus → validate → report``.
"""

from pathlib import Path

__version__ = "0.1.0"

# The package's own folder: the cache fingerprint hashes every module below it, and the
# schemas are found from it, whatever the depth of the module that asks.
PACKAGE_DIR = Path(__file__).resolve().parent
