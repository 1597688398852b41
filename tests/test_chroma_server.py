"""The same index and answers through a Chroma server (`chroma run`) started here on loopback."""

from __future__ import annotations

import pytest

from index.build import build_index
from rag.chat import Chat
from rag.errors import RagError
from tests.conftest import SEEDS, free_port, make_settings, start_chroma

pytestmark = pytest.mark.e2e



@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    proc = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_index_and_answers_are_the_same_through_a_chroma_server(chroma_server, seeds_settings, tmp_path):
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server)
    first = build_index(settings, SEEDS, progress=False)
    assert len(first.added) == 5
    again = build_index(settings, SEEDS, progress=False)
    assert again.added == [] and len(again.unchanged) == 5
    question = "How many US troops are in Iraq according to the Pentagon?"
    served = Chat(settings).ask(question)
    embedded = Chat(seeds_settings).ask(question)
    assert served.answer == embedded.answer
    assert [h.passage.chunk_id for h in served.retrieved] == [h.passage.chunk_id for h in embedded.retrieved]
    assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the local store


def test_unreachable_chroma_server_is_a_plain_error(tmp_path):
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(RagError, match="Could not reach the Chroma server"):
        Chat(settings).ask("anything about troops?")


def test_a_chroma_cloud_key_selects_the_cloud_client_and_failing_to_reach_it_is_a_plain_error(tmp_path):
    """Chroma Cloud cannot be reached from here: point its host at a closed port on this machine."""
    settings = make_settings(tmp_path / "data", chroma_api_key="ck-test", chroma_cloud_host="127.0.0.1")
    with pytest.raises(RagError, match="Could not reach Chroma Cloud at 127.0.0.1"):
        Chat(settings).ask("anything about troops?")
    assert not (tmp_path / "data" / "chroma").exists()  # not the local store


def test_tenant_and_database_reach_the_chroma_server(chroma_server, tmp_path):
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=chroma_server,
                             chroma_tenant="no_such_tenant")
    with pytest.raises(RagError, match="Chroma server.*CHROMA_TENANT"):
        build_index(settings, SEEDS, progress=False)
