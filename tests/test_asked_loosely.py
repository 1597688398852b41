"""Questions people type loosely: a follow-up whose "he" is the person the last answer named, a given name spelled
another way, "HQ" for headquarters, and "according to X" for a count X never gives.

Each case came from a question set written blind from the documents, and each failed before its rule. Every test
uses invented news text (never the seed corpus), so the rules are shown to be about news in general.
"""

from rag.condense import condense
from rag.evidence import assess
from rag.models import Hit, Passage
from rag.prompt import REFUSAL
from rag.text import spell_out
from tests.conftest import news_passages as _passages


def _turns(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_he_in_a_follow_up_is_the_person_the_last_answer_named():
    """"which minister did the envoy call" names no one; its answer does, and "when did he resign?" asks about
    that person."""
    history = _turns("which minister did the envoy call about the port deal",
                     "In short: Tomas Verhoeven [1]. The envoy called Finance Minister Tomas Verhoeven on Monday. [1]")
    assert condense("when did he resign?", history) == "When did Tomas Verhoeven resign?"
    # a question that asked for no person gives "he" no one to point at
    history = _turns("what did the envoy discuss about the port deal", "In short: Tomas Verhoeven [1].")
    assert "Verhoeven" not in condense("when did he resign?", history).split("(context:")[0]


def test_a_follow_up_that_names_its_own_year_drops_the_earlier_one():
    """"and how many were there in 2024?" after "... in january 2020" asks about 2024 alone."""
    history = _turns("how many foreign soldiers were in the country in january 2020", "In short: 4,000 [1].")
    standalone = condense("and how many were there in 2024?", history)
    assert "2024" in standalone and "2020" not in standalone and "january" not in standalone.lower(), standalone
    assert "foreign soldiers" in standalone, standalone


def _hit(text: str) -> Hit:
    return Hit(Passage("a", "a", "a", "t", "2023-01-01", text, 0, len(text), 0), 0.5, scores={"rrf": 0.5})


def test_a_given_name_spelled_another_way_is_found_by_its_al_surname():
    """Transliterated given names vary (Yousef / Youssef); "al-Karimi" is the same man."""
    hit = _hit("Former Prime Minister Youssef al-Karimi said the previous government had invited the troops.")
    assert assess("According to Yousef al-Karimi, which government invited the troops?", [hit], 0.15).answerable
    assert not assess("According to Yousef al-Hadi, which government invited the troops?", [hit], 0.15).answerable


def test_hq_is_headquarters():
    assert spell_out("why was the militia HQ bombed?") == "why was the militia headquarters bombed?"
    hit = _hit("Jets bombed the headquarters of the river militia on Friday.")
    assert assess("Why did jets bomb the militia HQ?", [hit], 0.15).answerable


def test_a_count_according_to_someone_comes_from_a_report_that_quotes_them(answerer):
    """"How many were killed, according to X?" is not answered by a count from a report in which X says
    nothing."""
    passages = _passages("Police fired on the marchers in the capital on Saturday, killing at least 12 people.",
                         "Health minister Lena Ostrova said hospitals were treating the wounded and asked donors "
                         "for blood.")
    assert answerer.answer("How many marchers were killed, according to Ostrova?", passages) == REFUSAL
    # "according to the reports" cites no one in particular
    assert "12" in answerer.answer("How many marchers were killed, according to the different reports?", passages)
    answer = answerer.answer("How many marchers were killed, according to the police?", _passages(
        "Police said at least 12 people were killed when marchers clashed with officers in the capital on Saturday."))
    assert "12" in answer, answer



def test_which_role_asks_for_a_person_and_a_lower_case_nationality_narrows_it(answerer):
    """"which german diplomat ..." is answered by the name beside the role, typed in lower case or not."""
    passages = _passages("Talks on the pipeline must resume before winter amid rising tensions in the Baltic region, "
                         "German Deputy Foreign Minister Klaus Brenner said.")
    for question in ("what german diplomat said the pipeline talks must resume?",
                     "Which German diplomat said the pipeline talks must resume?"):
        assert answerer.answer(question, passages).startswith("In short: German Deputy Foreign Minister Klaus "
                                                              "Brenner"), question


def test_a_when_answer_dates_the_act_asked_about():
    """"When did X resign?": of the chosen sentences, the lead dates the one that tells the resignation, not one
    that names X more fully."""
    from rag.extractive.candidates import candidates
    from rag.extractive.lead import lead
    from rag.extractive.question import Query

    passages = _passages("The request came during a phone call Thursday evening between the envoy and Governor Paul "
                         "Mendes.",
                         "Parties have yet to agree on a successor to outgoing Mendes, who resigned in March under "
                         "pressure from the strikes.")
    cands = candidates(passages)
    query = Query.of("When did Governor Paul Mendes resign?", cands, 2)
    line = lead(query, cands, [0, 1])
    assert "resigned in March" in line and "[2]" in line, line


def test_how_old_is_answered_only_by_an_age(answerer):
    passages = _passages("General Ivan Petrov, the army's chief of staff, was killed in a helicopter crash near the "
                         "border on Monday, the ministry said.")
    assert answerer.answer("how old was Petrov when he was killed?", passages) == REFUSAL
    aged = _passages("General Ivan Petrov, 61, the army's chief of staff, was killed in a helicopter crash near the "
                     "border on Monday, the ministry said.")
    assert "61" in answerer.answer("how old was Petrov when he was killed?", aged)
