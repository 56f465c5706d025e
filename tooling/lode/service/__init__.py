"""The checking service (``lode serve-checks``): the disclosure checker behind an ASGI app.

An upload page for companies, an API for validators, signed receipts. It adds no
checking logic of its own: every verdict is made by the library functions ``lode
check`` calls (``disclose.batch.check_one``) and rendered by the same renderer, so the
API's JSON verdict is the CLI's, byte for byte.

Modules: ``codes`` (the service's refusal codes), ``limits`` (every bound, one place),
``pool`` and ``worker`` (checks in resource-limited processes), ``uploads`` (multipart
and zip input, streamed into a per-request folder), ``catalog`` (the releases served),
``receipts`` (signed receipts), ``tokens`` (API tokens, stored hashed), ``jobs``
(batches), ``page`` (the companies' HTML), ``app`` (routes and refusals).
"""

from . import codes  # noqa: F401, E402 - the service's refusal codes, registered before any is raised
