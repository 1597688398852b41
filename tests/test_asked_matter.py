"""A name, a date or a count answers a question only when it is stated about the question's matter.

News reports near a question's topic always name someone and give some day; an answer that takes them from a
sentence about something else answers a question nobody asked. Each test uses invented news text (never the seed
corpus), so the rules are shown to be about news in general.
"""

import pytest

from rag.extractive.question import question_kind
from rag.prompt import REFUSAL, PromptPassage


def _passages(*texts: str) -> list[PromptPassage]:
    return [PromptPassage(n, "Report", "2022-03-08", f"{n}.txt", text) for n, text in enumerate(texts, 1)]


def test_a_place_named_about_something_else_does_not_say_where_someone_went(answerer):
    """Every report names the prime minister, so only "visit" and "vote" say what the question is about."""
    passages = _passages("Prime Minister Ana Costa said on Friday that Spain and France backed her plan for the ports.",
                         "Lawmakers approved the port budget of Prime Minister Ana Costa in a late vote.",
                         "Unions said Prime Minister Ana Costa had ignored the dock workers.")
    question = "Which country did Prime Minister Costa visit after the vote?"
    assert answerer.answer(question, passages) == REFUSAL
    visited = passages[:2] + _passages("After the vote Prime Minister Ana Costa visited Spain to sign the port deal.")
    assert "Spain" in answerer.answer(question, visited)


def test_a_day_stated_about_something_else_does_not_say_when(answerer):
    passages = _passages("Defence Minister Sami Haddad of Cyprus said on Tuesday that no date had been set for the "
                         "withdrawal of the British forces.",
                         "British soldiers have patrolled the buffer zone in Cyprus since 1974.",
                         "Cyprus and Britain are negotiating the terms.")
    assert answerer.answer("When did the last British troops leave Cyprus?", passages) == REFUSAL
    answer = answerer.answer("When did the last British troops leave Cyprus?", passages[1:] + _passages(
        "The last British troops left Cyprus on March 3, 2019, ending a long mission."))
    assert "March 3" in answer, answer


def test_a_time_of_another_act_on_the_same_people_does_not_say_when(answerer):
    """"last Thursday" dates an airstrike on the troops, not their leaving; "last" in the question orders the
    troops, it is no part of what the sentence is about."""
    passages = _passages("According to the ministry, the air force carried out an airstrike last Thursday in "
                         "retaliation for attacks on British troops stationed in Cyprus.",
                         "Cyprus and Britain are negotiating the terms.")
    assert answerer.answer("When did the last British troops leave Cyprus?", passages) == REFUSAL
    left = passages + _passages("The last British troops left Cyprus on March 3, 2019, ending a long mission.")
    assert "March 3" in answerer.answer("When did the last British troops leave Cyprus?", left)


def test_a_month_does_not_answer_what_date(answerer):
    passages = _passages("The finance minister, who resigned in May amid a corruption scandal, has since left the "
                         "country.")
    assert answerer.answer("On exactly what date did the finance minister resign?", passages) == REFUSAL
    assert "May" in answerer.answer("When did the finance minister resign?", passages)
    answer = answerer.answer("On exactly what date did the finance minister resign?",
                             _passages("The finance minister resigned on May 12 amid a corruption scandal."))
    assert "May 12" in answer, answer


def test_another_countrys_envoy_is_not_the_one_asked_for(answerer):
    passages = _passages("The German ambassador, Karl Weber, met the trade minister on Monday to discuss tariffs.")
    assert answerer.answer("What is the name of the French ambassador?", passages) == REFUSAL
    assert answerer.answer("Who is the French ambassador?", passages) == REFUSAL
    answer = answerer.answer("What is the name of the French ambassador?", _passages(
        "The French ambassador, Claire Dubois, met the trade minister on Monday to discuss tariffs."))
    assert "Claire Dubois" in answer, answer


@pytest.mark.parametrize("question, kind", [
    ("On what grounds did the court reject the appeal?", "why"),
    ("Did the army leave when the government asked it to?", "other"),  # "when" joins a clause here
    ("Since when have the teachers been on strike?", "when"),
    ("And when did the strike end?", "when"),
])
def test_what_kind_of_answer_a_question_wants(question, kind):
    assert question_kind(question) == kind




def test_a_sentence_that_writes_u_s_names_the_us():
    """"5,200 U.S. soldiers" is about the actor a question writes as "US" (another report's count was dropped as
    being about someone else)."""
    from rag.extractive.candidates import candidates

    [c] = candidates(_passages("There are approximately 5,200 U.S. soldiers in the country training local forces."))
    assert "us" in c.names


