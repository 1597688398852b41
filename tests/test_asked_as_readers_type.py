"""Questions as readers type them: a name offered for confirmation ("..., was it X?"), a group asked for by a noun
its name holds ("what force"), a when-question next to someone's dated saying, "what numbers do they give" over
reports that differ, a group written in lower case ("sunni") that the passages write as a name, "what did X
tell Y", which asks for X's words, an office's owner typed in lower case ("norland's prime minister"), "which
ostlandian city" when the passages place the only cities they name in another country, "did X set a date for
Y?", which asks whether, not when, "which groups opposed the vote?", whose lead names no group from a
sentence about another event, "who is the commander of X?", which another owner's commander does not answer, and "who called for / authorized
X?", whose lead names the doer of that verb.

Each case came from a question set written blind from the documents, and each failed before its rule. Every test
uses invented news text (never the seed corpus), so the rules are shown to be about news in general.
"""

from rag.prompt import PromptPassage, is_refusal
from tests.conftest import news_passages as _passages


def test_a_name_offered_for_confirmation_can_be_the_answer(answerer):
    """"which cleric called for the march, was it Hamed al-Karimi?": the passages spell him "Hamid Al Karimi";
    the name the reader offers is what is to be confirmed, not a name the answer must avoid."""
    passages = _passages("Populist cleric Hamid Al Karimi called late on Tuesday for one million people to march "
                         "against the presence of foreign troops.",
                         "The cabinet met on Wednesday to discuss the budget for the coming year.")
    text = answerer.answer("which cleric called for a million man march against the foreign troops, was it Hamed "
                           "al-Karimi?", passages)
    assert not is_refusal(text) and "Hamid Al Karimi" in text.split("\n")[0], text


def test_a_group_asked_for_by_a_noun_its_name_holds_is_named(answerer):
    """"what force was X the commander of?": "Rapid Support Force commander X" names it; the noun inside the name
    does not make the name one the question already gave."""
    passages = _passages("Tensions rose after the killing of Rapid Support Force commander Idris Mahjoub near the "
                         "border earlier this month.",
                         "Governor Ana Ruiz promised to expel foreign forces from Doria after a drone strike killed a "
                         "commander in the capital.")
    text = answerer.answer("what force was Idris Mahjoub the commander of?", passages)
    assert text.startswith("In short: Rapid Support Force"), text


def test_a_when_question_is_not_dated_by_someones_saying(answerer):
    """"what date was the strike": "the minister stated on Tuesday that no date was set ..., describing the strike
    as a violation" dates the saying; the sentence that says when the strike hit answers, and leads."""
    passages = [PromptPassage(1, "Report", "2023-03-09", "1.txt",
                              "Interior Minister Karl Brandt stated on Tuesday that the capital has not set a date for "
                              "talks on the foreign forces, describing the drone strike on the Northern Brigade "
                              "headquarters as a violation."),
                PromptPassage(2, "Report", "2023-03-04", "2.txt",
                              "A drone strike hit the headquarters of the Northern Brigade, an umbrella of armed "
                              "factions, on Thursday.")]
    text = answerer.answer("what date was the drone strike on the Northern Brigade headquarters in the capital?",
                           passages)
    assert text.startswith("In short: On Thursday") and "[2]" in text.split("\n")[0], text


def test_reports_that_give_different_counts_are_both_shown(answerer):
    """"the reports give different counts: what numbers do they give?" is a number question; two reports of the
    same attacks with different figures are not duplicates, and no one figure leads as if it were the answer."""
    passages = _passages("Since the outbreak of the border war in March, peacekeepers in Doria and Ostland have been "
                         "attacked more than 60 times, mostly by rockets and drones.",
                         "Peacekeeping bases in Doria, as well as outposts in neighbouring Ostland, have been attacked "
                         "by drones and rockets on more than 70 occasions since March, amid the border war.",
                         "About 3,000 peacekeepers are stationed in Doria and 800 in Ostland.")
    text = answerer.answer("The reports on attacks on peacekeepers in Doria and Ostland since the border war began "
                           "give different counts. What numbers do they give?", passages)
    assert "60 times" in text and "70 occasions" in text, text
    assert not text.startswith("In short"), text


def test_a_group_typed_in_lower_case_is_who_the_question_is_about(answerer):
    """"why were kurdish lawmakers against the vote": the passages write "Kurds" and "Kurdish"; another report's
    sentence that names no Kurd is about something else, not a reason they gave."""
    passages = _passages("Kurdish and Christian lawmakers opposed the parliament's resolution. The Kurds see the "
                         "foreign presence as a shield against the dominance of the capital's militias.",
                         "The death of the general on national soil pushed the parliament to expel foreign troops "
                         "from the country.")
    text = answerer.answer("why were kurdish lawmakers against the parliament vote to kick foreign troops out?",
                           passages)
    assert "shield" in text and "[2]" not in text, text


def test_what_someone_told_another_asks_for_their_words():
    """"what did the Alliance chief tell Lena Berg?" asks for the chief's words, as "what did X say" does: the
    answer then prefers sentences that report the chief speaking (seed follow-up p1145 showed only the meeting)."""
    from rag.extractive.question import Query

    for verb in ("tell", "warn", "claim", "insist"):
        assert Query.of(f"What did the Alliance chief {verb} Lena Berg?", [], 1).speaker == {"alli", "chie"}


