"""``disclosures``: the disclosure checks' benchmark (``disclosures.py``, from the
disclosure issue), registered here beside the others."""

from __future__ import annotations

from typing import Any

from common import benchmark


@benchmark("disclosures", "lode check on generated disclosures, files/s/core against python-jsonschema alone, interleaved")
def bench_disclosures(ctx: Any) -> dict[str, Any]:
    import disclosures

    return disclosures.run(ctx.tmp, ctx.disclosures, ctx.seed, ctx.runs(1))
