"""Adding documents from the page: only when the operator turns it on, only behind a login; bad files get the
same plain reasons as `rag index`; the Documents view and the answers then include the new document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pagekit import KEYS, ask, start_server

pytestmark = pytest.mark.e2e
NOTE = ("---\ntitle: Basra port expansion plan\ndate: 2024-02-01\n---\n"
        "The Basra port authority said the new container terminal will open in 2026 with 14 berths. "
        "Officials said the expansion would double the port's capacity.\n")


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("upload"), RAG_ALLOW_UPLOAD="1", RAG_AUTH="reader:s3cret")


def test_upload_is_refused_without_a_login(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in KEYS and k != "RAG_AUTH"}
    env.update(RAG_ALLOW_UPLOAD="1", RAG_DATA=str(tmp_path))
    done = subprocess.run([str(Path(sys.executable).parent / "rag"), "serve"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and "needs a login" in done.stderr and "RAG_AUTH" in done.stderr, done.stderr


def test_adding_documents_from_the_page(browser, uploads, tmp_path):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(uploads["url"])
    page.get_by_label("username").fill("reader")
    page.get_by_label("password").fill("s3cret")
    page.get_by_role("button", name="Login").click()
    page.wait_for_selector("#question textarea", timeout=60_000)
    good, bad = tmp_path / "basra.md", tmp_path / "scan.pdf"
    good.write_text(NOTE)
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload input[type=file]").set_input_files([str(good), str(bad)])
    page.wait_for_timeout(1000)
    page.locator("#add-docs").click()
    page.wait_for_function("() => /added/.test(document.querySelector('#upload-result textarea').value)",
                           timeout=120_000)
    result = page.input_value("#upload-result textarea")
    assert "1 added" in result and "skipped scan.pdf: it is not a readable PDF" in result, result
    assert "Basra port expansion plan" in page.inner_text("#documents")
    page.get_by_role("tab", name="Chat").click()
    ask(page, "How many berths will the new Basra container terminal have?")
    assert "14" in page.locator("#chat .answer").last.inner_text()
    assert "Basra port expansion plan" in page.inner_text("#sources")
    page.context.close()
