"""Questions the documents come close to but do not answer: the asked act had not happened when reported, or the
only time near the matter dates someone's saying, not the asked event. And questions whose words point past the
answer: an event named by a noun is no fate of those counted, an acronym stands for the name written out.

Each case came from a question set written blind from the documents, and each failed before its rule. Every test
uses invented news text (never the seed corpus), so the rules are shown to be about news in general.
"""

from rag.prompt import REFUSAL, PromptPassage, is_refusal
from tests.conftest import news_passages as _passages

STALLED = _passages(
    "Coalition partners have yet to agree on a candidate to replace outgoing mayor Dario Lentz, who resigned in "
    "May over the budget row. Speaking to Governor Ana Ruiz, Lentz asked for emergency funds for the city.",
    "Mayor Dario Lentz told Finance Minister Karl Brandt the harbour budget had been blocked for a year.")


def test_who_did_an_act_that_had_not_happened_yet_is_not_answered_with_a_name(answerer):
    """"who replaced X" when the report says the parties "have yet to agree on a candidate to replace X": the
    documents don't say, and the answer shows the sentence that says so, cited."""
    text = answerer.answer("Who replaced Dario Lentz as mayor?", STALLED)
    assert is_refusal(text), text
    assert "yet to agree" in text and "[1]" in text, text


def test_an_act_that_happened_is_still_answered_with_its_name(answerer):
    passages = _passages("Coalition partners chose Irma Vogt to replace outgoing mayor Dario Lentz, who resigned in "
                         "May over the budget row.")
    text = answerer.answer("Who replaced Dario Lentz as mayor?", passages)
    assert not is_refusal(text) and "Irma Vogt" in text, text


PANEL = _passages(
    "Governor Ana Ruiz said last week that the province is assembling a panel to review the dam contracts. "
    "The panel will report to the regional assembly.",
    "The dam contracts were signed in 2019 by the previous administration.")


def test_a_time_that_dates_a_saying_does_not_date_the_asked_event(answerer):
    """"said last week that a panel is being assembled" does not say when the panel first met."""
    assert answerer.answer("When did the dam review panel hold its first meeting?", PANEL) == REFUSAL


def test_a_question_about_the_saying_is_dated_by_it(answerer):
    text = answerer.answer("When did Ana Ruiz say the province was assembling a panel?", PANEL)
    assert not is_refusal(text) and "last week" in text, text


TROOPS = [PromptPassage(1, "Report", "2019-06-02", "1.txt",
                        "About 4,000 foreign soldiers are based in the country, training local units."),
          PromptPassage(2, "Report", "2023-06-02", "2.txt",
                        "The governor said the bombing of the depot had angered the capital. Some 1,500 foreign "
                        "soldiers remain in the country, according to the defence ministry.")]


def test_an_event_named_by_a_noun_is_no_fate_of_those_counted(answerer):
    """"how did the number of soldiers change between the depot killing in 2019 and the 2023 bombing" counts
    soldiers, not the killed: each year's count answers, though neither sentence names the events that date it."""
    text = answerer.answer("How did the number of foreign soldiers in the country change between the depot killing "
                           "in 2019 and the 2023 bombing?", TROOPS)
    assert "4,000" in text and "1,500" in text, text


def test_an_acronym_in_the_question_matches_its_name_written_out(answerer):
    """"the PRF" is the Popular Resistance Front: the sentence that writes the name out holds the question's
    term, so it is relevant enough to answer."""
    passages = _passages(
        "The army said it had opened an inquiry into the bridge attack, which it blamed on smugglers.",
        "Leaders of the Popular Resistance Front said they had opened talks with the government over the ceasefire.")
    text = answerer.answer("what did the PRF open?", passages)
    assert "opened talks" in text and "inquiry" not in text, text


def _hit(text: str):
    from rag.models import Hit, Passage

    return Hit(Passage("a", "a", "a", "t", "2023-01-01", text, 0, len(text), 0), 0.5, scores={"rrf": 0.5})


def test_another_countrys_minister_does_not_answer_for_the_one_asked():
    """"what did Syria's foreign minister say" when the passages quote only Jordan's: the documents don't say."""
    from rag.evidence import assess

    hit = _hit("Jordanian Foreign Minister Ana Costa said the border talks with Syria would resume in March.")
    verdict = assess("What did Syria's foreign minister say about the border talks?", [hit], 0.15)
    assert not verdict.answerable and "Syria's foreign minister" in verdict.reason, verdict
    assert assess("What did Jordan's foreign minister say about the border talks?", [hit], 0.15).answerable
    # a report calls its own country's minister by the role alone
    hit = _hit("Foreign Minister Ana Costa said the border talks with Syria would resume in March, Jordan's "
               "state news agency reported.")
    assert assess("What did Jordan's foreign minister say about the border talks?", [hit], 0.15).answerable
    # a role the passages never write may be there in other words ("ambassador" for "envoy")
    hit = _hit("Syrian ambassador Omar Haddad discussed the border talks with the Jordanian government.")
    assert assess("Who did Syria's envoy talk to about the border talks?", [hit], 0.15).answerable


def test_a_count_of_other_people_in_the_asked_place_does_not_lead(answerer):
    """"how many norland civilians died in the drone strike?": "about 3,000 soldiers still in Norland" agrees on the
    place but counts soldiers; the count of the killed leads (before, the place alone made the soldiers win)."""
    passages = _passages("The ministry insisted that the capital had invited the peacekeepers, and that about 3,000 "
                         "soldiers still in Norland were free to operate. A drone strike hit a market in Norland on "
                         "Friday. At least four people were killed in the strike.")
    text = answerer.answer("how many norland civilians died in the drone strike?", passages)
    assert text.startswith("In short: At least four people"), text
