"""Questions typed in shorthand ("FM", "Dept", "acc to", "whats", "4th"), a word two letters away from another
word, a sentence that names its subject only through "his", and near-misses: "who took over as X", "did NATO ...",
a role no passage writes, "in 2020 and more recently", a who-got-killed answer padded by another report, and a
tie broken by string hashing. Each case came from a question set written blind
from the documents and failed before its rule. Every test but the last uses invented news text; the last runs on
the seed corpus because invented text did not reproduce its case.
"""

from rag.keyword import KeywordIndex
from rag.models import Hit, Passage
from rag.prompt import is_refusal
from tests.conftest import news_passages


def _hit(text: str) -> Hit:
    return Hit(Passage("a", "a", "a", "t", "2023-01-01", text, 0, len(text), 0), 0.5, scores={"rrf": 0.5})


def test_a_word_two_letters_longer_is_not_read_as_a_typo():
    """"spreading" is not a misspelling of "reading" (nor "spokeswoman" of "spokesman"): a typo or a
    transliteration adds or drops at most one letter, so the question keeps its own word."""
    texts = ["A reading of the call was published on Thursday by the spokesman.",
             "The minister warned that the violence in the region could widen."]
    index = KeywordIndex.build([Passage(f"d#{i}", "d", "d.txt", "T", None, t, 0, len(t), i)
                                for i, t in enumerate(texts)])
    question = "what did the spokeswoman say about the fighting spreading in the region?"
    assert index.correct(question) == question
    assert index.correct("what did the spokesmen say") == "what did the spokesman say"


def test_a_deputy_fm_is_a_deputy_foreign_minister():
    """"russian deputy FM Petrov - his take?": the passages write "Deputy Foreign Minister"; before, the answer
    was "no passage mentions FM"."""
    from rag.evidence import assess

    hit = _hit("Ostland and Doria must reach a mutually acceptable deal on the withdrawal of foreign forces, "
               "Russian Deputy Foreign Minister Ivan Petrov said.")
    assert assess("russian deputy FM petrov - his take on the forces leaving doria?", [hit], 0.15).answerable
    hit = _hit("The State Department said the call between the two ministers covered the border talks.")
    assert assess("what did the State Dept. say about the call?", [hit], 0.15).answerable


def test_whats_asks_what():
    """"whats driving ..." is "what is driving"; "whats" is no word of the matter the passages must cover (before,
    it counted as one they miss, and the question was refused as too little covered)."""
    from rag.evidence import assess

    hit = _hit("The governor said the strike on the depot was the reason the talks were suspended.")
    assert assess("Whats driving the halt in the depot talks?", [hit], 0.15).answerable


def test_get_is_no_word_the_passages_must_cover():
    """"whats the only way to get rid of the flooding risk": "get" only carries "rid"; before, it counted as a
    word the passages miss, and the question was refused as too little covered."""
    from rag.evidence import assess

    hit = _hit("The governor said the flooding in the valley could only be stopped by finishing the dam.")
    question = "acc to the governor whats the only way to get rid of the flooding risk in the valley"
    verdict = assess(question, [hit], 0.15)
    assert verdict.answerable, verdict


def test_a_4th_anniversary_is_the_fourth_and_his_names_the_man_before(answerer):
    """"what happened on the 4th anniversary of Karimi's death": the report writes "On the fourth anniversary of
    his death, ...", after a sentence that names Karimi. "4th" is "fourth", and the sentence is about Karimi."""
    passages = news_passages("Hamid Karimi was Doria's top military strategist and oversaw militias across the region. "
                             "On the fourth anniversary of his death, two explosions hit a memorial in the capital, "
                             "killing nearly 50 people.",
                             "The Doria parliament voted on Sunday to expel the foreign forces from the country.")
    text = answerer.answer("what happened on the 4th anniversary of karimi's death", passages)
    assert not is_refusal(text) and "explosions" in text, text


def test_who_took_over_asks_for_someone_new(answerer):
    """"after X was killed, who took over as commander of the brigade?": a sentence naming only X as its
    commander says nothing of a successor, so the documents don't say (before, that sentence was the answer); one
    naming the successor answers, and the first line names him."""
    killed = ("At least two people were killed in the strike, including Hamid Karimi, the commander of the Northern "
              "Brigade, which the government has designated a terrorist group.")
    question = "after karimi was killed who took over as commander of the northern brigade?"
    text = answerer.answer(question, news_passages(killed, "The cabinet met on Wednesday to discuss the budget."))
    assert is_refusal(text), text
    text = answerer.answer(question, news_passages("Yusuf Adem took over as commander of the Northern Brigade a week "
                                                   "after the strike, the group said.", "The cabinet met on Tuesday."))
    assert text.startswith("In short: Yusuf Adem"), text


def test_a_year_and_more_recently_asks_for_both_periods(answerer):
    """"what did the governors demand of the dam builders back in 2019 and more recently?": the later reports
    answer the "more recently" part; before, only 2019's were allowed."""
    from rag.prompt import PromptPassage

    passages = [PromptPassage(1, "Report", "2019-05-02", "1.txt", "Governor Ana Ruiz demanded that the dam builders "
                              "halt work on the river until the flood study was published."),
                PromptPassage(2, "Report", "2023-06-11", "2.txt", "Governor Karl Brandt demanded that the dam builders "
                              "pay for the villages flooded by the new reservoir.")]
    text = answerer.answer("what did the governors demand of the dam builders back in 2019 and more recently?",
                           passages)
    assert "Ana Ruiz" in text and "Karl Brandt" in text, text


