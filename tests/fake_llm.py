"""A small OpenAI-compatible server for tests: /v1/chat/completions, streaming (SSE) or not, told what to do.

Modes: "ok" (answers with passage 1's first sentence cited [1]), "cite9" (cites [9] too), "nocite" (no markers),
"401", "429", "429-once", "500", "404", "hang", "garbage"; `delay` slows streaming. Every request body is kept in `requests`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLM:
    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[dict] = []
        self.hang_seconds = 10.0
        self.delay = 0.0  # seconds before each streamed piece: a slow model, for the page's Stop and queue
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer_for(self, body: dict) -> str:
        user = body["messages"][-1]["content"]
        m = re.search(r'<passage n="1"[^>]*>\n(.*?)\n</passage>', user, re.S)
        pieces = re.split(r"(?<=[.!?])\s+|\n+", m.group(1).strip()) if m else []
        first = next((p for p in pieces if p.endswith(".") and len(p) > 40), "Nothing.")
        if self.mode == "cite9":
            return f"{first} [1] The moon is made of cheese. [9]"
        if self.mode == "nocite":
            return "Iraq asked the troops to leave for many reasons."
        return f"{first} [1]"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _json(self, code: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                body["_auth"] = self.headers.get("Authorization", "")
                fake.requests.append(body)
                mode = fake.mode
                if mode == "429-once":
                    fake.mode = "ok"
                    mode = "429"
                errors = {"401": (401, "invalid_api_key"), "429": (429, "rate_limit_exceeded"),
                          "500": (500, "server_error"), "404": (404, "model_not_found")}
                if mode in errors:
                    code, kind = errors[mode]
                    return self._json(code, {"error": {"message": f"fake {kind}", "type": kind, "code": kind}})
                if mode == "hang":
                    time.sleep(fake.hang_seconds)
                    return self._json(500, {"error": {"message": "too late"}})
                if mode == "garbage":
                    data = b"<html>this is not json"
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                text = fake.answer_for(body)
                base = {"id": "chatcmpl-1", "created": int(time.time()), "model": body.get("model", "x")}
                if not body.get("stream"):
                    return self._json(200, {**base, "object": "chat.completion", "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}})
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = re.findall(r"\S+\s*", text)
                for piece in pieces:
                    time.sleep(fake.delay)
                    chunk = {**base, "object": "chat.completion.chunk",
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                end = {**base, "object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

        return Handler
