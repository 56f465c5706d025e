"""The refusal codes of the checking service, registered with every other code
(``core.codes``) so a service refusal reads like a CLI one: a stable code, a class that
decides the exit code (and here the HTTP status, ``app.status_of``), a hint.

A disclosure the service refuses for what it *is* (YAML with an alias, a file over the
size limit) gets the CLI's own code, from the CLI's own reader: these codes are only for
what the CLI never sees (an upload, a zip, a worker's limits, a token).
"""

from __future__ import annotations

from ..core.codes import define

define("upload-form", "error", "input", "the request is not a multipart form with a `file` field",
       "send multipart/form-data with the disclosure in a field named `file` (and optionally `pin`)")
define("upload-size", "error", "input", "the upload is larger than the service's limit",
       "split the batch, or check the file with the `lode check` command")
define("upload-type", "error", "input", "the uploaded file is not .xlsx, .yaml, .yml or .json",
       "upload the filled-in template workbook (.xlsx) or a disclosure in YAML or JSON")
define("upload-slow", "error", "input", "the upload did not arrive within the service's time limit",
       "retry on a faster connection, or send a smaller file")
define("zip-invalid", "error", "input", "the batch is not a readable, unencrypted zip archive",
       "make the archive with a standard zip tool, without a password")
define("zip-entries", "error", "input", "the zip archive has more entries than the service's limit",
       "split the batch into several archives")
define("zip-expansion", "error", "input", "the zip archive expands beyond the service's limits (a zip bomb?)",
       "zip the disclosures as they are; an entry may expand at most the ratio the service allows")
define("check-timeout", "error", "input", "the check took longer than the service's time limit",
       "check the file with the `lode check` command, or simplify it")
define("check-resources", "error", "input", "the check ran out of the memory or CPU time one check may use",
       "check the file with the `lode check` command, or simplify it")
define("token-required", "error", "config", "this endpoint needs an API token",
       "send `Authorization: Bearer TOKEN` with a token made by `lode serve-checks token create`")
define("rate-limited", "error", "config", "too many checks from this client; wait and retry",
       "wait the number of seconds the Retry-After header gives, or ask for an API token")
define("not-found", "error", "config", "no such page, release or batch on this service",
       "see the API documentation at /api; a batch is kept only for its retention period")
define("receipt-invalid", "error", "pin", "not a receipt of a Lode checking service, or changed since it was signed",
       "use the receipt file exactly as the service gave it; a changed byte voids the signature")