def test_a_yes_no_question_about_an_actor_needs_a_sentence_naming_it(answerer):
    """"did the Red Cross suspend its aid mission after the strike?": sentences about the strike that never name
    the Red Cross don't say what it did (before, they were the answer); one that names it answers."""
    strike = ("General Hamid Karimi was killed in a drone strike near the capital's airport on March 3.",
              "Governor Ana Ruiz promised to expel the foreign forces after the drone strike killed the general.")
    question = "did the Red Cross suspend its aid mission in doria after karimi was killed"
    assert is_refusal(answerer.answer(question, news_passages(*strike)))
    text = answerer.answer(question, news_passages(*strike, "The Red Cross suspended its aid mission in Doria a week "
                                                            "after Karimi was killed."))
    assert not is_refusal(text) and "Red Cross suspended" in text, text


def test_a_role_no_passage_writes_in_any_words_is_not_there():
    """"what did Doria's foreign minister say about the strike?" over passages that name no foreign minister (nor a
    "top diplomat"): the documents don't say; before, a role never written was taken as written in other words,
    and the strike's sentences were the answer."""
    from rag.evidence import assess

    hit = _hit("Governor Ana Ruiz said the drone strike that killed the commander in the capital violated Doria's "
               "sovereignty.")
    verdict = assess("What did Doria's foreign minister say about the drone strike in the capital?", [hit], 0.15)
    assert not verdict.answerable and "Doria's foreign minister" in verdict.reason, verdict
    hit = _hit("Doria's top diplomat, Karl Brandt, said the drone strike in the capital violated its sovereignty.")
    verdict = assess("What did Doria's foreign minister say about the drone strike in the capital?", [hit], 0.15)
    assert verdict.answerable, verdict


def test_the_passages_for_two_named_years_do_not_depend_on_the_process():
    """A passage that names both asked years used to tie the two years for first place, and the tie was broken by
    the process's string hashing: the same question got other passages, and another answer, from run to run."""
    import json
    import os
    import subprocess
    import sys

    script = ("import json\n"
              "from rag.models import Hit, Passage\n"
              "from rag.retrieve import by_period\n"
              "texts = [('2024-01-05', 'Four years after the strike of January 2020, the talks of 2024 resumed.'),\n"
              "         ('2020-01-10', 'The strike in January 2020 killed the commander.'),\n"
              "         ('2024-01-09', 'In January 2024 the minister said the talks would resume.'),\n"
              "         ('2020-01-14', 'Protests followed in January 2020.'),\n"
              "         ('2024-01-10', 'The coalition answered in January 2024.')]\n"
              "hits = [Hit(Passage(f'c{i}', f'd{i}', f'{i}.txt', 'T', d, t, 0, len(t), 0), 1.0 - i / 10,\n"
              "            scores={'rrf': 1.0 - i / 10}) for i, (d, t) in enumerate(texts)]\n"
              "print(json.dumps([h.passage.chunk_id for h in by_period(hits, 3, {'2020', '2024'})]))\n")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(runs) == 1 and len(json.loads(runs.pop())) == 3, runs


def test_who_got_killed_is_not_padded_with_another_reports_sentences_naming_no_one(chat):
    """Once a report names who was killed ("including X"), another report's sentences about the same strike that
    name no person ("killed a commander in the PMF", "according to the Pentagon") only pad the answer; before,
    they stayed. (On the seed corpus: invented text did not reproduce the ranking that let them in.)"""
    answer = chat.ask("who got killed when the US bombed the PMF headquarters in baghdad last january?")
    assert answer.answer.startswith("In short:"), answer.answer
    assert len({c.hit.passage.source for c in answer.citations}) == 1, answer.answer


def test_a_number_called_for_is_not_a_number_that_turned_out(answerer):
    """"how many people actually showed up for the march?": "X called on Tuesday for one million people to
    march" gives a number wanted, not one that turned out, so the documents don't say (before, "one million"
    was the answer); it still answers "how many people did X call for?"."""
    passages = news_passages("Cleric Hamid Karimi called late on Tuesday for one million people to march against the "
                             "presence of foreign troops.",
                             "The cabinet met on Wednesday to discuss the budget for the coming year.")
    assert is_refusal(answerer.answer("How many people actually showed up for Karimi's million man march?", passages))
    text = answerer.answer("how many people did Karimi call for to march?", passages)
    assert text.startswith("In short: One million people"), text


def test_a_follow_up_naming_another_place_asks_for_that_place_s_count(answerer):
    """"and in Ostland?" after "how many peacekeepers are in Doria?": the follow-up's own place replaces the one
    it leans on (before, the context's place won and the lead gave Doria's count again)."""
    from rag.text import CONTEXT_MARK
    passages = news_passages("About 800 UN peacekeepers are stationed in neighbouring Ostland and 2,500 in Doria to "
                             "keep the ceasefire.", "The cabinet met on Wednesday to discuss the budget.")
    text = answerer.answer(f"and in Ostland?{CONTEXT_MARK}how many peacekeepers are in Doria?)", passages)
    assert text.startswith("In short: About 800 UN peacekeepers"), text
