"""Questions written by someone who never saw the rules: the same count, date or reason asked in other words.

A question set written blind from the documents asked "how many demonstrators did X want", "the minimum number
of fatalities", "what was the date of the strike" and "why do <group> want ..."; each was refused or padded
although a report answers it. Every test uses invented news text (never the seed corpus), so the rules are shown
to be about news in general.
"""

from rag.extractive.counted import counted_of
from rag.extractive.question import question_kind
from rag.prompt import REFUSAL, PromptPassage
from tests.conftest import news_passages as _passages


def test_the_counted_noun_ends_at_the_verb_and_people_count_demonstrators(answerer):
    """"How many demonstrators did X want" counts demonstrators (not X), and news counts them as people."""
    assert "rosa" not in counted_of("How many demonstrators did Rosa Lind want in the square?")
    passages = _passages("Union leader Rosa Lind called on Monday for 50,000 people to fill the main square "
                         "against the pension law.")
    answer = answerer.answer("How many demonstrators did Rosa Lind want in the square?", passages)
    assert "50,000" in answer, answer


def test_troops_are_not_counted_as_lawmakers():
    """"service members" is one of the names of troops; "members" must not pull in the lawmakers' names too."""
    assert "lawmak" not in counted_of("How many troops are in the country?")


def test_a_count_of_fatalities_is_a_count_of_the_killed_even_in_the_sentence_after_the_event(answerer):
    """News names the event in one sentence and counts its dead in the next, which alone looks little like the
    question; "the minimum number of fatalities" asks for that count, not for the words "minimum number"."""
    passages = _passages("A drone struck the army depot outside the port city on Monday, destroying two hangars "
                         "full of trucks. At least three guards were killed in the attack, including its commander, "
                         "the ministry said.")
    answer = answerer.answer("What was the minimum number of fatalities in the drone strike on the army depot?",
                             passages)
    assert "three guards" in answer, answer
    assert answerer.answer("What was the minimum number of injuries in the drone strike on the army depot?",
                           passages) == REFUSAL


def test_what_was_the_date_asks_when_and_the_lead_names_the_dated_thing(answerer):
    assert question_kind("What was the date of the strike that the ministry called unlawful?") == "when"
    passages = _passages("The ministry condemned the March 12 strike as unlawful and summoned the ambassador.")
    answer = answerer.answer("What was the date of the strike that the ministry called unlawful?", passages)
    assert answer.startswith("In short: March 12 strike"), answer


def test_a_why_answer_is_not_padded_with_another_report_about_someone_else(answerer):
    """"Why do Green Party lawmakers want the German troops to stay?": another report's grievance about the same
    troops, voiced by the prime minister, names the troops and the country but not whom the question is about."""
    passages = _passages("Green Party lawmakers see the German troops as a shield for the villages of Mali against "
                         "the armed groups of the north.",
                         "Mali's prime minister has said that the German troops are destabilizing the country and "
                         "must not stay in Mali.",
                         "Protesters in the capital burned flags on Friday after the cabinet met.")
    answer = answerer.answer("Why do Green Party lawmakers want the German troops to stay in Mali?", passages)
    assert "[1]" in answer and "[2]" not in answer, answer


CHAD = [PromptPassage(1, "Report", "2019-02-01", "a.txt",
                      "Protesters in the capital of Chad called for a march of one million people against the French "
                      "soldiers and their presence. About 800 troops from France are based in the country to train "
                      "the army."),
        PromptPassage(2, "Report", "2023-05-02", "b.txt", "Some 1,000 French soldiers remain in Chad, the ministry said.")]


def test_a_count_compared_across_two_years_gets_each_years_count(answerer):
    """"How did the number of French soldiers in 2019 compare with 2023?": the sentence shown for 2019 must be
    its count of soldiers, not its sentence most like the question (a call for a march of one million people)."""
    answer = answerer.answer("How did the number of French soldiers in Chad in 2019 compare with the number in "
                             "2023?", CHAD)
    assert "800 troops" in answer and "1,000" in answer, answer


def test_troop_numbers_changing_between_two_years_asks_for_each_years_count(answerer):
    """"How did the French troop numbers in Chad change between 2019 and 2023?" asks counts, as "the number of"
    does (read as a plain question, a period's part could be any sentence like the question), and each year's
    count is shown."""
    assert question_kind("how did the French troop numbers in Chad change between 2019 and 2023?") == "number"
    answer = answerer.answer("how did the French troop numbers in Chad change between 2019 and 2023?", CHAD)
    assert "800 troops" in answer and "1,000" in answer, answer


def test_which_news_agency_is_answered_by_the_name_a_report_is_credited_to(answerer):
    """News credits a claim to its source as "a Bloomberg report", "told Bloomberg" or "according to Bloomberg",
    never as "the Bloomberg news agency"."""
    passages = _passages("The interior ministry said it was astonished at a Bloomberg report, which claimed that the "
                         "army had moved tanks to the border.")
    answer = answerer.answer("Which news agency published the claim that the army moved tanks to the border?",
                             passages)
    assert answer.startswith("In short: Bloomberg [1]."), answer



def test_according_to_al_x_is_about_x_not_everyone_whose_name_has_al():
    """"al-" and "bin" are particles: "according to al-Rashid" asks for al-Rashid's words, and a sentence of
    "Al-Karim told ..." must not count as his because both names hold "al"."""
    from rag.extractive.sought import speaker_asked

    assert speaker_asked("According to al-Rashid, what caused the crisis between the parties?") == {"rash"}
    assert speaker_asked("What did Osama bin Salem say about the vote?") == {"osam", "sale"}


def test_the_current_crisis_quoted_from_an_old_report_does_not_ask_for_the_latest_period(answerer):
    """"What caused the current crisis?" takes the words of a 2019 report; it does not ask about now, as "who is
    the current prime minister?" or "how many troops are there now?" do."""
    passages = [PromptPassage(1, "Report", "2019-06-03", "a.txt",
                              "Cleric Omar Rashid said the feud between the rival parties had led to the current "
                              "crisis over the budget."),
                PromptPassage(2, "Report", "2023-02-01", "b.txt",
                              "Rashid's rivals said on Monday that the budget crisis was caused by the new tax "
                              "law.")]
    answer = answerer.answer("According to Rashid, what caused the current crisis over the budget?", passages)
    assert "feud between the rival parties" in answer, answer
    from rag.extractive.candidates import candidates
    from rag.extractive.question import asks_now

    cands = candidates(passages + [PromptPassage(3, "Report", "2023-02-02", "c.txt",
                                                 "The current prime minister took office in 2022 after the vote.")])
    assert asks_now("Who is the current prime minister?", cands)
    assert not asks_now("According to Rashid, what caused the current crisis over the budget?", cands)


def test_the_bloc_someone_heads_is_the_one_named_in_the_sentence_before(answerer):
    """"head of the bloc, Ivan Petrov, said" names no bloc; "the bloc" is the one the sentence before names."""
    passages = _passages('The opposition Unity alliance has the third largest bloc in the assembly. "We will not '
                         'accept this budget," head of the bloc, Ivan Petrov, said.')
    answer = answerer.answer("What political bloc does Ivan Petrov head?", passages)
    assert answer.startswith("In short: Unity"), answer
