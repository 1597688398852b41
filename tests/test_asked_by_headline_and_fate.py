"""Questions as readers type them: a report named by its headline or by its outlet alone, "date of the article", whom a fate befell, a
cause whose antecedent sits in an overlapping passage, a date that names another event, shorthand ("ppl", "Jan 3",
"4th"), an act that had not happened yet when reported, a city asked for by the event that happened there, and
counts of the asked event rather than of another.

Each case came from a question set written blind from the documents, and each failed before its rule. Every test
uses invented news text (never the seed corpus), so the rules are shown to be about news in general.
"""

from rag.prompt import PromptPassage, is_refusal
from tests.conftest import news_passages as _passages


def _reports() -> list[PromptPassage]:
    return [PromptPassage(1, "Doria's governor says the capital wants foreign troops to leave quickly", "2023-03-09",
                          "1.txt", "Governor Ana Ruiz said on Tuesday that Doria wants the foreign troops to leave "
                          "quickly, calling their presence destabilising."),
            PromptPassage(2, "Doria wants to kick out peacekeepers - Northern Wire", "2023-03-05", "2.txt",
                          "Governor Ana Ruiz promised to launch talks to end the mission of the peacekeepers after a "
                          "drone strike hit the capital.")]


def test_a_report_named_by_its_headline_gives_its_date(answerer):
    """"When was the Northern Wire piece saying Doria wants to kick out peacekeepers published?" quotes the second
    report's headline; the first report's text matches the question's words as well, but its date is not the
    asked one."""
    text = answerer.answer("When was the Northern Wire piece saying Doria wants to kick out the peacekeepers "
                           "published?", _reports())
    assert text.startswith("As reported on March 5, 2023:") and "March 9" not in text, text


def test_date_of_the_article_asks_for_its_date(answerer):
    """"date of the article where X promised talks?" asks when the report came out, as "when was ... published"
    does."""
    text = answerer.answer("date of the article where the governor promised talks to end the peacekeepers' mission?",
                           _reports())
    assert "As reported on March 5, 2023" in text, text


def test_a_report_named_by_its_outlet_alone_gives_its_date(answerer):
    """"what date was the Wire article published?": one word, a name only one headline holds, names the report;
    its date answers, told with its lede (before, one shared word was too few and the question was refused)."""
    text = answerer.answer("what date was the Wire article published?", _reports())
    assert text.startswith("As reported on March 5, 2023:") and "March 9" not in text, text


def test_who_was_killed_names_the_person_beside_the_fate(answerer):
    """"who got killed in the strike on the NLF headquarters": the sentence that says so names the dead after
    "killed ..., including"; the group the question names by its acronym, and another report's group, are no
    answer."""
    passages = _passages("A drone strike hit the headquarters of the National Liberation Front, an umbrella of armed "
                         "factions, on Thursday. At least three people were killed in the strike on the capital, "
                         "including Omar Haddad, the leader of the Sword Brigade.",
                         "The governor spoke a day after a drone strike in the capital killed a commander of the "
                         "National Liberation Front (NLF), angering armed groups. According to the Defence Ministry, "
                         "the strike was retaliation for attacks on its troops. About 900 soldiers are stationed in "
                         "the north to stop Red Dawn militants from rising again.")
    text = answerer.answer("who got killed in the strike on the NLF headquarters in the capital?", passages)
    assert text.startswith("In short: Omar Haddad"), text
    assert "900 soldiers" not in text, text


def test_a_sentence_keeps_its_antecedent_from_an_overlapping_passage(answerer):
    """Passages overlap: the one that opens with "The death of the commander pushed the assembly to ..." has not
    the sentence naming him, an earlier-ranked one has. The cause is stated with its antecedent, before it."""
    earlier = ("The capital is caught between two powers after the killing of rebel commander Omar Haddad last week. "
               "Haddad was the north's most feared fighter.")
    cause = "The death of the commander on Dorian soil pushed the assembly to expel the foreign troops."
    passages = _passages(cause + " The vote is not binding on the government.",
                         earlier + " " + cause)
    text = answerer.answer("why did the Dorian assembly vote to expel the foreign troops?", passages)
    assert cause in text and text.index("Haddad was") < text.index(cause), text


def test_a_date_that_names_another_event_does_not_date_the_asked_act(answerer):
    """"adopted a resolution on Sunday following the March 3 strike": the strike's date dates the strike; the
    resolution was passed on Sunday."""
    passages = _passages("Dorian lawmakers adopted a resolution on Sunday to expel foreign troops following the March "
                         "3 strike that killed commander Omar Haddad.", date="2023-03-07")
    text = answerer.answer("when did the Dorian parliament pass the resolution to expel foreign troops?", passages)
    assert not is_refusal(text) and text.startswith("In short:") and "Sunday" in text.split("\n")[0], text
    assert "March 3" not in text.split("\n")[0], text


