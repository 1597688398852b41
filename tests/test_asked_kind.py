"""What a question asks for, held on any news text: the period it names, the thing it counts, the name it wants.

Each test uses invented news text (never the seed corpus), so the rules are shown to be about news in general.
"""

import pytest

from rag.dates import years_recalled
from rag.evidence import assess
from rag.extractive.candidates import candidates
from rag.extractive.lead import named_answer, names_an_answer
from rag.extractive.roles import role_of
from rag.extractive.question import Query, listed_together
from rag.models import Hit, Passage
from rag.prompt import REFUSAL, PromptPassage
from rag.retrieve import by_period


def _passage(n: int, date: str, text: str, source: str = "") -> PromptPassage:
    return PromptPassage(n, "Report", date, source or f"{n}.txt", text)


def _hit(chunk: str, date: str, text: str, rrf: float) -> Hit:
    return Hit(Passage(chunk, chunk, chunk, "t", date, text, 0, len(text), 0), rrf, scores={"rrf": rrf})


@pytest.mark.parametrize("text, date, years", [
    ("Attacks have hit the bases more than 40 times since October.", "2024-01-09", {"2023"}),
    ("A rocket killed a contractor at the end of December.", "2020-01-10", {"2019"}),
    ("The talks resumed on January 3.", "2020-01-10", set()),  # its own month
    ("The talks collapsed in October 2023.", "2024-01-09", set()),  # the year is printed
])
def test_a_report_recalls_last_year_by_naming_a_later_month(text, date, years):
    assert years_recalled(text, date) == years


def test_a_year_recalled_by_a_report_is_not_a_missing_name():
    """"since October 2023" asked of a January 2024 report that says "since October" is answerable."""
    hit = _hit("a", "2024-01-09", "Militias have attacked the bases more than 40 times since October, officials said.",
               0.5)
    verdict = assess("How many attacks on the bases were there in October 2023?", [hit], 0.15)
    assert verdict.answerable, verdict.reason


def test_a_count_of_another_event_does_not_answer_how_many(answerer):
    """"How many people attended the rally?" is not answered by "two people were killed in the blast"."""
    passages = [_passage(1, "2023-05-02", "Thousands rallied in the capital on Friday against the new tax law. "
                                          "A bomb exploded at a market in the north on Friday. At least two people "
                                          "were killed in the blast, police said.")]
    assert answerer.answer("How many people took part in the mass rally against the tax law?", passages) == REFUSAL
    # the same count answers the question about its own event, though its event is named one sentence earlier
    answer = answerer.answer("How many people were killed when the bomb exploded at the market?", passages)
    assert "two people" in answer, answer


def test_a_question_naming_a_year_is_answered_from_that_year_only(answerer):
    passages = [
        _passage(1, "2019-06-03", "Farmers blocked the highway to protest the water quotas set by the ministry."),
        _passage(2, "2023-06-05", "Farmers blocked the highway again to protest the new water quotas of the ministry."),
    ]
    answer = answerer.answer("Why did farmers block the highway in 2019?", passages)
    assert "[1]" in answer and "[2]" not in answer, answer


def test_a_name_question_is_refused_when_no_relevant_sentence_names_anyone(answerer):
    passages = [_passage(1, "2023-02-01", "The minister said a committee would plan the reform of the ports. "
                                          "The committee will meet in March to draft the plan, the ministry said.")]
    assert answerer.answer("Who sits on the committee that will plan the reform of the ports?", passages) == REFUSAL
    named = [_passage(1, "2023-02-01", "The committee that will plan the reform of the ports is chaired by Deputy "
                                       "Minister Laila Hassan, the ministry said.")]
    assert "Laila Hassan" in answerer.answer("Who chairs the committee that will plan the port reform?", named)


def test_which_city_wants_a_place_the_question_does_not_name(answerer):
    passages = [_passage(1, "2023-02-01", "Two explosions hit a memorial in Iran on Wednesday, killing dozens of "
                                          "people who had gathered for the anniversary.")]
    assert answerer.answer("In which Iranian city did the explosions at the memorial happen?", passages) == REFUSAL


