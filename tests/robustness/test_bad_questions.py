"""Bad questions through every door — the chain, the CLI and the page's /ask API: a plain message or a sensible
answer, never a traceback, never the system prompt, never a control character echoed back."""

from __future__ import annotations

import pytest

from rag.chat import Chat
from rag.errors import BadInputError
from rag.cli import main
from tests.pagekit import ask_api
from tests.robustness.cases import BAD_QUESTIONS, clean_output

CASES = list(BAD_QUESTIONS.items())
IDS = [name for name, _ in CASES]


@pytest.fixture(scope="module")
def chain(seeds_settings) -> Chat:
    return Chat(seeds_settings)


@pytest.mark.parametrize("name, case", CASES, ids=IDS)
def test_the_chain(chain, name, case):
    question, expected = case
    try:
        answer = chain.ask(question)
    except BadInputError as err:
        assert expected in ("message", "either") and str(err).strip(), name
        return
    assert expected in ("answer", "either"), f"{name}: expected a plain message, got an answer"
    assert answer.answer.strip() and clean_output(answer.answer + " ".join(answer.notices)), answer
    assert clean_output(answer.standalone_question or ""), "the searched-for text keeps control characters"


@pytest.mark.parametrize("name, case", CASES, ids=IDS)
def test_the_cli(seeds_settings, capsys, name, case):
    question, expected = case
    code = main(["--data", str(seeds_settings.data_dir), "ask", question])
    out = capsys.readouterr()
    assert "Traceback" not in out.err and clean_output(out.out)
    if expected == "message":
        assert code == 2 and out.err.startswith("rag: ") and out.err.count("\n") == 1, out.err
    elif expected == "answer":
        assert code == 0 and out.out.strip(), out.err
    else:
        assert code in (0, 2) and (out.out.strip() or out.err.startswith("rag: ")), out.err


def test_a_french_question_is_not_corrected_into_nonsense(chain):
    answer = chain.ask(BAD_QUESTIONS["non-English (French)"][0])
    assert "demandé" in answer.standalone_question and "demandsé" not in " ".join(answer.notices)


@pytest.mark.e2e
@pytest.mark.parametrize("name, case", CASES, ids=IDS)
def test_the_ask_api(server, name, case):
    question, expected = case
    result = ask_api(server["url"], question)
    if "error" in result:
        assert expected in ("message", "either") and result["error"], result
    else:
        assert expected in ("answer", "either") and result["answer"].strip(), result
        assert clean_output(result["answer"] + " ".join(result["notices"]))


@pytest.mark.e2e
@pytest.mark.parametrize("since, until", [("yesterday", ""), ("2024-13-45", ""), ("", "soon"), ("2024", "2020")])
def test_the_ask_api_checks_dates_like_the_cli(server, since, until):
    from gradio_client import Client

    result = Client(server["url"], verbose=False).predict("why did Iraq ask US troops to leave?", "", since, until,
                                                           api_name="/ask")
    assert result.get("error") and ("is not a date" in result["error"] or "is after" in result["error"]), result


@pytest.mark.e2e
def test_the_ask_api_takes_a_whole_month_or_year(server):
    from gradio_client import Client

    result = Client(server["url"], verbose=False).predict("why did Iraq ask US troops to leave?", "", "2024-01",
                                                           "2024", api_name="/ask")
    assert "error" not in result and result["citations"]
    assert all(c["date"].startswith("2024") for c in result["citations"])


@pytest.mark.e2e
@pytest.mark.parametrize("name, case", CASES, ids=IDS)
def test_the_page(browser, server, name, case):
    from tests.pagekit import answers, open_page, wait_answers

    question, expected = case
    page = open_page(browser, server)
    before = answers(page)
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    if expected == "message":  # nothing is sent; the page says what to do
        page.get_by_text("Please type a question.").first.wait_for(timeout=15_000)
        assert answers(page) == before
    else:
        wait_answers(page, before + 1)
        shown = page.locator("#chat .message.bot").last.inner_text()
        assert shown.strip() and "Something went wrong" not in shown and clean_output(shown), shown[:300]
    assert page.dialogs == []
    page.context.close()


@pytest.mark.e2e
@pytest.mark.parametrize("name, case", CASES, ids=IDS)
def test_the_openai_compatible_api(server, name, case):
    import json

    import httpx

    question, expected = case
    body = json.dumps({"model": "rag", "messages": [{"role": "user", "content": question}]})  # ASCII-escaped
    reply = httpx.post(server["url"] + "v1/chat/completions", timeout=120, content=body,
                       headers={"Content-Type": "application/json"})
    if reply.status_code != 200:
        assert 400 <= reply.status_code < 500 and expected in ("message", "either"), (reply.status_code, reply.text)
        assert reply.json()["error"]["message"]
    else:
        assert expected in ("answer", "either"), reply.text[:300]
        content = reply.json()["choices"][0]["message"]["content"]
        assert content.strip() and clean_output(content), content[:300]
