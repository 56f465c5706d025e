"""Lode: mining-sector ESG standards as schema-validated YAML in git.

The package is a library first: nothing prints or exits except ``cli/`` (the command
line), and ``site/mkdocs_plugin.py`` is a thin adapter over the site generator. One
subpackage per pipeline stage; imports flow one way (``tests/unit/test_layout.py``):
``core → read → model → validate → edit → diff → crosswalk → release → disclose →
render → review → site → cli``. ``site/contributing.en.md`` (and its Chinese, ``.zh.md``)
draws the module map.
"""

from pathlib import Path

__version__ = "0.1.0"

# The package's own folder: the cache fingerprint hashes every module below it, and the
# schemas are found from it, whatever the depth of the module that asks.
PACKAGE_DIR = Path(__file__).resolve().parent