def test_different_counts_in_two_reports_are_both_shown(answerer):
    passages = [
        _passage(1, "2024-01-09", "Since October, the bases have been attacked more than 100 times by drones."),
        _passage(2, "2024-01-05", "Since October, the bases have been attacked by drones on more than 110 occasions."),
    ]
    answer = answerer.answer("How many times have the bases been attacked since October?", passages)
    assert "100" in answer and "110" in answer, answer


def test_each_year_a_question_names_gets_its_share_of_the_passages():
    topics = ["budget talks", "border visit", "oil deal", "army reform", "water crisis", "port strike", "new cabinet"]
    fused = [_hit(f"new{i}", "2024-01-05", f"The prime minister spoke about the {t}.", 1 - i / 10)
             for i, t in enumerate(topics[:5])]
    fused.insert(3, _hit("old-mention", "2024-01-06", "He recalled the strike of 2020 and its victims.", 0.65))
    fused += [_hit("old0", "2020-01-10", f"The prime minister spoke about the {topics[5]}.", 0.3),
              _hit("old1", "2020-01-11", f"The prime minister spoke about the {topics[6]}.", 0.2)]
    ids = [h.passage.chunk_id for h in by_period(fused, 5, {"2020", "2024"})]
    assert sum(i.startswith("new") for i in ids) == 3
    assert {"old0", "old1"} <= set(ids), "a year's own reports come before another year's report naming it"


def test_only_actors_listed_together_each_need_a_sentence():
    actors = tuple(frozenset({s}) for s in ("sunn", "kurd", "us", "parl"))
    question = "Why did Sunni and Kurdish lawmakers oppose the parliament's resolution to expel US troops?"
    assert listed_together(question, actors) == actors[:2]
    assert listed_together("What did Russia say to the envoy?", (frozenset({"russ"}),)) == ()


def _described(question: str, sentence: str) -> str:
    cands = candidates([_passage(1, "2023-01-01", sentence)])
    return role_of(Query.of(question, cands, 1), sentence)


@pytest.mark.parametrize("question, sentence, role", [
    ("Who is Jens Olsen?", "The envoy met with Nato's Secretary General, Jens Olsen, in Brussels on Monday.",
     "Nato's Secretary General, Jens Olsen"),
    ("Who is Mark Lee?", "Officials, including General Mark Stone, chairman of the staff, and Secretary of Defense "
                         "Mark Lee, said there were no plans to withdraw.", "Secretary of Defense Mark Lee"),
    ("who is william grant", "\"We will not back down,\" the prime minister's spokesperson William Grant said.",
     "the prime minister's spokesperson William Grant"),
])
def test_who_is_gives_the_role_as_written(question, sentence, role):
    assert _described(question, sentence) == role


def test_an_honorific_is_not_a_role():
    assert _described("Who is Olsen?", "Mr Olsen affirmed the alliance's support for the talks on Monday.") == ""


def test_a_question_whose_every_word_is_in_the_passages_is_related():
    hit = _hit("a", "2023-01-01", "Deputy Foreign Minister Sergei Lavrenko said the talks must go on.", 0.05)
    hit = Hit(hit.passage, 0.05, scores={"dense": 0.05})
    assert assess("who is sergei lavrenko", [hit], 0.15).answerable


def test_a_cause_inside_a_concession_is_not_the_cause():
    from rag.extractive.why import names_a_cause

    query = Query.of("Why did the union strike?", [], 1)
    cands = candidates([_passage(1, "2023-01-01",
                                 "The union kept striking despite signs of calm after the company raised its offer. "
                                 "The union went on strike after the company cut wages by ten percent.")])
    despite, because = cands
    assert names_a_cause(query, because) > names_a_cause(query, despite)


def test_which_militia_leader_wants_the_leader_not_the_militia():
    from rag.extractive.lead import named_answer

    sentence = "Two people were killed, including Omar Farid, the leader of the Dawn Brigades militia, police said."
    query = Query.of("Which militia leader was killed in the strike?", candidates([_passage(1, "2023-01-01", sentence)]), 1)
    assert named_answer(query, sentence) == "Omar Farid"


