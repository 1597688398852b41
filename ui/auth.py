"""RAG_AUTH, read once for every door of the server: the page (Gradio's login) and the /v1 API."""

from __future__ import annotations

import base64
import binascii
import secrets
from pathlib import Path

from rag.errors import RagError


def auth_pairs(spec: str) -> list[tuple[str, str]] | None:
    """RAG_AUTH as 'user:password' or a file with one such line each."""
    if not spec:
        return None
    path = Path(spec)
    lines = path.read_text().splitlines() if path.is_file() else [spec]
    pairs = [tuple(line.split(":", 1)) for line in lines if ":" in line]
    if not pairs:
        raise RagError("RAG_AUTH must be user:password or a file of such lines.")
    return [(u.strip(), p.strip()) for u, p in pairs]


def authorized(header: str, token: str, pairs: list[tuple[str, str]] | None) -> bool:
    """Whether an Authorization header opens an API: `Bearer <RAG_API_TOKEN>`, or, when the page has logins
    (RAG_AUTH), one of them as HTTP Basic or as `Bearer user:password`. Open when neither is set."""
    if not token and not pairs:
        return True
    scheme, _, given = header.partition(" ")
    scheme, given = scheme.lower(), given.strip()
    if scheme == "bearer" and token and secrets.compare_digest(given.encode(), token.encode()):
        return True
    if not pairs or scheme not in ("bearer", "basic"):
        return False
    if scheme == "basic":
        try:
            given = base64.b64decode(given, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
    return any(secrets.compare_digest(given.encode(), f"{u}:{p}".encode()) for u, p in pairs)


def guard(app, prefix: str, token: str, pairs: list[tuple[str, str]] | None) -> None:
    """Close every route under `prefix` (Gradio's MCP server, which its page login does not cover) to
    requests without `authorized` credentials: a 401 JSON error, as the /v1 API gives."""
    from starlette.responses import JSONResponse

    if not token and not pairs:
        return

    @app.middleware("http")
    async def _check(request, call_next):
        if request.url.path.startswith(prefix) and not authorized(
                request.headers.get("authorization", ""), token, pairs):
            return JSONResponse({"error": {"message": "Send the server's RAG_API_TOKEN as 'Authorization: Bearer "
                                           "<token>' (or a page login as 'user:password').", "type": "auth_error",
                                           "param": None, "code": "invalid_api_key"}}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        return await call_next(request)