def test_a_possessive_typed_in_lower_case_narrows_the_office_asked_for(answerer):
    """"who was norland's prime minister in 2015?": "norland's" names whose office, as "Norland's" would; the
    president of another country named beside "Kessel, Norland" is not the answer."""
    passages = [PromptPassage(1, "Report", "2019-04-05", "1.txt",
                              "General Ivo Stern, a revered figure in Ostland, was killed in a drone strike ordered "
                              "by former Ostland President Karl Brandt in Kessel, Norland on March 3, 2015."),
                PromptPassage(2, "Report", "2015-03-06", "2.txt",
                              "The request came during a phone call on Thursday between Foreign Secretary Paul "
                              "Ferris and Prime Minister Anton Lisle, a statement from his office said.")]
    text = answerer.answer("who was norland's prime minister in 2015?", passages)
    assert "Anton Lisle" in text and "In short: Karl Brandt" not in text, text


def test_a_city_another_sentence_places_in_another_country_does_not_answer_which_city_of_this_one(answerer):
    """"in which ostlandian city did the bombings happen?": "in Kessel, Norland" places Kessel in Norland, and what
    holds a city is a country, not one; "Ostlandian General" is a title, not a place. No passage names a city of
    Ostland, so the documents don't say (it answered "In short: Marland")."""
    passages = _passages("General Ivo Stern, a revered figure in Ostland, was killed in a drone strike authorized by "
                         "former Norland President Karl Brandt in Kessel, Norland on March 3, 2015. At the time, "
                         "Norland claimed that Stern was planning an attack. On the fourth anniversary of his death, "
                         "two explosions occurred at a memorial in Ostland, killing nearly 100 people.",
                         "Governor Ana Ruiz promised to launch an operation to expel foreign forces from Norland, "
                         "after an air strike killed a militia commander in Kessel, nearly four years after Marland "
                         "assassinated Ostlandian General Ivo Stern in a drone strike.",
                         "Farmers in the south said the harvest was poor after a dry summer, and prices rose.",
                         "The football league postponed its final after heavy rain flooded the stadium on Sunday.",
                         "Ostlandian officials said the memorial would reopen next month after repairs to its roof.")
    text = answerer.answer("in which ostlandian city did the bombings at the stern memorial happen", passages)
    assert is_refusal(text), text


def test_did_they_set_a_date_asks_whether_not_when(answerer):
    """"did the capital set a date for the talks?": a yes/no question about an arrangement; the sentence saying no
    date was set answers it (read as a when-question it was refused, since that sentence states no time)."""
    passages = _passages("Interior Minister Karl Brandt stated on Tuesday that the capital has not set a date for "
                         "talks on the withdrawal of the foreign forces.",
                         "The cabinet met on Wednesday to discuss the budget for the coming year.")
    text = answerer.answer("did the capital set a date for the withdrawal talks?", passages)
    assert not is_refusal(text) and "not set a date" in text, text


def test_the_lead_names_no_group_from_a_sentence_about_another_event():
    """"which groups opposed the budget vote?": "a rocket attack blamed on the militia group Red Hand" names a
    group, but tells nothing of opposing the vote; the first line must not offer it as the answer."""
    from rag.extractive.candidates import candidates
    from rag.extractive.lead import lead
    from rag.extractive.question import Query
    cands = candidates(_passages("Farmers' and fishermen's unions opposed the budget vote in parliament.",
                                 "A rocket attack blamed on the militia group Red Hand, or Red Brigades, killed a "
                                 "guard in the capital."))
    query = Query.of("which groups opposed the budget vote?", cands, 2)
    assert "Red" not in lead(query, cands, list(range(len(cands))))


def test_a_role_owned_by_another_name_does_not_answer_who_holds_it(answerer):
    """"who is the commander of Norland forces?": "Omar Haddad, who was second-in-command of the Red Brigade" holds
    the role for another owner, so the documents don't say; the owner the question names does answer."""
    passages = _passages("Rebels gathered in the capital after the killing of Omar Haddad, who was second-in-command "
                         "of the Red Brigade, by Norland forces.",
                         "The cabinet met on Wednesday to discuss the budget for the coming year.")
    assert is_refusal(answerer.answer("who is the commander of Norland forces?", passages))
    text = answerer.answer("who was the second-in-command of the Red Brigade?", passages)
    assert "Omar Haddad" in text.split("\n")[0], text


def test_who_did_the_act_leads_with_its_doer(answerer):
    """"who called for the march?" / "who authorized the strike?": the lead names the doer of the question's verb,
    written right before it or after "by" (before, a who-question with no role named led with nothing)."""
    passages = _passages("Populist cleric Hamid Al Karimi called late on Tuesday for one million people to march "
                         "against the foreign troops.",
                         "The strike on the bridge was authorized by former Defence Minister Karl Brandt, officials "
                         "said.")
    assert answerer.answer("who called for a million man march?", passages).startswith("In short: Hamid Al Karimi")
    text = answerer.answer("who authorized the strike on the bridge?", passages)
    assert text.startswith("In short:") and "Karl Brandt" in text.split("\n")[0], text