@pytest.mark.parametrize("question, sentence, role", [
    ("Who is the Pentagon press secretary?",  # a role: whoever holds it is the answer
     '"We remain focused on the mission," the Pentagon Press Secretary, Major General Pat Lane, said.',
     "Pentagon Press Secretary, Major General Pat Lane"),
    ("Who is the prime minister of Malta?",  # "is": the former one does not hold it
     "Former Prime Minister Karl Borg said that Prime Minister Anna Vella would attend the summit.",
     "Prime Minister Anna Vella"),
    ("Who is Karl Borg?",  # ... but a former role still describes a person
     "Former Prime Minister Karl Borg said that Prime Minister Anna Vella would attend the summit.",
     "Former Prime Minister Karl Borg"),
])
def test_who_holds_a_role_now_is_named(question, sentence, role):
    assert _described(question, sentence) == role


@pytest.mark.parametrize("question, sentence, name", [
    ("Who was the US president when the general was killed?",  # "US" narrows the role; it is no part of the name
     "The general was killed in a drone strike authorized by former US President Tom Baker in 2019.",
     "US President Tom Baker"),
    ("Who is the Iranian commander that was killed?",  # "Quds Force" is no other country
     "Tensions rose after the killing of Quds Force commander Ali Karimi earlier this month.", "Ali Karimi"),
])
def test_a_role_narrowed_by_a_country_is_named(question, sentence, name):
    from rag.extractive.lead import named_answer

    query = Query.of(question, candidates([_passage(1, "2023-01-01", sentence)]), 1)
    assert named_answer(query, sentence) == name


def test_a_span_of_time_is_no_cause_and_an_invitation_is_one():
    from rag.extractive.why import gives_grounds

    query = Query.of("Why are foreign troops in the country?", [], 1)
    dated, invited = candidates([_passage(1, "2023-01-01",
                                          "About 900 soldiers are still deployed after a decade of operations there. "
                                          "The troops are in the country at the invitation of its government, "
                                          "the ministry said.")])
    assert not gives_grounds(query, dated) and gives_grounds(query, invited)


def test_what_someone_leads_is_a_group_whatever_its_name(answerer):
    """"Harakat Saraya al-Fajr" has no word such as "brigades" in it; being what Omar Farid leads makes it a group."""
    passages = [_passage(1, "2023-01-01", "Two people were killed in the strike, including Omar Farid, the leader of "
                                          "Harakat Saraya al-Fajr, police said.")]
    assert "Harakat Saraya al-Fajr" in answerer.answer("Which militia did Omar Farid lead?", passages)


def test_who_said_a_quote_that_only_says_she_said_names_her(answerer):
    passages = [_passage(1, "2023-01-01", '"We will not raise taxes," Finance Minister Sara Lind said on Monday. '
                                          '"The budget will be balanced by the end of next year," she said.')]
    assert "Sara Lind" in answerer.answer("Who said the budget will be balanced by the end of next year?", passages)


def test_who_is_reads_the_role_in_a_quote_that_began_a_sentence_earlier(answerer):
    passages = [_passage(1, "2023-01-01", '"Right now, we have no plans. We remain focused on the mission," the '
                                          'Defence Ministry Spokesman, Colonel Omar Nasser, said.')]
    answer = answerer.answer("Who is Omar Nasser?", passages)
    assert "Spokesman, Colonel Omar Nasser" in answer and "Right now" in answer, answer


def test_who_was_killed_with_x_finds_the_name_written_beside_x(answerer):
    """Another report, which spells X another way, names the companion: "X and Y"; "killed with X" is no role."""
    passages = [
        _passage(1, "2020-01-05", "General Hassan Mahmoudi, a revered commander, was killed in a drone strike near "
                                  "the airport on January 3, officials said. The killing of Hassan Mahmoudi "
                                  "shocked the region. Mahmoudi was planning attacks, Washington claimed after "
                                  "he was killed.", "a.txt"),
        _passage(2, "2020-01-06", "Crowds gathered in the capital to denounce the assassination of General Hassan "
                                  "Mahmudi and Omar Haddad, his deputy, earlier this month.", "b.txt"),
    ]
    query = Query.of("Who was killed with Hassan Mahmoudi?", candidates(passages), 2)
    assert not query.head
    assert "Omar Haddad" in answerer.answer("Who was killed with Hassan Mahmoudi?", passages)


