"""`rag serve` stops when asked (Ctrl-C, or SIGTERM from a service manager) even while a client keeps a connection
open: Gradio's client holds one for its heartbeat, and uvicorn waited for it without end."""

import os
import signal
import time

import pytest

from tests.pagekit import start_server


@pytest.fixture
def server(tmp_path):
    yield from start_server(tmp_path, browser=False)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_stops_while_a_client_is_connected(server, sig):
    from gradio_client import Client

    client = Client(server["url"], verbose=False)
    assert "answer" in client.predict("who was killed with soleimani", api_name="/ask")
    os.kill(server["pid"], sig)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pid, _ = os.waitpid(server["pid"], os.WNOHANG)
        if pid:
            break
        time.sleep(0.2)
    else:
        pytest.fail("rag serve was still running 60 s after it was asked to stop")
