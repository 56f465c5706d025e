"""The example disclosures of a repository (``examples/disclosures/``), checked against
the standards of a given root: what ``lode review`` compares at a pull request's base and
head to list the examples a change would flip from pass to fail."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import LodeError
from .run import check_path, read_disclosure

EXAMPLES = Path("examples") / "disclosures"


def check_examples(root: Path, examples: Path | None = None) -> dict[str, bool]:
    """Each example (by file name) and whether it passes against ``root``'s standards.

    Only examples pinned to an edition without a release (``std@edition``, checked against
    the work tree) can change with a pull request; an example pinned to a release checks a
    frozen text, so it is left out. An example that cannot be checked at all (its edition
    is missing at ``root``) counts as not passing.
    """
    folder = Path(examples) if examples is not None else Path(root) / EXAMPLES
    out: dict[str, bool] = {}
    for path in sorted(p for p in folder.glob("*") if p.suffix in (".yaml", ".yml", ".json")):
        try:
            data = read_disclosure(path, path.name).data
        except LodeError:
            out[path.name] = False
            continue
        pins = data.get("pins") if isinstance(data.get("pins"), list) else [data.get("pin")]
        if all(isinstance(pin, str) and "/r" in pin for pin in pins):
            continue
        try:
            out[path.name] = all(v.passed for v in check_path(path, root=Path(root), display=path.name))
        except LodeError:
            out[path.name] = False
    return out
