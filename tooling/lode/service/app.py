"""The ASGI application: routes, and the one place a refusal becomes an HTTP answer.

Every refusal is a :class:`LodeError` with a registered code; :func:`status_of` maps its
code (or class) to a 4xx, and the body is coded JSON for the API or the page for a
person. An unexpected exception is a 500 with the code ``internal`` and no traceback.
The docs are plain HTML made from the OpenAPI document (``/api``), since the default
interactive docs load their script from a CDN.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .. import __version__
from ..core.codes import CODES
from ..core.errors import LodeError
from . import codes  # noqa: F401 - registers the service's codes
from . import page
from .checks import Checked, Checker, parse_pins
from .jobs import Jobs
from .limits import Limits, RateLimiter
from .tokens import Tokens
from .uploads import Form, expand_zip, read_form, suffix_of

_STATUS = {"upload-size": 413, "zip-entries": 413, "zip-expansion": 413, "upload-slow": 408,
           "upload-form": 400, "token-required": 401, "rate-limited": 429, "not-found": 404, "pin-syntax": 400,
           "usage": 400}
_BY_CLASS = {"input": 422, "pin": 422, "config": 400, "content": 422}


def status_of(error: LodeError) -> int:
    code = error.finding.code
    return _STATUS.get(code) or _BY_CLASS.get(CODES[code].klass, 500)


def _error_json(error: LodeError, status: int) -> dict[str, Any]:
    return {"lode-error": 1, "status": status, "code": error.finding.code,
            "findings": [f.to_dict() for f in error.findings]}


@dataclass
class Settings:
    root: Path
    limits: Limits
    workers: int = 2
    key: Path | None = None
    principal: str = "lode-checks"
    config: Path | None = None
    allowed_signers: str = ""


def _lang(request: Request, form: Form | None = None) -> str:
    lang = (form.field("lang") if form else None) or request.query_params.get("lang", "zh")
    return lang if lang in page.LANGS else "zh"


def create_app(settings: Settings) -> FastAPI:
    limits = settings.limits
    state: dict[str, Any] = {}
    scratch = Path(tempfile.mkdtemp(prefix="lode-serve-"))  # every request's folder lives in here

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        checker = Checker(settings.root, limits, settings.workers, settings.key, settings.principal)
        state.update(checker=checker, jobs=Jobs(checker), tokens=Tokens(settings.config),
                     rate=RateLimiter(limits.rate_per_minute))
        try:
            yield
        finally:
            state["jobs"].close()
            checker.close()
            shutil.rmtree(scratch, ignore_errors=True)

    app = FastAPI(title="Lode checking service", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url="/api/v1/openapi.json",
                  description="Checks ESG disclosures against released frameworks. The JSON verdict is "
                              "`lode check FILE --format json`, byte for byte; each verdict comes with a receipt "
                              "signed by the service (`lode verify-receipt`). Refusals are coded: "
                              '`{"lode-error": 1, "status", "code", "findings": [...]}`.')

    def checker() -> Checker:
        return state["checker"]

    def api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(LodeError)
    async def refused(request: Request, error: LodeError) -> Response:
        status = status_of(error)
        wait = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(wait)} if wait else {}
        if api(request):
            return JSONResponse(_error_json(error, status), status, headers=headers)
        return HTMLResponse(page.refusal(_lang(request), error.findings), status, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        code = "not-found" if error.status_code in (404, 405) else "usage"
        return await refused(request, LodeError.of(code, f"{request.method} {request.url.path}: {error.detail}", ""))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        return await refused(request, LodeError.of("usage", "the request's parameters are not valid", ""))

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> Response:
        e = LodeError.of("internal", f"internal error: {type(error).__name__}", "")
        return JSONResponse(_error_json(e, 500), 500)

    async def form_of(request: Request, folder: Path, batch: bool) -> Form:
        max_bytes = limits.batch_bytes if batch else limits.upload_bytes * 2 + 64 * 1024
        return await read_form(request.headers, request.stream(), folder, limits, max_bytes,
                               limits.batch_files if batch else 1)

    def one_file(form: Form) -> Any:
        files = form.files.get("file", [])
        if len(files) != 1:
            raise LodeError.of("upload-form", "send exactly one file, in the form field `file`", "")
        if files[0].size > limits.upload_bytes:
            raise LodeError.of("upload-size", f"{files[0].name} has {files[0].size:,} bytes; the limit is "
                               f"{limits.upload_bytes:,}", files[0].name)
        return files[0]

    def rate(request: Request) -> None:
        wait = state["rate"].wait(request.client.host if request.client else "?")
        if wait:
            error = LodeError.of("rate-limited", f"more than {limits.rate_per_minute} checks a minute from this "
                                 f"client; retry in {wait} s", "")
            error.retry_after = wait  # type: ignore[attr-defined] - the Retry-After header of the answer
            raise error

    def token(request: Request) -> None:
        if not state["tokens"].allows(request.headers.get("authorization")):
            raise LodeError.of("token-required", "this endpoint needs a valid API token", "")

    def receipt_header(receipt: bytes | None) -> dict[str, str]:
        return {"Lode-Receipt": base64.b64encode(receipt).decode("ascii")} if receipt else {}

    # --- the page ---------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, summary="The upload page (zh; ?lang=en for English)")
    async def home(request: Request) -> HTMLResponse:
        c = checker()
        titles = {r.pin: c.catalog.title(r.pin) for r in c.catalog.releases}
        return HTMLResponse(page.home(_lang(request), c.catalog.releases, titles, limits.upload_bytes / 2**20))

    @app.post("/check", response_class=HTMLResponse, summary="Check an upload from the page (HTML answer)",
              openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": ["file"], "properties": {
                      "file": {"type": "string", "format": "binary"},
                      "pin": {"type": "array", "items": {"type": "string"}}, "lang": {"type": "string"}}}}}}})
    async def check_page(request: Request) -> HTMLResponse:
        rate(request)
        with tempfile.TemporaryDirectory(dir=scratch) as tmp:
            form = await form_of(request, Path(tmp), batch=False)
            lang = _lang(request, form)
            upload = one_file(form)
            pins = parse_pins(form.fields.get("pin", []))
            c = checker()
            done: Checked = await run_in_threadpool(c.check, upload, pins, lang)
            receipt = await run_in_threadpool(c.receipt, "check", [done.entry()])
            sections = [page.checked_section(done, receipt, lang)]
            statuses = [_http_of(done)]
        return HTMLResponse(page.result(lang, sections), max(statuses))

    @app.get("/template", summary="The template workbook of a served release",
             responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
    async def template(pin: str) -> Response:
        c = checker()
        release = c.catalog.get(pin)
        data = await run_in_threadpool(c.catalog.template, release.pin)
        name = f"{release.standard}-{release.edition}-r{release.release}-template.xlsx"
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/api", response_class=HTMLResponse, summary="This documentation")
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(page.api_page(app.openapi()))

    # --- the API ----------------------------------------------------------------------

    @app.get("/api/v1/releases", summary="The releases this service checks against, newest first")
    async def releases() -> dict[str, Any]:
        return {"lode-releases": 1, "releases": [r.to_dict() for r in checker().catalog.releases]}

    @app.get("/api/v1/allowed-signers", summary="The allowed_signers line of the service's receipt key",
             response_class=Response, responses={200: {"content": {"text/plain": {}}}})
    async def allowed_signers() -> Response:
        if not settings.allowed_signers:
            raise LodeError.of("not-found", "this service signs no receipts (it was started without a key)", "")
        return Response(settings.allowed_signers, media_type="text/plain")

    @app.post("/api/v1/checks", summary="Check one file (anonymous; rate-limited per client)",
              description="Multipart form: `file` (the disclosure: .xlsx, .yaml, .yml or .json) and optionally "
                          "`pin`. The body is the JSON verdict of `lode check FILE --format json` for the same "
                          "file name and pin, byte for byte; status 200 for PASS, PASS WITH WARNINGS and FAIL, "
                          "422 for a file refused (REJECTED, PIN FAILED) with the CLI's codes. The header "
                          "`Lode-Receipt` holds the signed receipt, base64-encoded; `Lode-Status` the status.",
              responses={200: {"content": {"application/json": {}}}},
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": ["file"], "properties": {
                      "file": {"type": "string", "format": "binary"},
                      "pin": {"type": "array", "items": {"type": "string"}}}}}}}})
    async def check_api(request: Request) -> Response:
        rate(request)
        with tempfile.TemporaryDirectory(dir=scratch) as tmp:
            form = await form_of(request, Path(tmp), batch=False)
            upload = one_file(form)
            pins = parse_pins(form.fields.get("pin", []))
            c = checker()
            done = await run_in_threadpool(c.check, upload, pins)
        receipt = await run_in_threadpool(c.receipt, "check", [done.entry()])
        return Response(done.json, _http_of(done), media_type="application/json",
                        headers={"Lode-Status": done.status, **receipt_header(receipt)})

    @app.post("/api/v1/batches", status_code=202, summary="Check many files, or one zip of them (API token)",
              description="Multipart form: several `file` fields, or one `.zip`; optionally `pin` (for files "
                          "that name none) and `retain` (seconds to keep the verdicts; the service's default "
                          "otherwise). Answers 202 with the job; poll `GET /api/v1/batches/{job}`. Needs "
                          "`Authorization: Bearer TOKEN`.",
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": ["file"], "properties": {
                      "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                      "pin": {"type": "array", "items": {"type": "string"}}, "retain": {"type": "integer"}}}}}}})
    async def batch(request: Request) -> JSONResponse:
        token(request)
        folder = Path(tempfile.mkdtemp(dir=scratch))
        try:
            form = await form_of(request, folder, batch=True)
            pins = parse_pins(form.fields.get("pin", []))
            retain = _retain(form.field("retain"), limits)
            files = form.files.get("file", [])
            if not files:
                raise LodeError.of("upload-form", "send the files in `file` fields, or one .zip", "")
            if len(files) == 1 and suffix_of(files[0].name) == ".zip":
                zipped = files[0]
                files = await run_in_threadpool(expand_zip, zipped, folder, limits, 2)
                zipped.path.unlink()
            job = state["jobs"].start(files, pins, retain, folder)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return JSONResponse(job.to_dict(), 202, headers={"Location": f"/api/v1/batches/{job.id}"})

    @app.get("/api/v1/batches/{job_id}", summary="A batch's progress and its summary per pin (API token)")
    async def batch_status(job_id: str, request: Request) -> dict[str, Any]:
        token(request)
        return state["jobs"].get(job_id).to_dict()

    @app.get("/api/v1/batches/{job_id}/verdicts", summary="A finished batch's verdicts, as `lode check --format "
             "json` gives them (API token)", response_class=Response,
             responses={200: {"content": {"application/json": {}}}})
    async def batch_verdicts(job_id: str, request: Request) -> Response:
        token(request)
        job = state["jobs"].get(job_id)
        if job.state != "done":
            return JSONResponse(job.to_dict(), 409)
        return Response(job.verdicts_json(), media_type="application/json")

    @app.get("/api/v1/batches/{job_id}/receipt", summary="The signed receipt of a finished batch (API token)",
             response_class=Response, responses={200: {"content": {"text/plain": {}}}})
    async def batch_receipt(job_id: str, request: Request) -> Response:
        token(request)
        job = state["jobs"].get(job_id)
        if job.receipt is None:
            raise LodeError.of("not-found", "no receipt: the batch is still running, or the service signs none", "")
        return Response(job.receipt, media_type="text/plain")

    @app.delete("/api/v1/batches/{job_id}", status_code=204, summary="Forget a batch now (API token)")
    async def batch_delete(job_id: str, request: Request) -> Response:
        token(request)
        state["jobs"].delete(job_id)
        return Response(status_code=204)

    @app.get("/healthz", summary="Liveness: the workers are up")
    async def health() -> dict[str, Any]:
        return {"ok": True, "workers": checker().pool.size, "replaced": checker().pool.replaced}

    return app


def _http_of(checked: Checked) -> int:
    return 422 if checked.refused else 200


def _retain(text: str | None, limits: Limits) -> int:
    if text is None:
        return limits.retain_seconds
    if not text.isdigit() or not 0 <= int(text) <= limits.retain_max_seconds:
        raise LodeError.of("upload-form", f"`retain` is seconds from 0 to {limits.retain_max_seconds}", "")
    return int(text)