@pytest.mark.parametrize("question, answerable", [
    ("Why do Kurds oppose the withdrawal?", True),  # the passage writes "Kurdish"
    ("Why did the Basque parties oppose it?", True),  # ... and "Basques"
    ("Why do the Welsh oppose the withdrawal?", False),  # a people the passage never names
    ("Why did the Kurdish PM oppose the withdrawal?", True),  # the passage writes "Prime Minister"
    ("Why did the UN oppose the withdrawal?", False),  # ... and never "United Nations"
])
def test_a_name_is_found_in_its_other_forms(question, answerable):
    hit = _hit("a", "2023-01-01", "The Kurdish parties and the Basques opposed the withdrawal of the foreign troops, "
                                  "which had trained their security forces, the regional Prime Minister said.", 0.5)
    assert assess(question, [hit], 0.15).answerable is answerable


def test_a_question_about_a_day_gets_what_happened_that_day(answerer):
    """"What happened on March 7, 2022?" asked of a report dated Tuesday, March 8 that says "on Monday": that
    sentence, not the report's lede, is its part of the overview; a month named as a period ("in march 2022") is
    a period, not a topic."""
    passages = [_passage(1, "2022-03-08", "The cabinet met in the capital to discuss fuel prices and next year's "
                                          "budget with the central bank governor. The finance minister resigned."),
                _passage(2, "2022-03-08", "Dock workers' unions have grown stronger in the last decade across the "
                                          "country's ports and rail yards. Dock workers began a national strike on "
                                          "Monday over unpaid wages, closing three ports.")]
    hit = _hit("b", "2022-03-08", passages[1].text, 0.5)
    assert assess("What happened on March 7, 2022?", [hit], 0.15).answerable  # no passage prints "7": a day
    answer = answerer.answer("What happened on March 7, 2022?", passages)
    assert "began a national strike on Monday" in answer and "unions have grown" not in answer, answer
    assert answerer.answer("what happened in march 2022?", passages) != REFUSAL


@pytest.mark.parametrize("question, answerable", [
    ("Why did Omar Haddad resign as governor?", True),  # the passage names him by surname only
    ("Why did Omar Bakri resign as governor?", False),  # a surname no passage has
    ("Why did South Sudan protest?", False),  # "South" is no given name: the passage is about North Sudan
    ("Why did the Regional Government protest?", False),  # a common last word: any "government" is no surname
])
def test_a_person_named_in_full_is_found_by_surname(question, answerable):
    hit = _hit("a", "2023-01-01", "Haddad resigned as governor in December under pressure from weeks of protests "
                                  "against the government in the province. North Sudan protested.", 0.5)
    assert assess(question, [hit], 0.15).answerable is answerable


def test_another_reports_number_of_something_else_does_not_pad_a_how_many_answer(answerer):
    """"How many people were killed by the UK strikes on the rebel camps?": another report's sentence on the same
    strikes that counts years, not people, is padding, though it writes "UK" where the answer says "British"."""
    passages = [PromptPassage(1, "Report", "2019-05-02", "a.txt", "The British air force responded with strikes on "
                              "rebel camps in the north, killing at least 30 people, officials said."),
                PromptPassage(2, "Report", "2022-03-08", "b.txt", "Nearly three years after UK air strikes on rebel "
                              "camps killed a senior rebel commander, the army launched a new offensive.")]
    answer = answerer.answer("How many people were killed by the UK air strikes on the rebel camps?", passages)
    assert "at least 30 people" in answer and "[2]" not in answer, answer


def test_which_city_of_a_country_is_not_a_city_placed_elsewhere():
    """"In which Italian city did the blasts happen?": a city the sentence places in another country ("in Lyon,
    France") does not answer, nor does the country that owns a city ("France's port city of Marseille"); a
    people's adjective and its country match even when spelled apart ("French" / "France")."""
    passages = [_passage(1, "2022-03-08", "On the anniversary of his death, two blasts hit a memorial in Italy, "
                                          "killing 12 people. The general had been killed in a car bomb in Lyon, "
                                          "France, in 2018. Riots broke out in France's port city of Marseille.")]
    cands = candidates(passages)
    italian = Query.of("In which Italian city did the two blasts at the memorial happen?", cands, 1)
    assert not any(names_an_answer(italian, c.text) for c in cands)
    french = Query.of("In which French city did riots break out?", cands, 1)
    assert named_answer(french, cands[2].text, background=True) == "Marseille"
    assert names_an_answer(french, cands[1].text)  # Lyon, France