def test_typed_shorthands_are_read_as_reports_write_them(answerer):
    """"how many ppl died", "on Jan 3 2020", "the 4th anniversary": people type shorthand that reports spell out
    ("people", "January 3", "fourth"); the question is still answered."""
    passages = _passages("On the fourth anniversary of the general's death, two explosions at a memorial in Ostland "
                         "killed nearly 90 people and wounded hundreds more.",
                         "The army responded on January 3 with a barrage of strikes at rebel bases, killing at least "
                         "25 people.", date="2023-01-05")
    text = answerer.answer("how many ppl died in the army strikes on rebel bases?", passages)
    assert text.startswith("In short: At least 25 people"), text


def test_a_shorthand_date_or_ordinal_is_found_in_the_passages():
    """The evidence check refused "on Jan 3 2020" ("no passage mentions Jan") and "the 4th anniversary" ("no
    passage mentions 4") although the passages say "January 3" and "fourth anniversary"."""
    from rag.evidence import assess
    from rag.models import Hit, Passage

    text = ("A drone strike at the airport on January 3 killed General Omar Haddad. On the fourth anniversary of his "
            "death, two explosions at his memorial killed nearly 90 people.")
    hits = [Hit(Passage("1.txt#0", "1.txt", "1.txt", "Report", "2024-01-05", text, 0, len(text), 0), 0.6, 1)]
    for question in ("Who died in the drone strike at the airport on Jan 3?",
                     "How many people were killed at the memorial on the 4th anniversary of Haddad's death?"):
        verdict = assess(question, hits, 0.3)
        assert verdict.answerable, (question, verdict.reason)


def test_an_act_not_yet_done_is_told_whichever_sentence_ranks_first(answerer):
    """"who ended up replacing X as governor?": a sentence naming "Governor X" in another matter ranks first, the
    one saying (in the same report) that factions have yet to agree on a candidate to replace X tells the documents
    don't say who did."""
    passages = _passages("Governor Omar Haddad ended a call with envoy Karl Brandt on Thursday, said a statement from "
                         "his office. Rival factions have yet to agree on a candidate to replace outgoing Governor "
                         "Omar Haddad, who resigned in May under pressure from protests.")
    text = answerer.answer("who ended up replacing omar haddad as governor?", passages)
    assert is_refusal(text) and "had not happened yet" in text and "yet to agree" in text, text


def test_a_city_asked_for_must_be_the_place_of_the_asked_event(answerer):
    """"which city had the explosions at the memorial": the sentence about the explosions names only the
    country; a city named in a sentence about another event is no answer."""
    passages = _passages("General Omar Haddad, a revered figure in Ostland, was killed in a drone strike in Varna, "
                         "Doria on March 3, 2019.",
                         "On the fourth anniversary of his death, two explosions occurred at a memorial in Ostland, "
                         "killing nearly 90 people.")
    text = answerer.answer("which city in ostland had the explosions at the haddad memorial", passages)
    assert is_refusal(text), text


def test_the_count_of_the_asked_event_beats_another_events_count(answerer):
    """"how many people were killed in the strike on the NLF headquarters?": "strikes at rebel bases killed 25"
    counts another event's dead; the sentence after "A strike hit the NLF headquarters" counts the asked one."""
    passages = _passages("The army responded with a barrage of strikes at rebel bases, killing at least 25 people.",
                         "A drone strike hit the headquarters of the National Liberation Front on Thursday. At least "
                         "two people were killed in the attack, including Omar Haddad.")
    text = answerer.answer("how many people were killed in the strike on the NLF headquarters?", passages)
    assert text.startswith("In short: At least two people") and "25" not in text, text


def test_a_fate_in_a_later_clause_is_not_the_counted_things_fate(answerer):
    """"How many bases did the missiles hit after Haddad was killed?" counts bases hit, not people killed; a
    count that places its number in a country the question does not name is no better for it."""
    passages = _passages("He pressed for foreign forces to leave after Ostland retaliated for the death of Haddad with "
                         "a barrage of missiles that struck two Dorian bases where foreign troops are based, but left "
                         "no victims. There are approximately 4,000 foreign soldiers in Doria training the army.")
    text = answerer.answer("How many Dorian bases did Ostland's missiles hit after Haddad was killed?", passages)
    assert text.startswith("In short: Two Dorian bases"), text