def test_a_weekday_is_dated_from_the_reports_own_date(answerer):
    """A report dated Tuesday, March 8, 2022 that says "on Sunday" means March 6: a reader weeks later needs the
    date, and "what date" is answered by it. A weekday still ahead ("will meet on Friday") is not dated back."""
    passages = _passages("Rebels shelled the fuel depot outside the port city on Sunday, the army said.")
    answer = answerer.answer("On what date did the rebels shell the fuel depot?", passages)
    assert "Sunday (March 6, 2022)" in answer, answer
    ahead = answerer.answer("When will the envoys meet about the fuel depot?", _passages(
        "The envoys will meet on Friday to discuss the shelled fuel depot, the army said."))
    assert "Friday" in ahead and "(March" not in ahead, ahead


def test_a_weekdays_date_is_checked_against_the_passage_date(embedder):
    from rag.cite import check
    from rag.models import Hit, Passage

    text = "Rebels shelled the fuel depot outside the port city on Sunday, the army said."
    hit = Hit(Passage("r#0", "r", "r.txt", "Report", "2022-03-08", text, 0, len(text), 0), score=0.5)
    right = check("In short: On Sunday (March 6, 2022) [1].", [hit], embedder)
    wrong = check("In short: On Sunday (March 13, 2022) [1].", [hit], embedder)
    assert right.sentences[0].supported and not wrong.sentences[0].supported


def test_a_count_of_the_dead_does_not_say_how_many_were_injured(answerer):
    """"How many were injured" asks for the wounded: a count of the dead in the same attack is another number."""
    killed = _passages("At least four people were killed in the attack on the market in Kessa, the police said.")
    assert answerer.answer("How many people were injured in the attack on the market in Kessa?", killed) == REFUSAL
    both = _passages("The attack on the market in Kessa killed at least four people and wounded dozens more, "
                     "the police said.")
    answer = answerer.answer("How many people were injured in the attack on the market in Kessa?", both)
    assert answer.startswith("In short: Wounded dozens more"), answer
    assert "at least four" in answerer.answer("How many people died in the attack on the market in Kessa?",
                                              both).split("\n")[0].lower()
    guards = _passages("About 300 border guards are posted at the market in Kessa, where an attack left two "
                       "traders dead, the police said.")  # the fate may come after a longer counted noun
    assert answerer.answer("How many Kessan border guards were killed in the attack?", guards) == REFUSAL


def test_which_city_is_answered_by_a_place_not_by_any_name(answerer):
    """A name that is not written as a place ("President Ada Lind", "the Telegram app") does not say which city."""
    question = "In which city did the protesters storm the ministry?"
    named = _passages("Protesters stormed the ministry after President Ada Lind posted the decree on the Telegram "
                      "app.")
    assert answerer.answer(question, named) == REFUSAL
    placed = _passages("Protesters stormed the ministry in Karsk after President Ada Lind posted the decree.")
    assert "Karsk" in answerer.answer(question, placed)


def test_a_who_answer_leaves_out_another_reports_quotes_that_name_nobody(answerer):
    """The report whose words are closest to the question quotes a spokesperson; the president asked for is named
    in another report. The spokesperson's quotes do not say who the president was: they are padding."""
    passages = _passages(
        '"The cabinet will not back down from supporting parliament\'s decision to close the foreign bases," the '
        "President's spokesperson Lena Ora said in a statement.", '"Valdia will not sign a new lease," she said.',
        "President Marek Tull asked the envoy for a timetable after the vote, his office said.")
    answer = answerer.answer("Who was Valdia's president when parliament voted to close the foreign bases?", passages)
    assert "Marek Tull" in answer and "Lena Ora" not in answer and "new lease" not in answer, answer


def test_killed_with_is_answered_by_the_companion_alone(answerer):
    """Once one report names who was killed beside X, other reports' sentences about X's death that name only
    other roles' holders ("ordered by President Rui Mota") pad the answer; a sentence opening "At the time" leans
    on the one before it and never stands alone."""
    passages = [PromptPassage(1, "Report", "2022-03-08", "a.txt", "Prime Minister Ana Costa promised to expel the "
                              "mercenaries after a drone strike killed general Omar Vell near the border."),
                PromptPassage(2, "Report", "2022-03-09", "b.txt", "General Omar Vell, a feared commander, was killed "
                              "in a drone strike ordered by President Rui Mota in Tarsa. At the time, the army claimed "
                              "that Vell was planning an attack on the capital."),
                PromptPassage(3, "Report", "2022-03-10", "c.txt", "Crowds gathered in Tarsa to mourn Omar Vell and "
                              "Ivo Brandt, his deputy, after both were killed in the drone strike.")]
    answer = answerer.answer("Who was killed with Omar Vell?", passages)
    assert answer.startswith("In short: Ivo Brandt [3]."), answer
    assert "Rui Mota" not in answer and "Ana Costa" not in answer, answer


@pytest.mark.parametrize("question, expected", [
    ("Who leads the Green Dawn party?", "Lara Fenn"),
    ("Who commanded the Northern Brigade?", "Colonel Ivo Rask"),
])
def test_who_leads_asks_for_the_leader(answerer, question, expected):
    """"Who leads X" asks for X's leader, whom news names as "head of the party" or "X commander Y"."""
    passages = _passages("The Green Dawn party holds the most seats in the assembly after the spring election. "
                         '"We will not join the cabinet," head of the party, Lara Fenn, said.',
                         "Northern Brigade commander Colonel Ivo Rask was wounded in the ambush on the border road.")
    answer = answerer.answer(question, passages)
    assert answer.startswith(f"In short: {expected}"), answer


def test_a_cut_lead_does_not_end_on_a_dangling_word(answerer):
    passages = _passages("Cleric Omar Dune called on Friday for one million people to take to the streets against "
                         "the new tax on bread and fuel in the capital.")
    answer = answerer.answer("How many people did Dune call to take to the streets?", passages)
    assert answer.startswith("In short: One million people [1]."), answer


@pytest.mark.parametrize("question, sentence, lead", [
    # a date the question names is not its answer
    ("When did Karl Borg speak about the 2009 bailout?", "Former Prime Minister Karl Borg said Wednesday that the "
     "government of his predecessor had asked the fund for a bailout in 2009.", "In short: Former Prime Minister "
     "Karl Borg said Wednesday [1]."),
    # the preposition before the date, not the noun phrase it ends
    ("When did the rebels overrun the north?", "Government forces have helped the region recover from the rebels, "
     "who overran a third of its northern territory in 2014 after a long siege of the provincial capital.",
     "In short: In 2014 [1]."),
])
def test_a_when_lead_states_the_answers_own_time(answerer, question, sentence, lead):
    assert answerer.answer(question, [PromptPassage(1, "Report", "", "1.txt", sentence)]).split("\n")[0] == lead


def test_when_will_asks_for_a_time_still_ahead(answerer):
    """"When will the troops leave?": a report of talks held last week, or of a minister speaking on Tuesday, says
    when something happened, not when the troops will go; a time ahead ("by September 2025") does."""
    talks = _passages("The interior minister said on Tuesday that no date had been set for the withdrawal of the "
                      "foreign troops. Talks on the withdrawal of the foreign troops began last week in the capital.")
    assert answerer.answer("When will the foreign troops withdraw?", talks) == REFUSAL
    ahead = _passages("The interior minister said on Tuesday that the last foreign troops will withdraw by "
                      "September 2025, after talks in the capital.")
    assert "September 2025" in answerer.answer("When will the foreign troops withdraw?", ahead)
    # "when is X due to ..." asks ahead too
    assert answerer.answer("When is the withdrawal of the foreign troops due to be finished?", talks) == REFUSAL
    assert "September 2025" in answerer.answer("When are the foreign troops expected to withdraw?", ahead)


def test_how_long_is_answered_only_by_a_length_of_time(answerer):
    """"How long did the talks last?" is not answered by the day the talks were held; a stated length is the
    lead, before a starting point ("since March")."""
    held = _passages("The envoys met in the capital on Thursday to discuss the fuel depot. The talks were held behind "
                     "closed doors, a spokesman said.")
    assert answerer.answer("How long did the envoys' talks about the fuel depot last?", held) == REFUSAL
    lasted = _passages("Strikes have closed the fuel depot since March. The envoys met in the capital on Thursday "
                       "and talked about the fuel depot for nearly six hours, a spokesman said.")
    answer = answerer.answer("How long did the envoys' talks about the fuel depot last?", lasted)
    assert answer.startswith("In short: For nearly six hours [1]."), answer
    # a one-word length ("four-year") takes its noun along: the lead is checked as a span of its passage
    term = _passages("The governor of the port province served a four-year term as mayor before the election.")
    lead = answerer.answer("How long was the governor's term as mayor?", term).split("\n")[0]
    assert lead == "In short: Four-year term [1].", lead
